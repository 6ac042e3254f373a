/* Event delivery. The portal must have EVENT permission and be bound to an
 * EC on the affected EC's CPU (spec 7.6); otherwise only the affected EC is
 * killed, and its SC stops. */
#include <nova/hip.h>
#include <nova/utcb.h>
#include "console.h"
#include "event.h"
#include "ipc.h"
#include "pd.h"
#include "pt.h"
#include "sched.h"
#include "space_gst.h"

void event_kill(struct ec *ec, const char *why)
{
    kprintf("NOVA: EC %p killed: %s\n", (void *)ec, why);
    ec->dead = true;
    ec_recall_observed(ec);
    ipc_abort_callers(ec);
    /* The SC executing it stops with it (its EC cannot run again). */
    struct sc *sc = sched_current();
    if (sc && sc->exec == ec)
        sched_block_current();
}

void event_send(struct ec *ec, unsigned event)
{
    struct capability cap = space_obj_lookup(ec->pd->space_obj, ec->evt + event);
    struct pt *pt = (struct pt *)cap.obj;
    if (!pt || pt->obj.type != KOBJ_PT || !(cap.perm & PERM_PT_EVENT) || pt->ec->cpu != ec->cpu ||
        pt->ec->dead) {
        kprintf("NOVA: no event portal at selector 0x%lx for event 0x%x (IP 0x%lx)\n",
                (unsigned long)(ec->evt + event), event, (unsigned long)ec->regs.elr);
        event_kill(ec, "exception without a handler");
        return;
    }
    struct sc *sc = sched_current();
    if (!pt->ec->waiting)
        sched_block_current();
    ipc_send(ec, pt, pt->mtd, true, sc);
}

bool event_deliver_pending(struct ec *ec)
{
    if (ec->dead) { /* its SC stops */
        sched_block_current();
        return true;
    }
    if (ec->startup_pending) {
        ec->startup_pending = false;
        event_send(ec, EVENT_STARTUP);
        return true;
    }
    if (ec->recall_pending && !ec->callee) {
        ec->recall_pending = false;
        ec_recall_observed(ec);
        event_send(ec, EVENT_RECALL);
        return true;
    }
    if (ec->vtimer_pending && !ec->callee) {
        ec->vtimer_pending = false;
        event_send(ec, EVENT_VTIMER);
        return true;
    }
    return false;
}

/* SPACES: the selector is the handler's, the guest space must belong to
 * the vCPU's PD and the capability must have ASSIGN (spec 2.2.2). */
static bool assign_guest_space(struct ec *handler, struct ec *vcpu)
{
    struct capability cap =
        space_obj_lookup(handler->pd->space_obj, arch_utcb_sel_gst(handler->utcb));
    struct space_gst *gst = (struct space_gst *)cap.obj;
    if (!gst || gst->s2.obj.type != KOBJ_SPACE_GST || !(cap.perm & PERM_SPACE_ASSIGN) ||
        gst->owner != vcpu->pd)
        return false;
    gst->s2.obj.refs++;
    if (vcpu->gst)
        kobject_put(&vcpu->gst->s2.obj);
    vcpu->gst = gst;
    return true;
}

void event_reply(struct ec *handler, struct ec *ec, uint32_t mtd)
{
    if (mtd & MTD_POISON) {
        event_kill(ec, "poisoned by its event handler");
        return;
    }
    if (ec->is_guest && (mtd & MTD_SPACES) && !assign_guest_space(handler, ec)) {
        event_kill(ec, "SPACES names no guest space of its PD with ASSIGN");
        return;
    }
    if (ec->is_guest && !ec->gst) {
        event_kill(ec, "a vCPU without a guest space (STARTUP must assign one)");
        return;
    }
    arch_ec_state_from_utcb(ec, mtd, handler->utcb);
}
