/* From head.S to the core: the boot CPU's per-CPU state, the kernel map beyond the boot
 * tables, EL2 configuration for host ECs, then nova_init(). */
#include "arch.h"
#include "cpu.h"
#include "gic.h"
#include "init.h"
#include "mmu.h"
#include "platform.h"
#include "psci.h"
#include "smp.h"
#include "sysreg.h"
#include "timer.h"

extern char exception_vectors[], boot_stack_top[];
extern char __kernel_start[], __kernel_end[], __payload_start[], __payload_end[];
extern char __mbuf_start[], __mbuf_end[], __pool_start[], __pool_end[];

/* The interrupts each CPU takes for itself: its scheduling timer, and the
 * virtual timer and GIC maintenance interrupts of the vCPU it runs. */
void cpu_enable_ppis(void)
{
    gic_enable_irq(timer_intid());
    gic_enable_irq(GIC_PPI_VTIMER);
    gic_enable_irq(GIC_PPI_MAINTENANCE);
}

void kernel_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t load_pa, uint64_t entry_el) __boot;

/* PARange capped at 48 bits, as head.S does for the kernel's own tables. */
static unsigned pa_range(void)
{
    unsigned range = sysreg_read(id_aa64mmfr0_el1) & 0xf;
    return range < PARANGE_48 ? range : PARANGE_48;
}

static unsigned pa_bits(void)
{
    static const uint8_t bits[] = {32, 36, 40, 42, 44, 48};
    return bits[pa_range()];
}

/* Stage-2 control for host spaces: 39-bit input, start at level 1,
 * inner-shareable write-back walks, 4 KiB granule, PS = the CPU's PA size.
 * Every CPU, before it runs an EC. */
void el2_init_cpu(void)
{
    uint64_t ps = pa_range();
    uint64_t vtcr = (64 - 39) | 1u << 6 | 1u << 8 | 1u << 10 | 3u << 12 | ps << 16 | 1u << 31;
    sysreg_write(vtcr_el2, vtcr);
    /* Debug and PMU registers are not switched between vCPUs and host ECs:
     * a guest's accesses trap (event 0x18) so that no breakpoint, watchpoint
     * or counter it sets reaches anyone else. HPMN keeps every counter. */
    uint64_t hpmn = (sysreg_read(pmcr_el0) >> 11) & 0x1f;
    sysreg_write(mdcr_el2, hpmn | MDCR_EL2_TPMCR | MDCR_EL2_TPM | MDCR_EL2_TDOSA | MDCR_EL2_TDA |
                               MDCR_EL2_TDRA);
    /* EL0 FP/SIMD is governed by CPACR_EL1 even with TGE set. Host ECs
     * may use it; per-EC FP state switching comes with multiple ECs. */
    sysreg_write(cpacr_el1, CPACR_FPEN);
    isb();
    __asm__ volatile("tlbi alle1\n dsb sy\n isb" ::: "memory");
}

void kernel_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t load_pa, uint64_t entry_el)
{
    unsigned el = entry_el == 3 ? 3 : (unsigned)(sysreg_read(CurrentEL) >> 2);
    if (el == 1) {
        sysreg_write(vbar_el1, exception_vectors);
    } else {
        sysreg_write(vbar_el2, exception_vectors);
        smp_init_boot_cpu((uintptr_t)boot_stack_top);
        el2_init_cpu();
    }
    isb();
    mmu_init(pa_init(load_pa));

    paddr_t base = pa_init(load_pa);
    struct boot_info boot = {
        .reg = {x0, x1, x2},
        .entry_el = el,
        .image_start = base,
        .image_end = pa_add(base, (uint64_t)(__kernel_end - __kernel_start)),
        .payload_start = pa_add(base, (uint64_t)(__payload_start - __kernel_start)),
        .mbuf_end = pa_add(base, (uint64_t)(__mbuf_end - __kernel_start)),
        .payload = (uintptr_t)__payload_end > (uintptr_t)__payload_start ? __payload_start : NULL,
        .mbuf = __mbuf_start,
        .mbuf_size = (uint64_t)(__mbuf_end - __mbuf_start),
        .pool = __pool_start,
        .pool_size = (uint64_t)(__pool_end - __pool_start),
        .pa_bits = pa_bits(),
    };
    nova_init(&boot);
}

void arch_platform_init(const struct platform *p)
{
    gic_init(p);
    timer_init(p);
    cpu_enable_ppis();
    psci_init(p->psci);
    smp_boot(p);
}

uint64_t arch_stc_now(void) { return timer_now(); }

void arch_timer_program(uint64_t deadline)
{
    if (deadline)
        timer_set_deadline(deadline);
    else
        timer_cancel();
}

unsigned arch_int_pin_count(void) { return gic_num_spis(); }

void arch_int_config(unsigned pin, unsigned cpu, bool level)
{
    gic_config_spi(GIC_SPI_BASE + pin, cpu, level);
}

bool arch_int_guest_capable(void) { return gic_guest_capable(); }

void arch_int_mask(unsigned pin, bool masked)
{
    if (masked)
        gic_disable_irq(GIC_SPI_BASE + pin);
    else
        gic_enable_irq(GIC_SPI_BASE + pin);
}
uint64_t arch_stc_frequency(void) { return timer_frequency(); }
void arch_power_off(void) { psci_system_off(); }
void arch_reset(void) { psci_system_reset(); }

void arch_halt(void)
{
    __asm__ volatile("msr daifset, #0xf" ::: "memory");
    for (;;)
        __asm__ volatile("wfi");
}
