#include <nova/hypercall.h>
#include "create.h"
#include "ipc.h"
#include "pd.h"
#include "sm.h"
#include "ec.h"
#include "kmem.h"
#include "sched.h"
#include "space_gst.h"

unsigned ec_cpu_count = 1;

_Static_assert(sizeof(struct ec) <= PAGE_SIZE, "EC fits a page");

status_t ec_create_host(struct pd *pd, unsigned cpu, uint64_t evt, struct ec **out)
{
    struct ec *ec = kmem_alloc(sizeof(*ec));
    if (!ec)
        return STATUS_MEM_OBJ;
    ec->utcb = kmem_alloc_page();
    if (!ec->utcb) {
        kmem_free(ec, sizeof(*ec));
        return STATUS_MEM_OBJ;
    }
    kobject_init(&ec->obj, KOBJ_EC);
    ec->pd = pd;
    pd->obj.refs++;
    ec->cpu = cpu;
    ec->evt = evt;
    *out = ec;
    return STATUS_SUCCESS;
}

/* Undo ec_create_host for an EC no one has seen yet. */
void ec_destroy_unused(struct ec *ec)
{
    ec->pd->obj.refs--;
    arch_ec_free_fpu(ec);
    kmem_free_page(ec->utcb);
    kmem_free(ec, sizeof(*ec));
}

/* spec 5.3.2 create_ec, G=1: a vCPU. It has no UTCB (hvp is ignored, as
 * on every non-Intel architecture), runs on an SC like a global EC, and
 * gets its guest space from its STARTUP handler (SPACES). */
static status_t create_guest(struct ec *ec, const struct create_args *a, unsigned flags,
                             unsigned cpu, uint64_t evt)
{
    status_t s = create_reserve_slot(ec, a->sel);
    if (s != STATUS_SUCCESS)
        return s;
    struct ec *new = kmem_alloc(sizeof(*new));
    if (!new)
        return STATUS_MEM_OBJ;
    kobject_init(&new->obj, KOBJ_EC);
    new->pd = a->owner;
    new->cpu = cpu;
    new->evt = evt;
    new->is_guest = true;
    new->is_global = true;
    new->time_offset = (flags & CREATE_EC_GLOBAL) != 0;
    new->fpu = (flags & CREATE_EC_FPU) != 0;
    if (arch_ec_init_guest(new) != STATUS_SUCCESS ||
        (new->fpu &&arch_ec_init_fpu(new) != STATUS_SUCCESS)) {
        arch_ec_free_guest(new);
        kmem_free(new, sizeof(*new));
        return STATUS_MEM_OBJ;
    }
    a->owner->obj.refs++;
    create_publish(ec, a->sel, &new->obj, kobject_all_perms(KOBJ_EC));
    return STATUS_SUCCESS;
}

/* spec 5.3.2 create_ec. The UTCB of a host EC is a kernel-owned page: an
 * hvp that already holds one (or the HIP) is BAD_PAR. */
status_t hc_create_ec(struct ec *ec, struct arch_regs *r)
{
    struct create_args a;
    status_t s = create_check(ec, r, PERM_PD_EC, &a);
    if (s != STATUS_SUCCESS)
        return s;
    unsigned flags = (arch_regs_arg(r, 0) & HC_FLAGS_MASK) >> HC_FLAGS_SHIFT;
    uint64_t cpu = arch_regs_arg(r, 2) & 0xfff, hvp = arch_regs_arg(r, 2) >> 12;
    if (cpu >= ec_cpu_count)
        return STATUS_BAD_CPU;
    if (flags & CREATE_EC_GUEST) {
        if (!a.owner->space_obj || !a.owner->space_hst)
            return STATUS_ABORTED;
        return create_guest(ec, &a, flags, (unsigned)cpu, arch_regs_arg(r, 4));
    }
    if (hvp >= NOVA_HVA_END >> PAGE_BITS)
        return STATUS_BAD_PAR;
    if (!a.owner->space_obj || !a.owner->space_hst)
        return STATUS_ABORTED;
    if ((s = create_reserve_slot(ec, a.sel)) != STATUS_SUCCESS)
        return s;

    struct ec *new;
    if (ec_create_host(a.owner, (unsigned)cpu, arch_regs_arg(r, 4), &new) != STATUS_SUCCESS)
        return STATUS_MEM_OBJ;
    new->fpu = (flags & CREATE_EC_FPU) != 0;
    if (new->fpu && arch_ec_init_fpu(new) != STATUS_SUCCESS) {
        ec_destroy_unused(new);
        return STATUS_MEM_OBJ;
    }
    s = space_hst_map_kernel(a.owner->space_hst, hvp, arch_virt_to_phys(new->utcb),
                             PERM_MEM_R | PERM_MEM_W);
    if (s != STATUS_SUCCESS) {
        ec_destroy_unused(new);
        return s == STATUS_BAD_PAR ? s : STATUS_MEM_OBJ;
    }
    new->utcb_vpn = hvp;
    new->is_global = (flags & CREATE_EC_GLOBAL) != 0;
    new->waiting = !new->is_global; /* a local EC first runs for a call */
    arch_ec_init_user(new, 0, arch_regs_arg(r, 3));
    create_publish(ec, a.sel, &new->obj, kobject_all_perms(KOBJ_EC));
    return STATUS_SUCCESS;
}

/* spec 5.4.2 ctrl_ec. The recall is pended; the target's CPU gets an IPI
 * so that an EC running there enters the kernel, where the RECALL event
 * is sent before it runs again. A strong recall (S=1) of an EC running on
 * another CPU blocks the caller until then; otherwise the target is not in
 * user mode and the recall is already as good as observed. */
status_t hc_ctrl_ec(struct ec *ec, struct arch_regs *r)
{
    struct ec *target =
        (struct ec *)cap_object(ec, arch_regs_arg(r, 0) >> HC_ARG_SHIFT, KOBJ_EC, PERM_EC_CTRL);
    if (!target)
        return STATUS_BAD_CAP;
    if (target->dead)
        return STATUS_SUCCESS;
    target->recall_pending = true;
    if (!sched_is_running_elsewhere(target))
        return STATUS_SUCCESS;
    arch_cpu_kick(target->cpu);
    if (!(arch_regs_arg(r, 0) & (CTRL_EC_STRONG << HC_FLAGS_SHIFT)))
        return STATUS_SUCCESS;
    ec->recall_next = target->recall_waiters;
    target->recall_waiters = ec;
    ec->blocked_sc = sched_block_current();
    return STATUS_BLOCKED;
}

void ec_recall_observed(struct ec *ec)
{
    while (ec->recall_waiters) {
        struct ec *waiter = ec->recall_waiters;
        ec->recall_waiters = waiter->recall_next;
        arch_regs_set(&waiter->regs, 0, STATUS_SUCCESS);
        sched_ready(waiter->blocked_sc);
    }
}

void ec_destroy(struct ec *ec)
{
    ec->dead = true;
    if (ec->blocked_sm)
        sm_cancel(ec);
    ipc_detach(ec);
    ec_recall_observed(ec);
    if (!ec->is_guest)
        arch_hst_unmap_kernel(ec->pd->space_hst, ec->utcb_vpn);
    if (!sched_defer_free(ec))
        ec_free(ec);
}

void ec_free(struct ec *ec)
{
    arch_ec_forget(ec);
    arch_ec_free_fpu(ec);
    if (ec->is_guest) {
        arch_ec_free_guest(ec);
        if (ec->gst)
            kobject_put(&ec->gst->s2.obj);
    } else {
        kmem_free_page(ec->utcb);
    }
    kobject_put(&ec->pd->obj);
    kmem_free(ec, sizeof(*ec));
}
