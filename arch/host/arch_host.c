/* Host implementation of the arch interface for the unit tests: fake
 * physical memory, host spaces as a three-level table of kmem pages (like
 * arch/aarch64/space_hst_arch.c, so kmem exhaustion reaches the same
 * paths), recorders for power calls and a recoverable halt. Single-threaded. */
#include <nova/utcb.h>
#include "sched.h"
#include <nova/caps.h>
#include <stdlib.h>
#include <string.h>
#include "arch_host.h"
#include "ec.h"
#include "kmem.h"
#include "space_hst.h"

unsigned arch_host_power_off_calls;
unsigned arch_host_reset_calls;
unsigned arch_host_halt_calls;
jmp_buf *arch_host_halt_jmp;

static char *ram;

void *arch_host_ram(void)
{
    if (!ram) {
        ram = aligned_alloc(PAGE_SIZE, ARCH_HOST_RAM_SIZE);
        if (!ram)
            abort();
        memset(ram, 0, ARCH_HOST_RAM_SIZE);
    }
    return ram;
}

/* Pools come from the upper half of the fake RAM, each after the previous
 * one, wrapping around: pages of the pool before stay untouched, so a test
 * can shrink kmem while its objects live on. */
void arch_host_kmem_reset(uint64_t pages)
{
    static uint64_t next; /* page offset in the upper half */
    const uint64_t half = ARCH_HOST_RAM_SIZE / PAGE_SIZE / 2;
    char *upper = (char *)arch_host_ram() + half * PAGE_SIZE;
    if (pages > half / 2)
        abort();
    while (kmem_alloc_page())
        ;
    if (next + pages > half)
        next = 0;
    kmem_init(upper + next * PAGE_SIZE, pages * PAGE_SIZE);
    next += pages;
}

void arch_halt(void)
{
    arch_host_halt_calls++;
    if (arch_host_halt_jmp)
        longjmp(*arch_host_halt_jmp, 1);
    abort();
}

void arch_power_off(void) { arch_host_power_off_calls++; }
void arch_reset(void) { arch_host_reset_calls++; }
uint64_t arch_stc_frequency(void) { return ARCH_HOST_STC_FREQ; }
void arch_platform_init(const struct platform *p) { (void)p; }
unsigned arch_int_pin_count(void) { return ARCH_HOST_INT_PINS; }

struct arch_host_int arch_host_int[ARCH_HOST_INT_PINS];

void arch_int_config(unsigned pin, unsigned cpu, bool level)
{
    arch_host_int[pin].configured = true;
    arch_host_int[pin].cpu = cpu;
    arch_host_int[pin].level = level;
}

void arch_int_mask(unsigned pin, bool masked) { arch_host_int[pin].masked = masked; }
bool arch_host_int_guest = true;
bool arch_int_guest_capable(void) { return arch_host_int_guest; }
unsigned arch_cpu_online_count(void) { return 1; }
unsigned arch_cpu_bsp(void) { return 0; }

static bool in_ram_pa(uint64_t pa)
{
    return pa >= ARCH_HOST_RAM_BASE && pa - ARCH_HOST_RAM_BASE < ARCH_HOST_RAM_SIZE;
}

void *arch_phys_to_virt(paddr_t pa)
{
    if (in_ram_pa(pa_addr(pa)))
        return (char *)arch_host_ram() + (pa_addr(pa) - ARCH_HOST_RAM_BASE);
    return (void *)(uintptr_t)pa_addr(pa);
}

paddr_t arch_virt_to_phys(const void *va)
{
    uintptr_t v = (uintptr_t)va, r = (uintptr_t)arch_host_ram();
    if (v >= r && v - r < ARCH_HOST_RAM_SIZE)
        return pa_init(ARCH_HOST_RAM_BASE + (v - r));
    return pa_init(v);
}

status_t arch_map_linear(paddr_t base, uint64_t size)
{
    (void)base;
    (void)size;
    return STATUS_SUCCESS;
}

void *arch_map_device(paddr_t base, uint64_t size)
{
    (void)size;
    return arch_phys_to_virt(base);
}

/* Leaf entry: pa | mad << 6 | perm << 2 | KERNEL | VALID */
#define E_VALID 0x1ull
#define E_KERNEL 0x2ull
#define E_PERM_SHIFT 2
#define E_MAD_SHIFT 6
#define E_ADDR_MASK (~0xfffull)

bool arch_mad_is_valid(uint32_t mad)
{
    return ((mad >> MAD_CA_SHIFT) & MAD_CA_MASK) != 0x4 &&
           ((mad >> MAD_SH_SHIFT) & MAD_SH_MASK) != 0x1;
}

static uint16_t next_vmid = 1;

status_t arch_hst_create(struct space_hst *space)
{
    uint64_t *root = kmem_alloc_page();
    if (!root)
        return STATUS_MEM_OBJ;
    space->arch.root_pa = pa_addr(arch_virt_to_phys(root));
    space->arch.vmid = next_vmid++;
    return STATUS_SUCCESS;
}

static uint64_t *leaf_entry(const struct space_hst *space, uint64_t vpn, bool create)
{
    uint64_t *table = arch_phys_to_virt(pa_init(space->arch.root_pa));
    for (unsigned shift = 18; shift; shift -= 9) {
        uint64_t *e = &table[(vpn >> shift) & 511];
        if (!*e) {
            if (!create)
                return NULL;
            uint64_t *next = kmem_alloc_page();
            if (!next)
                return NULL;
            *e = pa_addr(arch_virt_to_phys(next));
        }
        table = arch_phys_to_virt(pa_init(*e));
    }
    return &table[vpn & 511];
}

status_t arch_hst_update(struct space_hst *space, uint64_t vpn, struct mem_cap cap,
                         bool delegatable)
{
    if (vpn >= NOVA_HVA_END >> PAGE_BITS)
        abort(); /* the core checks selector ranges before it gets here */
    uint64_t *e = leaf_entry(space, vpn, cap.perm != 0);
    if (!e)
        return cap.perm ? STATUS_MEM_CAP : STATUS_SUCCESS;
    if (!delegatable && (*e & E_KERNEL))
        return STATUS_BAD_PAR;
    if (delegatable && (*e & E_KERNEL))
        return STATUS_SUCCESS;
    uint64_t new = 0;
    if (cap.perm)
        new = (pa_addr(cap.pa) & E_ADDR_MASK) | (uint64_t)(cap.mad & 0x1f) << E_MAD_SHIFT |
              (uint64_t)(cap.perm & PERM_MEM_ALL) << E_PERM_SHIFT | E_VALID |
              (delegatable ? 0 : E_KERNEL);
    *e = new;
    return STATUS_SUCCESS;
}

struct mem_cap arch_hst_lookup(const struct space_hst *space, uint64_t vpn)
{
    bool kernel;
    struct mem_cap cap = arch_host_hst_peek(space, vpn, &kernel);
    return kernel ? (struct mem_cap){pa_init(0), 0, 0} : cap;
}

void arch_ec_init_user(struct ec *ec, uint64_t ip, uint64_t sp)
{
    memset(&ec->regs, 0, sizeof(ec->regs));
    ec->regs.elr = ip;
    ec->regs.sp = sp;
}

/* The scheduler's decisions, for tests: which EC it entered last. */
struct ec *arch_host_entered;
uint64_t arch_host_stc;
uint64_t arch_host_timer_deadline;

void arch_ec_return_to_user(struct ec *ec)
{
    arch_host_entered = ec;
    sched_unlock();
    arch_halt();
}

unsigned arch_cpu_id(void) { return 0; }

static void *cpu_local;
void *arch_cpu_local(void) { return cpu_local; }
void arch_cpu_set_local(void *local) { cpu_local = local; }

void arch_copy_words(uint64_t *dst, const uint64_t *src, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        dst[i] = src[i];
}

void arch_ec_forget(struct ec *ec) { (void)ec; }

void arch_hst_destroy(struct space_hst *space)
{
    uint64_t *l1 = arch_phys_to_virt(pa_init(space->arch.root_pa));
    for (unsigned i = 0; i < 512; i++) {
        if (!l1[i])
            continue;
        uint64_t *l2 = arch_phys_to_virt(pa_init(l1[i]));
        for (unsigned j = 0; j < 512; j++)
            if (l2[j])
                kmem_free_page(arch_phys_to_virt(pa_init(l2[j])));
        kmem_free_page(l2);
    }
    kmem_free_page(l1);
}

void arch_hst_unmap_kernel(struct space_hst *space, uint64_t vpn)
{
    uint64_t *e = leaf_entry(space, vpn, false);
    if (e)
        *e = 0;
}

status_t arch_ec_init_fpu(struct ec *ec)
{
    ec->arch.fpu = kmem_alloc(528);
    return ec->arch.fpu ? STATUS_SUCCESS : STATUS_MEM_OBJ;
}

void arch_ec_free_fpu(struct ec *ec)
{
    if (ec->arch.fpu)
        kmem_free(ec->arch.fpu, 528);
}
/* A vCPU's state stands for the aarch64 one: a page-sized block. */
status_t arch_ec_init_guest(struct ec *ec)
{
    ec->arch.vcpu = kmem_alloc(512);
    return ec->arch.vcpu ? STATUS_SUCCESS : STATUS_MEM_OBJ;
}

void arch_ec_free_guest(struct ec *ec)
{
    if (ec->arch.vcpu)
        kmem_free(ec->arch.vcpu, 512);
}

uint64_t arch_utcb_sel_gst(const void *utcb) { return ((const struct utcb_arch *)utcb)->sel_gst; }

void arch_cpu_kick(unsigned cpu) { (void)cpu; }
void arch_cpu_kick_all(void) {}

void arch_ec_enter_portal(struct ec *ec, uint64_t ip, uint64_t pid, uint32_t mtd)
{
    ec->regs.x[0] = pid;
    ec->regs.x[1] = mtd;
    for (unsigned i = 2; i < 31; i++)
        ec->regs.x[i] = 0;
    ec->regs.elr = ip;
    ec->regs.spsr = 0;
}

uint64_t arch_stc_now(void) { return arch_host_stc; }

void arch_timer_program(uint64_t deadline) { arch_host_timer_deadline = deadline; }

/* Idle: time jumps to the programmed deadline (as with QEMU's -icount
 * sleep=off); with nothing programmed the CPU would sleep forever. */
void arch_wait_for_interrupt(void)
{
    if (!arch_host_timer_deadline)
        arch_halt();
    arch_host_stc = arch_host_timer_deadline;
}

void arch_handle_interrupts(void)
{
    if (arch_host_timer_deadline && arch_host_stc >= arch_host_timer_deadline) {
        arch_host_timer_deadline = 0;
        sched_timer_interrupt();
    }
}

/* The host EC column of spec 7.7.4, minus thread registers. */
void arch_ec_state_to_utcb(struct ec *ec, uint32_t mtd, void *utcb)
{
    struct utcb_arch *u = utcb;
    if (mtd & MTD_GPR)
        memcpy(u->x, ec->regs.x, sizeof(u->x));
    if (mtd & MTD_EL0_SP)
        u->sp_el0 = ec->regs.sp;
    if (mtd & MTD_EL2_ELR_SPSR) {
        u->elr_el2 = ec->regs.elr;
        u->spsr_el2 = ec->regs.spsr;
    }
    if (mtd & MTD_EL2_ESR_FAR) {
        u->esr_el2 = ec->arch.esr;
        u->far_el2 = ec->arch.far;
    }
}

void arch_ec_state_from_utcb(struct ec *ec, uint32_t mtd, const void *utcb)
{
    const struct utcb_arch *u = utcb;
    if (mtd & MTD_GPR)
        memcpy(ec->regs.x, u->x, sizeof(u->x));
    if (mtd & MTD_EL0_SP)
        ec->regs.sp = u->sp_el0;
    if (mtd & MTD_EL2_ELR_SPSR)
        ec->regs.elr = u->elr_el2;
}

struct mem_cap arch_host_hst_peek(const struct space_hst *space, uint64_t vpn, bool *kernel)
{
    struct mem_cap cap = {pa_init(0), 0, 0};
    const uint64_t *e = leaf_entry(space, vpn, false);
    *kernel = e && (*e & E_KERNEL);
    if (!e || !(*e & E_VALID))
        return cap;
    cap.pa = pa_init(*e & E_ADDR_MASK);
    cap.perm = (uint8_t)((*e >> E_PERM_SHIFT) & PERM_MEM_ALL);
    cap.mad = (uint8_t)((*e >> E_MAD_SHIFT) & 0x1f);
    return cap;
}
