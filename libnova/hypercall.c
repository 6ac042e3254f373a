/* Hypercall dispatch. Every hypercall not implemented yet answers BAD_HYP
 * (spec 5.1.2), as does the reserved number 0xf. */
#include <nova/hypercall.h>
#include "hypercall.h"
#include "ipc.h"
#include "ipc_fast.h"
#include "pd.h"
#include "pt.h"
#include "sc.h"
#include "sched.h"
#include "sm.h"

const hc_handler_t hypercall_handlers[16] = {
    [HC_IPC_CALL] = hc_ipc_call,   [HC_IPC_REPLY] = hc_ipc_reply,   [HC_CTRL_SC] = hc_ctrl_sc,
    [HC_CTRL_SM] = hc_ctrl_sm,     [HC_CREATE_PD] = hc_create_pd,   [HC_CREATE_EC] = hc_create_ec,
    [HC_CREATE_SC] = hc_create_sc, [HC_CREATE_PT] = hc_create_pt,   [HC_CREATE_SM] = hc_create_sm,
    [HC_CTRL_PD] = hc_ctrl_pd,     [HC_CTRL_PT] = hc_ctrl_pt,       [HC_CTRL_EC] = hc_ctrl_ec,
    [HC_CTRL_HW] = hc_ctrl_hw,     [HC_ASSIGN_INT] = hc_assign_int,
};

/* Everything but the IPC fast path; kernel lock held. Out of line, so
 * that the fast path saves no registers for it. */
static __attribute__((noinline)) struct arch_regs *hypercall_general(struct ec *ec)
{
    if (likely(!ec->dead)) { /* else destroyed from another CPU meanwhile */
        hypercall(ec);
        if (sched_may_continue(ec)) {
            sched_unlock();
            return &ec->regs;
        }
    }
    sched_resume();
}

struct arch_regs *hypercall_entry(struct ec *ec)
{
    sched_lock();
    struct ec *next = likely(!ec->dead) ? ipc_fast_path(ec) : NULL;
    if (likely(next)) {
        sched_enter(next);
        arch_ec_return_to_user(next);
    }
    return hypercall_general(ec);
}

void hypercall(struct ec *ec)
{
    struct arch_regs *r = &ec->regs;
    hc_handler_t h = hypercall_handlers[arch_regs_arg(r, 0) & HC_NUMBER_MASK];
    status_t s = h ? h(ec, r) : STATUS_BAD_HYP;
    if (s != STATUS_BLOCKED)
        arch_regs_set(r, 0, s);
}
