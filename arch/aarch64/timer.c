/* Generic timer at EL2 (Arm ARM D11, registers in D17). Written for
 * HCR_EL2.E2H = 0, where CNTHCTL_EL2 bit 0 is EL1PCTEN and bit 1 EL1PCEN. */
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "timer.h"

#define CNTHCTL_EL1PCTEN (1u << 0)
#define CNTHP_CTL_ENABLE (1u << 0)

/* Set by timer_init() on the boot CPU; read-only afterwards. */
static uint64_t frequency;
static unsigned hyp_ppi;

void timer_init_cpu(void)
{
    sysreg_write(cnthp_ctl_el2, 0);
    sysreg_write(cnthctl_el2, CNTHCTL_EL1PCTEN);
    sysreg_write(cntvoff_el2, 0);
    isb();
}

/* The tree's clock-frequency wins: it exists to correct firmware that
 * left CNTFRQ_EL0 wrong, which only EL3 could fix. */
void timer_init(const struct platform *p)
{
    uint64_t cntfrq = sysreg_read(cntfrq_el0) & 0xffffffff;

    frequency = p->timer.freq_hz ? p->timer.freq_hz : cntfrq;
    if (!frequency) {
        kprintf("timer: warning: frequency unknown, assuming %u Hz\n", TIMER_FALLBACK_HZ);
        frequency = TIMER_FALLBACK_HZ;
    }
    hyp_ppi = p->timer.ppi_hyp_phys;
    timer_init_cpu();
}

uint64_t timer_frequency(void) { return frequency; }

uint64_t timer_now(void)
{
    isb();
    return sysreg_read(cntpct_el0);
}

unsigned timer_intid(void) { return GIC_PPI(hyp_ppi); }

void timer_set_deadline(uint64_t deadline)
{
    sysreg_write(cnthp_cval_el2, deadline);
    sysreg_write(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
    isb();
}

void timer_cancel(void)
{
    sysreg_write(cnthp_ctl_el2, 0);
    isb();
}
