#include <nova/hypercall.h>
#include "create.h"
#include "ipc.h"
#include "kmem.h"
#include "pt.h"

/* spec 5.3.4 create_pt: only local ECs take portals (BAD_CAP otherwise). */
status_t hc_create_pt(struct ec *ec, struct arch_regs *r)
{
    struct create_args a;
    status_t s = create_check(ec, r, PERM_PD_PT, &a);
    if (s != STATUS_SUCCESS)
        return s;
    struct ec *target = (struct ec *)cap_object(ec, arch_regs_arg(r, 2), KOBJ_EC, PERM_EC_BIND_PT);
    if (!target || target->is_global)
        return STATUS_BAD_CAP;
    if ((s = create_reserve_slot(ec, a.sel)) != STATUS_SUCCESS)
        return s;
    struct pt *pt = kmem_alloc(sizeof(*pt));
    if (!pt)
        return STATUS_MEM_OBJ;
    kobject_init(&pt->obj, KOBJ_PT);
    pt->ec = target;
    target->obj.refs++;
    pt->ip = arch_regs_arg(r, 3);
    create_publish(ec, a.sel, &pt->obj, kobject_all_perms(KOBJ_PT));
    return STATUS_SUCCESS;
}

/* spec 5.4.4 ctrl_pt */
status_t hc_ctrl_pt(struct ec *ec, struct arch_regs *r)
{
    struct pt *pt =
        (struct pt *)cap_object(ec, arch_regs_arg(r, 0) >> HC_ARG_SHIFT, KOBJ_PT, PERM_PT_CTRL);
    if (!pt)
        return STATUS_BAD_CAP;
    pt->pid = arch_regs_arg(r, 1);
    pt->mtd = (uint32_t)arch_regs_arg(r, 2);
    return STATUS_SUCCESS;
}

/* Callers queued on this portal learn that it is gone (ABORTED). */
void pt_destroy(struct pt *pt)
{
    ipc_abort_queued(pt->ec, pt);
    kobject_put(&pt->ec->obj);
    kmem_free(pt, sizeof(*pt));
}
