/* GICv3 virtual CPU interface (ICH_*_EL2, GIC architecture spec 12.4):
 * a vCPU's list registers, active priorities and VMCR saved and loaded
 * when another vCPU takes this CPU's interface. The UTCB formats are the
 * registers' own. */
#include "gic.h"

#define ICH_VTR_LISTREGS(v) (((v)&0x1f) + 1)
#define ICH_VTR_PREBITS(v) ((((v) >> 26) & 0x7) + 1)

/* Implemented list registers and active-priority registers (GICv3 spec
 * ICH_VTR_EL2: 32 preemption levels need one APR, 64 two, 128 four). */
static unsigned list_regs(void) { return ICH_VTR_LISTREGS(sysreg_read(ich_vtr_el2)); }
static unsigned ap_regs(void) { return 1u << (ICH_VTR_PREBITS(sysreg_read(ich_vtr_el2)) - 5); }

#define LR_CASE(n)                                                                                 \
    case n:                                                                                        \
        if (write)                                                                                 \
            sysreg_write(ich_lr##n##_el2, *v);                                                     \
        else                                                                                       \
            *v = sysreg_read(ich_lr##n##_el2);                                                     \
        break;

/* The register number is part of the instruction: one case each. */
static void access_lr(unsigned i, uint64_t *v, bool write)
{
    /* clang-format off */
    switch (i) {
    LR_CASE(0) LR_CASE(1) LR_CASE(2) LR_CASE(3) LR_CASE(4) LR_CASE(5) LR_CASE(6) LR_CASE(7)
    LR_CASE(8) LR_CASE(9) LR_CASE(10) LR_CASE(11) LR_CASE(12) LR_CASE(13) LR_CASE(14) LR_CASE(15)
    }
    /* clang-format on */
}

#define APR_CASE(n)                                                                                \
    case n:                                                                                        \
        if (write) {                                                                               \
            sysreg_write(ich_ap0r##n##_el2, g->ap0r[n]);                                           \
            sysreg_write(ich_ap1r##n##_el2, g->ap1r[n]);                                           \
        } else {                                                                                   \
            g->ap0r[n] = (uint32_t)sysreg_read(ich_ap0r##n##_el2);                                 \
            g->ap1r[n] = (uint32_t)sysreg_read(ich_ap1r##n##_el2);                                 \
        }                                                                                          \
        break;

static void access_apr(unsigned i, struct gic_virt *g, bool write)
{
    switch (i) {
        APR_CASE(0) APR_CASE(1) APR_CASE(2) APR_CASE(3)
    }
}

static unsigned gicv3_virt_lrs(void) { return list_regs(); }

static void gicv3_virt_save(struct gic_virt *g)
{
    unsigned n = list_regs(), a = ap_regs();
    for (unsigned i = 0; i < n; i++)
        access_lr(i, &g->lr[i], false);
    for (unsigned i = 0; i < a; i++)
        access_apr(i, g, false);
    g->vmcr = (uint32_t)sysreg_read(ich_vmcr_el2);
    g->elrsr = (uint32_t)sysreg_read(ich_elrsr_el2);
    sysreg_write(ich_hcr_el2, 0); /* no virtual interrupts, no maintenance */
}

static void gicv3_virt_load(struct gic_virt *g)
{
    unsigned n = list_regs(), a = ap_regs();
    for (unsigned i = 0; i < n; i++)
        access_lr(i, &g->lr[i], true);
    for (unsigned i = 0; i < a; i++)
        access_apr(i, g, true);
    sysreg_write(ich_vmcr_el2, g->vmcr);
    sysreg_write(ich_hcr_el2, g->hcr);
}

static uint32_t gicv3_virt_misr(void) { return (uint32_t)sysreg_read(ich_misr_el2); }

static void gicv3_virt_set_hcr(uint32_t hcr) { sysreg_write(ich_hcr_el2, hcr); }

const struct gic_virt_ops gicv3_virt_ops = {
    .lrs = gicv3_virt_lrs,
    .save = gicv3_virt_save,
    .load = gicv3_virt_load,
    .misr = gicv3_virt_misr,
    .set_hcr = gicv3_virt_set_hcr,
};
