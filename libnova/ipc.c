/* IPC. The common path (same CPU, callee waiting, regular message) is
 * ipc_send -> deliver: copy the words, hand the caller's SC to the callee,
 * enter the callee at the portal's IP. */
#include <nova/hypercall.h>
#include <nova/utcb.h>
#include "create.h"
#include "event.h"
#include "ipc.h"
#include "ipc_fast.h"
#include "pt.h"
#include "sched.h"

void ipc_send(struct ec *caller, struct pt *pt, uint32_t mtd, bool event, struct sc *sc)
{
    struct ec *callee = pt->ec;
    if (callee->waiting) {
        deliver(caller, callee, pt, mtd, event, sc);
        return;
    }
    caller->pending_pt = pt;
    caller->pending_mtd = mtd;
    caller->pending_event = event;
    caller->blocked_sc = sc;
    caller->queue_next = NULL;
    if (callee->queue_tail)
        callee->queue_tail->queue_next = caller;
    else
        callee->queue_head = caller;
    callee->queue_tail = caller;
}

/* spec 5.2.1 ipc_call. With T=0 a busy callee queues the caller (FIFO)
 * until the callee replies to those before it: libnova's form of helping. */
status_t hc_ipc_call(struct ec *ec, struct arch_regs *r)
{
    struct pt *pt =
        (struct pt *)cap_object(ec, arch_regs_arg(r, 0) >> HC_ARG_SHIFT, KOBJ_PT, PERM_PT_CALL);
    if (unlikely(!pt))
        return STATUS_BAD_CAP;
    struct ec *callee = pt->ec;
    if (unlikely(callee->cpu != ec->cpu))
        return STATUS_BAD_CPU;
    if (unlikely(callee->dead))
        return STATUS_ABORTED;
    unsigned flags = (arch_regs_arg(r, 0) & HC_FLAGS_MASK) >> HC_FLAGS_SHIFT;
    if (unlikely(!callee->waiting) && (flags & IPC_CALL_TIMEOUT))
        return STATUS_TIMEOUT;
    struct sc *sc = sched_current();
    if (!callee->waiting)
        sched_block_current(); /* the SC waits in the queue with the caller */
    ipc_send(ec, pt, (uint32_t)arch_regs_arg(r, 1), false, sc);
    return STATUS_BLOCKED;
}

/* The callee is free again: serve the first queued caller on its SC. */
static void serve_next(struct ec *callee)
{
    struct ec *next = callee->queue_head;
    if (!next)
        return;
    callee->queue_head = next->queue_next;
    if (!callee->queue_head)
        callee->queue_tail = NULL;
    deliver(next, callee, next->pending_pt, next->pending_mtd, next->pending_event,
            next->blocked_sc);
    sched_ready(next->blocked_sc);
}

/* spec 5.2.2 ipc_reply */
status_t hc_ipc_reply(struct ec *ec, struct arch_regs *r)
{
    struct ec *caller = ec->caller;
    struct sc *sc = sched_current();
    uint32_t mtd = (uint32_t)arch_regs_arg(r, 1);
    ec->caller = NULL;
    ec->waiting = !ec->is_global;
    if (caller) {
        caller->callee = NULL;
        sc->exec = caller;
        if (ec->serving_event) {
            event_reply(ec, caller, mtd);
        } else {
            copy_words(caller->utcb, ec->utcb, mtd);
            arch_regs_set(&caller->regs, 0, STATUS_SUCCESS);
            arch_regs_set(&caller->regs, 1, mtd);
        }
    } else {
        sched_block_current(); /* nobody to return the SC to: it waits */
    }
    if (ec->waiting)
        serve_next(ec);
    return STATUS_BLOCKED;
}

/* Tell caller its call failed: ABORTED, or death for an event; the SC
 * that carried the call returns to it. */
static void abort_call(struct ec *caller, bool event, struct sc *sc)
{
    caller->callee = NULL;
    if (sc)
        sc->exec = caller;
    if (event) {
        event_kill(caller, "its event handler died");
    } else {
        arch_regs_set(&caller->regs, 0, STATUS_ABORTED);
        sched_ready(sc);
    }
}

/* Take ec, queued for a busy EC, out of that queue. */
void ipc_withdraw(struct ec *ec)
{
    struct ec *callee = ec->pending_pt->ec, **link = &callee->queue_head, *prev = NULL;
    for (; *link && *link != ec; prev = *link, link = &(*link)->queue_next)
        ;
    if (*link) {
        *link = ec->queue_next;
        if (callee->queue_tail == ec)
            callee->queue_tail = prev;
    }
    ec->pending_pt = NULL;
}

/* Queued callers of callee, through pt (or any portal if NULL): ABORTED. */
void ipc_abort_queued(struct ec *callee, const struct pt *pt)
{
    struct ec *next = callee->queue_head;
    while (next) {
        struct ec *caller = next;
        next = caller->queue_next;
        if (pt && caller->pending_pt != pt)
            continue;
        bool event = caller->pending_event;
        ipc_withdraw(caller);
        abort_call(caller, event, caller->blocked_sc);
    }
}

void ipc_abort_callers(struct ec *ec)
{
    if (ec->caller) {
        struct ec *caller = ec->caller;
        ec->caller = NULL;
        abort_call(caller, ec->serving_event, ec->carrier);
        ec->carrier = NULL;
    }
    ipc_abort_queued(ec, NULL);
}

void ipc_detach(struct ec *ec)
{
    struct sc *sc = NULL;
    if (ec->pending_pt) { /* queued for a busy EC */
        sc = ec->blocked_sc;
        ipc_withdraw(ec);
    } else if (ec->callee) { /* waiting for a reply: the callee is left */
        struct ec *callee = ec->callee;
        sc = callee->carrier;
        callee->caller = NULL;
        callee->carrier = NULL;
        callee->waiting = !callee->is_global;
        ec->callee = NULL;
    }
    if (ec->caller && sc) { /* in the middle of a chain: the caller learns */
        struct ec *caller = ec->caller;
        ec->caller = NULL;
        abort_call(caller, ec->serving_event, sc);
    }
    ipc_abort_callers(ec);
}
