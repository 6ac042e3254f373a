/* spec 5.4.1 ctrl_pd: take capabilities from one space and grant them to
 * another. Object space -> object space and host space -> host or guest
 * space exist on this architecture; DMA spaces come with the SMMU, PIO and
 * MSR spaces never exist on Arm (their selectors hold null capabilities).
 * A guest space is a host space's stage-2 table reached by vCPUs, so host
 * space -> guest space is the same delegation (G = H, spec 7.4.2). */
#include <nova/hypercall.h>
#include "hypercall.h"
#include "pd.h"

static bool is_aligned(uint64_t sel, unsigned ord) { return !(sel & ((UINT64_C(1) << ord) - 1)); }

static bool in_range(uint64_t sel, unsigned ord, uint64_t selectors)
{
    return sel < selectors && (UINT64_C(1) << ord) <= selectors - sel;
}

status_t hc_ctrl_pd(struct ec *ec, struct arch_regs *r)
{
    const struct space_obj *cur = ec->pd->space_obj;
    struct capability src = space_obj_lookup(cur, arch_regs_arg(r, 0) >> HC_ARG_SHIFT);
    struct capability dst = space_obj_lookup(cur, arch_regs_arg(r, 1));
    uint64_t ssb = arch_regs_arg(r, 2) >> CTRL_PD_SEL_SHIFT;
    uint64_t dsb = arch_regs_arg(r, 3) >> CTRL_PD_SEL_SHIFT;
    unsigned ord = arch_regs_arg(r, 2) & CTRL_PD_ORD_MASK;
    unsigned pmm = arch_regs_arg(r, 3) & CTRL_PD_PMM_MASK;
    uint32_t mad = (uint32_t)arch_regs_arg(r, 4);

    if (!src.obj || !(src.perm & PERM_SPACE_TAKE) || !dst.obj || !(dst.perm & PERM_SPACE_GRANT))
        return STATUS_BAD_CAP;
    if (!is_aligned(ssb, ord) || !is_aligned(dsb, ord))
        return STATUS_BAD_PAR;

    if (src.obj->type == KOBJ_SPACE_OBJ && dst.obj->type == KOBJ_SPACE_OBJ) {
        if (!in_range(ssb, ord, NOVA_SELNUM) || !in_range(dsb, ord, NOVA_SELNUM))
            return STATUS_BAD_PAR;
        return space_obj_delegate((const struct space_obj *)src.obj, (struct space_obj *)dst.obj,
                                  ssb, dsb, ord, pmm);
    }
    if (src.obj->type == KOBJ_SPACE_HST &&
        (dst.obj->type == KOBJ_SPACE_HST || dst.obj->type == KOBJ_SPACE_GST)) {
        const struct space_hst *s = (const struct space_hst *)src.obj;
        struct space_hst *d = (struct space_hst *)dst.obj;
        if (!in_range(ssb, ord, space_hst_selectors(s)) ||
            !in_range(dsb, ord, space_hst_selectors(d)))
            return STATUS_BAD_PAR;
        if (s->is_nova && !arch_mad_is_valid(mad))
            return STATUS_BAD_PAR;
        return space_hst_delegate(s, d, ssb, dsb, ord, pmm, mad);
    }
    return STATUS_BAD_CAP;
}
