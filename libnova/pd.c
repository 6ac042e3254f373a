#include <nova/hypercall.h>
#include "create.h"
#include "kmem.h"
#include "pd.h"
#include "space_gst.h"

status_t pd_create(struct pd **out)
{
    static uint64_t serials; /* under the kernel lock */
    struct pd *pd = kmem_alloc(sizeof(*pd));
    if (!pd)
        return STATUS_MEM_OBJ;
    kobject_init(&pd->obj, KOBJ_PD);
    pd->serial = ++serials;
    *out = pd;
    return STATUS_SUCCESS;
}

/* A new space for owner: its object or host space (spec 5.3.1 OP=1, 2),
 * or one more guest space (OP=3), which holds the owner instead. */
static status_t create_space(struct pd *owner, unsigned op, struct kobject **out)
{
    if (op == CREATE_PD_OP_GST) {
        struct space_gst *space;
        if (space_gst_create(owner, &space) != STATUS_SUCCESS)
            return STATUS_MEM_OBJ;
        *out = &space->s2.obj;
        return STATUS_SUCCESS;
    }
    if (op == CREATE_PD_OP_OBJ) {
        struct space_obj *space;
        if (space_obj_create(&space) != STATUS_SUCCESS)
            return STATUS_MEM_OBJ;
        owner->space_obj = space;
        *out = &space->obj;
    } else {
        struct space_hst *space;
        if (space_hst_create(&space) != STATUS_SUCCESS)
            return STATUS_MEM_OBJ;
        owner->space_hst = space;
        *out = &space->obj;
    }
    (*out)->refs++; /* the owner PD's reference */
    return STATUS_SUCCESS;
}

/* spec 5.3.1 create_pd. DMA spaces (4) come with the SMMU, PIO (5) and MSR
 * (6) spaces do not exist on Arm: all answer BAD_FTR. A PD has one object
 * and one host space (a second: ABORTED) and any number of guest spaces. */
status_t hc_create_pd(struct ec *ec, struct arch_regs *r)
{
    struct create_args a;
    status_t s = create_check(ec, r, PERM_PD_PD, &a);
    if (s != STATUS_SUCCESS)
        return s;
    unsigned op = (arch_regs_arg(r, 0) & HC_FLAGS_MASK) >> HC_FLAGS_SHIFT;
    if (op > CREATE_PD_OP_MSR)
        return STATUS_BAD_PAR;
    if (op > CREATE_PD_OP_GST)
        return STATUS_BAD_FTR;
    if ((op == CREATE_PD_OP_OBJ && a.owner->space_obj) ||
        (op == CREATE_PD_OP_HST && a.owner->space_hst))
        return STATUS_ABORTED;
    if ((s = create_reserve_slot(ec, a.sel)) != STATUS_SUCCESS)
        return s;

    struct kobject *obj;
    unsigned perm;
    if (op == CREATE_PD_OP_PD) {
        struct pd *pd;
        if (pd_create(&pd) != STATUS_SUCCESS)
            return STATUS_MEM_OBJ;
        obj = &pd->obj;
        perm = a.owner_perm; /* inherited from the owner PD capability */
    } else {
        if ((s = create_space(a.owner, op, &obj)) != STATUS_SUCCESS)
            return s;
        perm = kobject_all_perms(obj->type);
    }
    create_publish(ec, a.sel, obj, perm);
    return STATUS_SUCCESS;
}

void pd_destroy(struct pd *pd)
{
    if (pd->space_obj)
        kobject_put(&pd->space_obj->obj);
    if (pd->space_hst)
        kobject_put(&pd->space_hst->obj);
    kmem_free(pd, sizeof(*pd));
}
