#include <nova/hypercall.h>
#include "create.h"

status_t create_check(const struct ec *ec, const struct arch_regs *r, unsigned perm,
                      struct create_args *out)
{
    out->sel = arch_regs_arg(r, 0) >> HC_ARG_SHIFT;
    struct capability pd = space_obj_lookup(ec->pd->space_obj, arch_regs_arg(r, 1));
    if (out->sel >= NOVA_SELNUM || space_obj_lookup(ec->pd->space_obj, out->sel).obj)
        return STATUS_BAD_CAP;
    if (!pd.obj || pd.obj->type != KOBJ_PD || !(pd.perm & perm))
        return STATUS_BAD_CAP;
    out->owner = (struct pd *)pd.obj;
    out->owner_perm = pd.perm;
    return STATUS_SUCCESS;
}

status_t create_reserve_slot(const struct ec *ec, uint64_t sel)
{
    return space_obj_reserve(ec->pd->space_obj, sel);
}

void create_publish(const struct ec *ec, uint64_t sel, struct kobject *obj, unsigned perm)
{
    /* The new object's creation reference becomes this capability's. */
    space_obj_store(ec->pd->space_obj, sel, cap_make(obj, perm));
    obj->refs--;
}
