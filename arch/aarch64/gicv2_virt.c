/* GICv2 virtual interface control (GICH, GICv2 spec 5.3), the banked
 * view of the CPU that runs the vCPU. The UTCB speaks the GICv3 formats
 * (docs/abi-choices.md), so list registers are converted on the way:
 *   ICH_LR  vINTID 12:0 | EOI 41 | priority 55:51 | group 60 | HW 61 | state 63:62
 *   GICH_LR VirtualID 9:0 + CPUID 12:10 | EOI 19 | priority 27:23 | Grp1 30 | HW 31 | state 29:28
 * (the source CPU of a software SGI rides in vINTID 12:10, as the GICv3
 * spec has it for memory-mapped guests). With HW set, the physical INTID
 * takes the place of CPUID and EOI: ICH_LR 41:32, GICH_LR 19:10. GICH_VMCR already has
 * ICH_VMCR_EL2's layout for the fields a 5-bit priority implementation
 * has; GICH_APR is kept as AP0R0. */
#include "gic.h"
#include "mmu.h"

#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_MISR 0x010
#define GICH_ELRSR0 0x030
#define GICH_APR 0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))

/* Set once on the boot CPU; 0 when the GIC has no virtualization. */
static uintptr_t gich;

void gicv2_virt_init(const struct platform *p)
{
    if (p->gic.hyp_size)
        gich = (uintptr_t)mmu_map_device(p->gic.hyp, p->gic.hyp_size);
}

static unsigned gicv2_virt_lrs(void)
{
    unsigned n = gich ? (gic_rd(gich, GICH_VTR) & 0x3f) + 1 : 0;
    return n > 16 ? 16 : n;
}

static uint64_t lr_from_v2(uint32_t v)
{
    uint64_t ids = v >> 31 ? (v & 0x3ff) | (uint64_t)((v >> 10) & 0x3ff) << 32
                           : (v & 0x1fff) | (uint64_t)((v >> 19) & 1) << 41;
    return ids | (uint64_t)((v >> 23) & 0x1f) << 51 | (uint64_t)((v >> 30) & 1) << 60 |
           (uint64_t)(v >> 31) << 61 | (uint64_t)((v >> 28) & 3) << 62;
}

static uint32_t lr_to_v2(uint64_t v)
{
    uint32_t ids = (v >> 61) & 1 ? (uint32_t)(v & 0x3ff) | (uint32_t)((v >> 32) & 0x3ff) << 10
                                 : (uint32_t)(v & 0x1fff) | (uint32_t)((v >> 41) & 1) << 19;
    return ids | (uint32_t)((v >> 51) & 0x1f) << 23 | (uint32_t)((v >> 62) & 3) << 28 |
           (uint32_t)((v >> 60) & 1) << 30 | (uint32_t)((v >> 61) & 1) << 31;
}

static void gicv2_virt_save(struct gic_virt *g)
{
    unsigned n = gicv2_virt_lrs();
    for (unsigned i = 0; i < n; i++)
        g->lr[i] = lr_from_v2(gic_rd(gich, GICH_LR(i)));
    g->ap0r[0] = gic_rd(gich, GICH_APR);
    g->vmcr = gic_rd(gich, GICH_VMCR);
    g->elrsr = gic_rd(gich, GICH_ELRSR0);
    gic_wr(gich, GICH_HCR, 0);
}

static void gicv2_virt_load(struct gic_virt *g)
{
    unsigned n = gicv2_virt_lrs();
    for (unsigned i = 0; i < n; i++)
        gic_wr(gich, GICH_LR(i), lr_to_v2(g->lr[i]));
    gic_wr(gich, GICH_APR, g->ap0r[0]);
    gic_wr(gich, GICH_VMCR, g->vmcr);
    gic_wr(gich, GICH_HCR, g->hcr);
}

static uint32_t gicv2_virt_misr(void) { return gic_rd(gich, GICH_MISR); }

static void gicv2_virt_set_hcr(uint32_t hcr) { gic_wr(gich, GICH_HCR, hcr); }

const struct gic_virt_ops gicv2_virt_ops = {
    .lrs = gicv2_virt_lrs,
    .save = gicv2_virt_save,
    .load = gicv2_virt_load,
    .misr = gicv2_virt_misr,
    .set_hcr = gicv2_virt_set_hcr,
};
