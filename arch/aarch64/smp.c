/* Secondary CPU start through PSCI CPU_ON, logical CPU ids, and the boot
 * IPI self-check (see smp.h for numbering and memory).
 *
 * Start protocol, per CPU, one at a time: the boot CPU fills the CPU's
 * block, sets its state to STARTING and calls CPU_ON with the block's
 * address as context. The new CPU (head.S secondary_entry, then
 * smp_secondary_main) sets up EL2, its GIC interface and timer, then moves
 * STARTING -> ONLINE. If that does not happen within CPU_START_TIMEOUT_MS
 * the boot CPU moves STARTING -> ABANDONED instead; the compare-and-swap
 * decides who wins, and a CPU that arrives abandoned parks itself. */
#include "arch.h"
#include "console.h"
#include "gic.h"
#include "psci.h"
#include "sched.h"
#include "smp.h"
#include "sysreg.h"
#include "timer.h"

#define CPU_STACK_SIZE 16384
#define CPU_START_TIMEOUT_MS 1000
#define IPI_TIMEOUT_MS 1000
#define MPIDR_AFF_MASK 0xff00ffffffULL
/* Idle at EL2: physical IRQ, FIQ and SError are taken to EL2. */
#define HCR_IDLE (HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO)

enum smp_cpu_state { CPU_OFF, CPU_STARTING, CPU_ONLINE, CPU_ABANDONED };

extern char exception_vectors[], secondary_entry[];

void smp_secondary_main(struct percpu *pc) __attribute__((noreturn));

/* Boot CPU block; the others by /cpus slot. */
static struct percpu percpu_boot;
static struct percpu percpu_slot[PLATFORM_MAX_CPUS];
/* Not zeroed at boot (kernel.ld .noinit): a stack is written before read. */
static uint8_t cpu_stack[PLATFORM_MAX_CPUS][CPU_STACK_SIZE]
    __attribute__((aligned(16), section(".bss.noinit.cpu_stack")));

/* Logical id -> block. Written by the boot CPU during smp_boot(), before
 * the HIP exists; immutable afterwards. */
static struct percpu *cpu_block[PLATFORM_MAX_CPUS];
static unsigned cpus_online = 1, cpu_bsp;

unsigned arch_cpu_online_count(void) { return cpus_online; }
unsigned arch_cpu_bsp(void) { return cpu_bsp; }

void arch_cpu_set_local(void *local) { percpu_this()->local = local; }

struct percpu *percpu_of(unsigned cpu) { return cpu_block[cpu]; }

void smp_init_boot_cpu(uint64_t kernel_stack_top)
{
    percpu_boot.kernel_stack_top = kernel_stack_top;
    percpu_boot.state = CPU_ONLINE;
    percpu_boot.mpidr = sysreg_read(mpidr_el1) & MPIDR_AFF_MASK;
    cpu_block[0] = &percpu_boot;
    sysreg_write(tpidr_el2, &percpu_boot);
}

void smp_sgi_received(unsigned sgi)
{
    if (sgi == SGI_PING)
        __atomic_fetch_add(&percpu_this()->ipi_count, 1, __ATOMIC_RELEASE);
}

static uint64_t deadline_ms(unsigned ms) { return timer_now() + timer_frequency() * ms / 1000; }

static void __attribute__((noreturn)) park(void)
{
    __asm__ volatile("msr daifset, #0xf" ::: "memory");
    for (;;)
        __asm__ volatile("wfe");
}

/* Until the boot CPU starts the scheduler, answer IPIs (the boot
 * self-check) with interrupts open; then schedule with them masked, as the
 * idle loop of sched_resume() expects. */
static void __attribute__((noreturn)) enter_scheduler(void)
{
    __asm__ volatile("msr daifclr, #0x2" ::: "memory");
    while (!sched_is_started())
        __asm__ volatile("wfi" ::: "memory");
    __asm__ volatile("msr daifset, #0x2" ::: "memory");
    sched_start_secondary();
}

void arch_cpu_kick(unsigned cpu) { gic_send_sgi(cpu, SGI_RESCHED); }

void arch_cpu_kick_all(void)
{
    for (unsigned cpu = 0; cpu < cpus_online; cpu++)
        if (cpu != arch_cpu_id())
            arch_cpu_kick(cpu);
}

/* A secondary CPU, MMU on, on its own stack, TPIDR_EL2 = pc. */
void smp_secondary_main(struct percpu *pc)
{
    sysreg_write(vbar_el2, exception_vectors);
    sysreg_write(hcr_el2, HCR_IDLE);
    isb();
    el2_init_cpu();
    gic_init_cpu();
    timer_init_cpu();
    pc->gic_route = gic_cpu_route();

    uint32_t expected = CPU_STARTING;
    if (!__atomic_compare_exchange_n(&pc->state, &expected, CPU_ONLINE, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        park();
    cpu_enable_ppis();
    enter_scheduler();
}

/* Start the CPU in /cpus slot; true once it is online. */
static bool cpu_start(const struct platform *p, unsigned slot)
{
    struct percpu *pc = &percpu_slot[slot];

    pc->kernel_stack_top = (uintptr_t)(cpu_stack[slot] + CPU_STACK_SIZE);
    pc->mpidr = p->cpu_mpidr[slot] & MPIDR_AFF_MASK;
    __atomic_store_n(&pc->state, CPU_STARTING, __ATOMIC_RELEASE);
    dsb_sy();

    paddr_t entry = arch_virt_to_phys(secondary_entry);
    int err = psci_cpu_on(pc->mpidr, pa_addr(entry), (uintptr_t)pc);
    if (err != PSCI_SUCCESS) {
        kprintf("NOVA: warning: CPU slot %u (MPIDR 0x%lx) not started: PSCI CPU_ON error %d\n",
                slot, (unsigned long)pc->mpidr, err);
        __atomic_store_n(&pc->state, CPU_OFF, __ATOMIC_RELAXED);
        return false;
    }
    uint64_t deadline = deadline_ms(CPU_START_TIMEOUT_MS);
    while (__atomic_load_n(&pc->state, __ATOMIC_ACQUIRE) == CPU_STARTING && timer_now() < deadline)
        ;
    uint32_t expected = CPU_STARTING;
    if (__atomic_compare_exchange_n(&pc->state, &expected, CPU_ABANDONED, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        kprintf("NOVA: warning: CPU slot %u (MPIDR 0x%lx) did not come up within %u ms\n", slot,
                (unsigned long)pc->mpidr, CPU_START_TIMEOUT_MS);
        return false;
    }
    return expected == CPU_ONLINE;
}

static void cpu_add(struct percpu *pc)
{
    pc->cpu = cpus_online;
    cpu_block[cpus_online++] = pc;
    gic_set_route(pc->cpu, pc->gic_route);
    kprintf("NOVA: CPU %u online (MPIDR 0x%lx)\n", pc->cpu, (unsigned long)pc->mpidr);
}

static unsigned find_boot_slot(const struct platform *p)
{
    for (unsigned i = 0; i < p->cpu_count; i++)
        if ((p->cpu_mpidr[i] & MPIDR_AFF_MASK) == percpu_boot.mpidr)
            return i;
    return p->cpu_count;
}

/* Ping every other CPU once and wait for its count to move. */
static bool ipis_work(void)
{
    bool ok = true;

    for (unsigned cpu = 0; cpu < cpus_online; cpu++) {
        if (cpu == cpu_bsp)
            continue;
        struct percpu *pc = cpu_block[cpu];
        uint32_t before = __atomic_load_n(&pc->ipi_count, __ATOMIC_ACQUIRE);
        gic_send_sgi(cpu, SGI_PING);
        uint64_t deadline = deadline_ms(IPI_TIMEOUT_MS);
        while (__atomic_load_n(&pc->ipi_count, __ATOMIC_ACQUIRE) == before &&
               timer_now() < deadline)
            ;
        if (__atomic_load_n(&pc->ipi_count, __ATOMIC_ACQUIRE) == before) {
            kprintf("NOVA: warning: CPU %u took no IPI within %u ms\n", cpu, IPI_TIMEOUT_MS);
            ok = false;
        }
    }
    return ok;
}

void smp_boot(const struct platform *p)
{
    percpu_boot.gic_route = gic_cpu_route();
    cpus_online = 0;
    unsigned boot_slot = find_boot_slot(p);
    if (boot_slot == p->cpu_count) {
        kprintf("NOVA: warning: boot CPU (MPIDR 0x%lx) not in /cpus; starting no other CPU\n",
                (unsigned long)percpu_boot.mpidr);
        cpu_add(&percpu_boot);
        return;
    }
    for (unsigned slot = 0; slot < p->cpu_count; slot++) {
        if (slot == boot_slot) {
            cpu_bsp = cpus_online;
            cpu_add(&percpu_boot);
        } else if (cpu_start(p, slot)) {
            cpu_add(&percpu_slot[slot]);
        }
    }
    if (cpus_online == 1) {
        kprintf("NOVA: 1 CPU online\n");
        return;
    }
    if (ipis_work())
        kprintf("NOVA: %u CPUs online, IPIs ok\n", cpus_online);
    else
        kprintf("NOVA: warning: %u CPUs online, IPIs FAILED\n", cpus_online);
}
