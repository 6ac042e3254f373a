/* Guest ECs (vCPUs) on aarch64: the guest runs at EL1 in the EL1&0 regime
 * with HCR_EL2.TGE clear, its guest space as stage 2.
 *
 * Two kinds of state, switched differently (docs/abi-choices.md):
 * - mode registers that host ECs need too (HCR_EL2, CPACR_EL1, CNTKCTL_EL1,
 *   CNTVOFF_EL2): written whenever a vCPU enters guest mode after anything
 *   else ran, saved when it leaves (ec_cpu.mode_vcpu says whose they are);
 * - EL1 system registers, the virtual timer and the GIC virtual interface:
 *   nothing at EL0 uses them, so they stay in the registers until another
 *   vCPU on this CPU needs them (ec_cpu.el1_owner). A VMM handling an exit
 *   runs in between without moving them.
 * Everything here runs under the kernel lock on the vCPU's own CPU: a vCPU
 * is bound to its CPU and so are its event handlers (spec 7.6). */
#include <nova/utcb.h>
#include "arch.h"
#include "ec.h"
#include "ec_arch.h"
#include "gic.h"
#include "kmem.h"
#include "pd.h"
#include "sm.h"
#include "smp.h"
#include "space_gst.h"
#include "sysreg.h"

#define this_cpu (&percpu_this()->ec)

/* HCR_EL2 of a vCPU: fixed bits (stage 2, physical interrupts to EL2, SMC
 * trapped, AArch64 EL1, broadcast maintenance) and the traps a VMM may
 * choose through MTD EL2_HCR; all other bits stay clear. */
#define HCR_GUEST_FIXED                                                                            \
    (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_INNER | HCR_TSC | HCR_RW)
#define HCR_GUEST_TRAPS                                                                            \
    (HCR_TWI | HCR_TWE | (0xfull << 15) | HCR_TIDCP | HCR_TACR | HCR_TSW | (7ull << 23) |          \
     HCR_TVM | HCR_TDZ | HCR_TRVM)
#define HCR_GUEST_DEFAULT (HCR_GUEST_FIXED | HCR_TWI | HCR_TWE | HCR_TIDCP | HCR_TACR | HCR_TSW)
#define SCTLR_EL1_RESET 0x30d00800ull /* RES1 bits, MMU and caches off */
#define PSR_GUEST_RESET (PSR_MODE_EL1H | PSR_DAIF)
#define CNTV_CTL_IMASK 0x2ull
#define ICH_LR_STATE(lr) ((lr) >> 62)
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_EOI (1ull << 41)
#define ICH_LR_PINTID_MASK (0x1fffull << 32) /* with HW */
#define ICH_LR_PINTID(lr) (((lr)&ICH_LR_PINTID_MASK) >> 32)

status_t arch_ec_init_guest(struct ec *ec)
{
    struct vcpu_regs *v = kmem_alloc(sizeof(*v));
    if (!v)
        return STATUS_MEM_OBJ;
    *v = (struct vcpu_regs){
        .sctlr_el1 = SCTLR_EL1_RESET,
        .hcr = HCR_GUEST_DEFAULT,
        .vpidr = sysreg_read(midr_el1),
        .vmpidr = 1ull << 31,
        .gic.hcr = ICH_HCR_EN,
        .gic.elrsr = (uint32_t)((1ull << gic_virt_lrs()) - 1), /* tells the VMM how many */
    };
    ec->arch.vcpu = v;
    ec->regs.spsr = PSR_GUEST_RESET;
    return STATUS_SUCCESS;
}

void arch_ec_free_guest(struct ec *ec)
{
    if (ec->arch.vcpu)
        kmem_free(ec->arch.vcpu, sizeof(struct vcpu_regs));
}

static void el1_save(struct vcpu_regs *v)
{
    v->sp_el1 = sysreg_read(sp_el1);
    v->elr_el1 = sysreg_read(elr_el1);
    v->spsr_el1 = sysreg_read(spsr_el1);
    v->esr_el1 = sysreg_read(esr_el1);
    v->far_el1 = sysreg_read(far_el1);
    v->afsr0_el1 = sysreg_read(afsr0_el1);
    v->afsr1_el1 = sysreg_read(afsr1_el1);
    v->ttbr0_el1 = sysreg_read(ttbr0_el1);
    v->ttbr1_el1 = sysreg_read(ttbr1_el1);
    v->tcr_el1 = sysreg_read(tcr_el1);
    v->mair_el1 = sysreg_read(mair_el1);
    v->amair_el1 = sysreg_read(amair_el1);
    v->vbar_el1 = sysreg_read(vbar_el1);
    v->sctlr_el1 = sysreg_read(sctlr_el1);
    v->mdscr_el1 = sysreg_read(mdscr_el1);
    v->tpidr_el1 = sysreg_read(tpidr_el1);
    v->contextidr_el1 = sysreg_read(contextidr_el1);
    v->par_el1 = sysreg_read(par_el1);
    v->csselr_el1 = sysreg_read(csselr_el1);
}

static void el1_load(const struct vcpu_regs *v)
{
    sysreg_write(sp_el1, v->sp_el1);
    sysreg_write(elr_el1, v->elr_el1);
    sysreg_write(spsr_el1, v->spsr_el1);
    sysreg_write(esr_el1, v->esr_el1);
    sysreg_write(far_el1, v->far_el1);
    sysreg_write(afsr0_el1, v->afsr0_el1);
    sysreg_write(afsr1_el1, v->afsr1_el1);
    sysreg_write(ttbr0_el1, v->ttbr0_el1);
    sysreg_write(ttbr1_el1, v->ttbr1_el1);
    sysreg_write(tcr_el1, v->tcr_el1);
    sysreg_write(mair_el1, v->mair_el1);
    sysreg_write(amair_el1, v->amair_el1);
    sysreg_write(vbar_el1, v->vbar_el1);
    sysreg_write(sctlr_el1, v->sctlr_el1);
    sysreg_write(mdscr_el1, v->mdscr_el1);
    sysreg_write(tpidr_el1, v->tpidr_el1);
    sysreg_write(contextidr_el1, v->contextidr_el1);
    sysreg_write(par_el1, v->par_el1);
    sysreg_write(csselr_el1, v->csselr_el1);
}

static void timer_save(struct vcpu_regs *v)
{
    v->cntv_ctl = sysreg_read(cntv_ctl_el0);
    v->cntv_cval = sysreg_read(cntv_cval_el0);
}

/* The compare value first: an enabled timer must not fire on a stale one. */
static void timer_load(const struct vcpu_regs *v)
{
    sysreg_write(cntv_ctl_el0, 0);
    sysreg_write(cntv_cval_el0, v->cntv_cval);
    sysreg_write(cntv_ctl_el0, v->cntv_ctl);
}

/* The lazily switched state of this CPU goes back to its owner's memory. */
static void save_owner(struct ec_cpu *c)
{
    struct vcpu_regs *v = c->el1_owner->arch.vcpu;
    el1_save(v);
    timer_save(v);
    gic_virt_save(&v->gic);
    sysreg_write(cntv_ctl_el0, 0);
    c->el1_owner = NULL;
}

void vcpu_leave(struct ec_cpu *c)
{
    struct ec *vcpu = c->mode_vcpu;
    if (!vcpu)
        return;
    vcpu->arch.vcpu->cpacr_el1 = sysreg_read(cpacr_el1);
    vcpu->arch.vcpu->cntkctl = sysreg_read(cntkctl_el1);
    c->mode_vcpu = NULL;
}

void vcpu_load(struct ec_cpu *c, struct ec *ec)
{
    struct vcpu_regs *v = ec->arch.vcpu;
    vcpu_leave(c);
    if (c->el1_owner != ec) {
        if (c->el1_owner)
            save_owner(c);
        el1_load(v);
        timer_load(v);
        gic_virt_load(&v->gic);
        sysreg_write(vpidr_el2, v->vpidr);
        sysreg_write(vmpidr_el2, v->vmpidr);
        c->el1_owner = ec;
    }
    sysreg_write(hcr_el2, v->hcr);
    sysreg_write(cpacr_el1, v->cpacr_el1);
    sysreg_write(cntkctl_el1, v->cntkctl);
    sysreg_write(cntvoff_el2, v->cntvoff);
    c->mode_vcpu = ec;
}

void arch_vcpu_forget(struct ec *ec)
{
    struct ec_cpu *c = &percpu_of(ec->cpu)->ec;
    if (c->el1_owner == ec)
        c->el1_owner = NULL; /* its timer, if armed, fires once and is masked */
    if (c->mode_vcpu == ec)
        c->mode_vcpu = NULL;
}

/* The guest's virtual timer fired: masked (the guest unmasks it when it
 * programs the next deadline), and the VIRTUAL TIMER event is due for its
 * owner before that runs again (spec 7.6.2). */
void vcpu_vtimer_interrupt(void)
{
    struct ec_cpu *c = this_cpu;
    sysreg_write(cntv_ctl_el0, sysreg_read(cntv_ctl_el0) | CNTV_CTL_IMASK);
    if (c->el1_owner)
        c->el1_owner->vtimer_pending = true;
}

/* The guest needs its VMM: list registers ran low while the VMM had more
 * to inject (UIE, set when it filled them all), or the guest ended an
 * interrupt whose list register asked to be told (EOI, for a level line
 * still high). Both conditions are quieted here, the EOI by clearing the
 * bit of the list registers now invalid (the VMM sees them invalid), and
 * the vCPU leaves with a RECALL event (docs/abi-choices.md). */
void vcpu_maintenance_interrupt(void)
{
    struct ec_cpu *c = this_cpu;
    if (!c->el1_owner) {
        gic_virt_set_hcr(0);
        return;
    }
    struct gic_virt *g = &c->el1_owner->arch.vcpu->gic;
    gic_virt_save(g);
    for (unsigned i = 0, n = gic_virt_lrs(); i < n; i++)
        if (!ICH_LR_STATE(g->lr[i]))
            g->lr[i] &= ~ICH_LR_EOI;
    g->hcr &= ~ICH_HCR_UIE;
    gic_virt_load(g);
    c->el1_owner->recall_pending = true;
}

/* Bring what the registers hold for ec into memory (to_utcb), or write
 * it back after memory changed (from_utcb). */
static bool is_owner(const struct ec *ec) { return this_cpu->el1_owner == ec; }

void vcpu_state_to_utcb(struct ec *ec, uint32_t mtd, void *utcb)
{
    struct utcb_arch *u = utcb;
    struct vcpu_regs *v = ec->arch.vcpu;
    if (mtd & MTD_TMR)
        vcpu_leave(this_cpu); /* CNTKCTL_EL1 into memory */
    bool own = is_owner(ec);
    if ((mtd & MTD_EL1_ALL) && own)
        el1_save(v);
    if ((mtd & MTD_TMR) && own)
        timer_save(v);
    if ((mtd & MTD_GIC) && own) {
        gic_virt_save(&v->gic);
        gic_virt_set_hcr(v->gic.hcr); /* save stopped it; it keeps running */
    }
    if (mtd & MTD_EL1_SP)
        u->sp_el1 = v->sp_el1;
    if (mtd & MTD_EL1_IDR) {
        u->tpidr_el1 = v->tpidr_el1;
        u->contextidr_el1 = v->contextidr_el1;
    }
    if (mtd & MTD_EL1_ELR_SPSR) {
        u->elr_el1 = v->elr_el1;
        u->spsr_el1 = v->spsr_el1;
    }
    if (mtd & MTD_EL1_ESR_FAR) {
        u->esr_el1 = v->esr_el1;
        u->far_el1 = v->far_el1;
    }
    if (mtd & MTD_EL1_AFSR) {
        u->afsr0_el1 = v->afsr0_el1;
        u->afsr1_el1 = v->afsr1_el1;
    }
    if (mtd & MTD_EL1_TTBR) {
        u->ttbr0_el1 = v->ttbr0_el1;
        u->ttbr1_el1 = v->ttbr1_el1;
    }
    if (mtd & MTD_EL1_TCR)
        u->tcr_el1 = v->tcr_el1;
    if (mtd & MTD_EL1_MAIR) {
        u->mair_el1 = v->mair_el1;
        u->amair_el1 = v->amair_el1;
    }
    if (mtd & MTD_EL1_VBAR)
        u->vbar_el1 = v->vbar_el1;
    if (mtd & MTD_EL1_SCTLR)
        u->sctlr_el1 = v->sctlr_el1;
    if (mtd & MTD_EL1_MDSCR)
        u->mdscr_el1 = v->mdscr_el1;
    if (mtd & MTD_EL2_HCR) {
        u->hcr_el2 = v->hcr;
        u->hcrx_el2 = 0;
    }
    if (mtd & MTD_EL2_IDR) {
        u->vpidr_el2 = v->vpidr;
        u->vmpidr_el2 = v->vmpidr;
    }
    if (mtd & MTD_EL2_HPFAR)
        u->hpfar_el2 = ec->arch.hpfar;
    if (mtd & MTD_TMR) {
        u->cntv_cval_el0 = v->cntv_cval;
        u->cntv_ctl_el0 = v->cntv_ctl;
        u->cntkctl_el1 = v->cntkctl;
        u->cntvoff_el2 = v->cntvoff;
    }
    if (mtd & MTD_GIC) {
        for (unsigned i = 0; i < 16; i++)
            u->lr[i] = v->gic.lr[i];
        for (unsigned i = 0; i < 4; i++) {
            u->ap0r[i] = v->gic.ap0r[i];
            u->ap1r[i] = v->gic.ap1r[i];
        }
        u->elrsr = v->gic.elrsr;
        u->vmcr = v->gic.vmcr;
    }
}

uint64_t arch_utcb_sel_gst(const void *utcb) { return ((const struct utcb_arch *)utcb)->sel_gst; }

/* AArch64 EL1h, EL1t or EL0t only: a VMM cannot send its guest to EL2 or
 * AArch32 (HCR_EL2.RW is fixed); anything else becomes EL1h. */
static uint64_t sanitize_spsr(uint64_t spsr)
{
    uint64_t mode = spsr & PSR_MODE_MASK;
    spsr &= ~(uint64_t)PSR_IL;
    if (mode != PSR_MODE_EL1H && mode != PSR_MODE_EL1T && mode != PSR_MODE_EL0T)
        spsr = (spsr & ~(uint64_t)PSR_MODE_MASK) | PSR_MODE_EL1H;
    return spsr;
}

/* A list register as the hardware may take it: the HW bit only for an
 * SPI the vCPU's PD made guest-owned (assign_int G=1), as any other would
 * let the guest deactivate a physical interrupt the kernel or another PD
 * owns; without it the physical INTID goes too. The kernel asks for the
 * maintenance interrupt when every implemented list register is in use,
 * so that the VMM can refill them (spec leaves it open,
 * docs/abi-choices.md). */
static uint64_t lr_from_utcb(uint64_t lr, const struct pd *pd)
{
    if ((lr & ICH_LR_HW) && (ICH_LR_PINTID(lr) < GIC_SPI_BASE ||
                             !sm_int_guest_owned(ICH_LR_PINTID(lr) - GIC_SPI_BASE, pd)))
        lr &= ~(ICH_LR_HW | ICH_LR_PINTID_MASK);
    return lr;
}

static void gic_from_utcb(struct gic_virt *g, const struct utcb_arch *u, const struct pd *pd)
{
    unsigned n = gic_virt_lrs(), used = 0;
    for (unsigned i = 0; i < n; i++) {
        g->lr[i] = lr_from_utcb(u->lr[i], pd);
        used += ICH_LR_STATE(g->lr[i]) != 0;
    }
    for (unsigned i = 0; i < 4; i++) {
        g->ap0r[i] = u->ap0r[i];
        g->ap1r[i] = u->ap1r[i];
    }
    g->hcr = n && used == n ? ICH_HCR_EN | ICH_HCR_UIE : ICH_HCR_EN;
}

void vcpu_state_from_utcb(struct ec *ec, uint32_t mtd, const void *utcb)
{
    const struct utcb_arch *u = utcb;
    struct vcpu_regs *v = ec->arch.vcpu;
    bool own = is_owner(ec);
    if ((mtd & MTD_EL1_ALL) && own)
        el1_save(v);
    if ((mtd & MTD_TMR) && own)
        timer_save(v);
    if (mtd & MTD_EL1_SP)
        v->sp_el1 = u->sp_el1;
    if (mtd & MTD_EL1_IDR) {
        v->tpidr_el1 = u->tpidr_el1;
        v->contextidr_el1 = u->contextidr_el1;
    }
    if (mtd & MTD_EL1_ELR_SPSR) {
        v->elr_el1 = u->elr_el1;
        v->spsr_el1 = u->spsr_el1;
    }
    if (mtd & MTD_EL1_ESR_FAR) {
        v->esr_el1 = u->esr_el1;
        v->far_el1 = u->far_el1;
    }
    if (mtd & MTD_EL1_AFSR) {
        v->afsr0_el1 = u->afsr0_el1;
        v->afsr1_el1 = u->afsr1_el1;
    }
    if (mtd & MTD_EL1_TTBR) {
        v->ttbr0_el1 = u->ttbr0_el1;
        v->ttbr1_el1 = u->ttbr1_el1;
    }
    if (mtd & MTD_EL1_TCR)
        v->tcr_el1 = u->tcr_el1;
    if (mtd & MTD_EL1_MAIR) {
        v->mair_el1 = u->mair_el1;
        v->amair_el1 = u->amair_el1;
    }
    if (mtd & MTD_EL1_VBAR)
        v->vbar_el1 = u->vbar_el1;
    if (mtd & MTD_EL1_SCTLR)
        v->sctlr_el1 = u->sctlr_el1;
    if (mtd & MTD_EL1_MDSCR)
        v->mdscr_el1 = u->mdscr_el1;
    if (mtd & MTD_EL2_HCR)
        v->hcr = HCR_GUEST_FIXED | (u->hcr_el2 & HCR_GUEST_TRAPS);
    if (mtd & MTD_EL2_IDR) {
        v->vpidr = u->vpidr_el2;
        v->vmpidr = u->vmpidr_el2;
    }
    if (mtd & MTD_EL2_ELR_SPSR) {
        ec->regs.elr = u->elr_el2;
        ec->regs.spsr = sanitize_spsr(u->spsr_el2);
    }
    if (mtd & MTD_TMR) {
        v->cntv_cval = u->cntv_cval_el0;
        v->cntv_ctl = u->cntv_ctl_el0 & 0x3; /* ISTATUS is read-only */
        v->cntkctl = u->cntkctl_el1;
        v->cntvoff = ec->time_offset ? u->cntvoff_el2 : 0;
    }
    if (mtd & MTD_GIC)
        gic_from_utcb(&v->gic, u, ec->pd);
    if (own) {
        if (mtd & MTD_EL1_ALL)
            el1_load(v);
        if (mtd & MTD_TMR)
            timer_load(v);
        if (mtd & MTD_GIC)
            gic_virt_load(&v->gic);
        if (mtd & MTD_EL2_IDR) {
            sysreg_write(vpidr_el2, v->vpidr);
            sysreg_write(vmpidr_el2, v->vmpidr);
        }
    }
}
