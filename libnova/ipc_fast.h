/* The IPC hot path, inline so that the hypercall entry compiles into one
 * function: copying the message, handing the SC over, and the fast path
 * for ipc_call and ipc_reply (docs/bench.md has what each part costs). An
 * arch may take the same fast path in assembly before the C entry
 * (arch/aarch64/ipc_fast.S): it makes the checks ipc_fast_path() makes,
 * and what it leaves reaches this one. */
#ifndef LIBNOVA_IPC_FAST_H
#define LIBNOVA_IPC_FAST_H

#include <nova/hypercall.h>
#include <nova/utcb.h>
#include "create.h"
#include "pt.h"
#include "sched.h"

static inline void copy_words(void *dst, const void *src, uint32_t mtd)
{
    arch_copy_words(dst, src, MTD_WORDS(mtd));
}

/* The call of caller through pt reaches callee, which was waiting: the
 * message (or the caller's state, for an event) goes to callee's UTCB, sc
 * now executes callee, which enters at the portal's IP. */
static inline void deliver(struct ec *caller, struct ec *callee, struct pt *pt, uint32_t mtd,
                           bool event, struct sc *sc)
{
    if (event)
        arch_ec_state_to_utcb(caller, mtd, callee->utcb);
    else
        copy_words(callee->utcb, caller->utcb, mtd);
    callee->waiting = false;
    callee->caller = caller;
    callee->serving_event = event;
    callee->carrier = sc;
    caller->callee = callee;
    caller->pending_pt = NULL;
    arch_ec_enter_portal(callee, pt->ip, pt->pid, mtd);
    sc->exec = callee;
}

/* The common case of ipc_call (same CPU, callee waiting, a regular message)
 * and of ipc_reply (to a call or an event, nobody queued): the EC to enter
 * next, or NULL for the general path. Under the kernel lock. */
static inline struct ec *ipc_fast_path(struct ec *ec)
{
    struct arch_regs *r = &ec->regs;
    uint64_t x0 = arch_regs_arg(r, 0);
    uint32_t mtd = (uint32_t)arch_regs_arg(r, 1);
    struct sc *sc = sched_current();

    if ((x0 & HC_NUMBER_MASK) == HC_IPC_CALL) {
        struct pt *pt = (struct pt *)cap_object(ec, x0 >> HC_ARG_SHIFT, KOBJ_PT, PERM_PT_CALL);
        if (unlikely(!pt))
            return NULL; /* BAD_CAP: the general path answers */
        struct ec *callee = pt->ec;
        if (unlikely(!callee->waiting || callee->cpu != ec->cpu || callee->dead ||
                     callee->recall_pending || !sc))
            return NULL; /* busy, remote, dead or an event first: general path */
        deliver(ec, callee, pt, mtd, false, sc);
        return callee;
    }
    if ((x0 & HC_NUMBER_MASK) == HC_IPC_REPLY) {
        struct ec *caller = ec->caller;
        if (unlikely(!caller || caller->dead || caller->recall_pending || ec->queue_head ||
                     ec->carrier != sc || !sc))
            return NULL; /* no caller, or callers queued: general path */
        if (ec->serving_event) {
            /* A VMM's or exception handler's reply that cannot kill or
             * reassign the EC, which has no other event due. */
            if (unlikely((mtd & (MTD_POISON | MTD_SPACES)) || caller->vtimer_pending ||
                         (caller->is_guest && !caller->gst)))
                return NULL;
            arch_ec_state_from_utcb(caller, mtd, ec->utcb);
        } else {
            copy_words(caller->utcb, ec->utcb, mtd);
            arch_regs_set(&caller->regs, 0, STATUS_SUCCESS);
            arch_regs_set(&caller->regs, 1, mtd);
        }
        ec->caller = NULL;
        ec->carrier = NULL;
        ec->waiting = !ec->is_global;
        caller->callee = NULL;
        sc->exec = caller;
        return caller;
    }
    return NULL;
}

#endif
