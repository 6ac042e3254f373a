#include <nova/hypercall.h>
#include "create.h"
#include "ec.h"
#include "sched.h"
#include "timeout.h"
#include "kmem.h"
#include "sm.h"

struct sm sm_console = {.obj = {KOBJ_SM, 1}};

/* spec C.1. A saturated counter stays saturated: a console line is lost to
 * no one, unlike an overflowing ctrl_sm up. */
void sm_console_signal(void)
{
    if (sm_console.wait_head || sm_console.counter != UINT64_MAX)
        sm_up(&sm_console);
}

/* Take ec off its semaphore's queue and its timeout, without waking it. */
void sm_cancel(struct ec *ec)
{
    struct sm *sm = ec->blocked_sm;
    struct ec **link = &sm->wait_head, *prev = NULL;
    for (; *link && *link != ec; prev = *link, link = &(*link)->sm_next)
        ;
    if (*link) {
        *link = ec->sm_next;
        if (sm->wait_tail == ec)
            sm->wait_tail = prev;
    }
    if (ec->timeout)
        timeout_remove(ec);
    ec->blocked_sm = NULL;
}

void sm_wake(struct ec *ec, status_t status)
{
    sm_cancel(ec);
    arch_regs_set(&ec->regs, 0, status);
    sched_ready(ec->blocked_sc);
}

void sm_up(struct sm *sm)
{
    if (sm->wait_head)
        sm_wake(sm->wait_head, STATUS_SUCCESS);
    else
        sm->counter++;
}

/* spec 5.3.5 create_sm */
status_t hc_create_sm(struct ec *ec, struct arch_regs *r)
{
    struct create_args a;
    status_t s = create_check(ec, r, PERM_PD_SM, &a);
    if (s != STATUS_SUCCESS)
        return s;
    if ((s = create_reserve_slot(ec, a.sel)) != STATUS_SUCCESS)
        return s;
    struct sm *sm = kmem_alloc(sizeof(*sm));
    if (!sm)
        return STATUS_MEM_OBJ;
    kobject_init(&sm->obj, KOBJ_SM);
    sm->counter = arch_regs_arg(r, 2);
    create_publish(ec, a.sel, &sm->obj, kobject_all_perms(KOBJ_SM));
    return STATUS_SUCCESS;
}

/* spec 5.4.5 ctrl_sm. A down whose deadline has already passed blocks and
 * times out at once: TIMEOUT without a wait. */
status_t hc_ctrl_sm(struct ec *ec, struct arch_regs *r)
{
    unsigned flags = (arch_regs_arg(r, 0) & HC_FLAGS_MASK) >> HC_FLAGS_SHIFT;
    bool down = flags & CTRL_SM_DOWN;
    status_t s;
    struct sm *sm = (struct sm *)cap_object(ec, arch_regs_arg(r, 0) >> HC_ARG_SHIFT, KOBJ_SM,
                                            down ? PERM_SM_CTRL_DN : PERM_SM_CTRL_UP);
    if (!sm)
        return STATUS_BAD_CAP;
    if (!down) {
        if (!sm->wait_head && sm->counter == UINT64_MAX)
            return STATUS_OVRFLOW;
        sm_up(sm);
        return STATUS_SUCCESS;
    }
    if (sm->is_int && (s = sm_int_down(ec, sm)) != STATUS_SUCCESS)
        return s;
    if (sm->counter) {
        sm->counter = flags & CTRL_SM_ZERO ? 0 : sm->counter - 1;
        return STATUS_SUCCESS;
    }
    uint64_t deadline = arch_regs_arg(r, 1);
    if (deadline && deadline <= arch_stc_now())
        return STATUS_TIMEOUT;
    ec->blocked_sm = sm;
    ec->sm_next = NULL;
    if (sm->wait_tail)
        sm->wait_tail->sm_next = ec;
    else
        sm->wait_head = ec;
    sm->wait_tail = ec;
    if (deadline)
        timeout_add(ec, deadline);
    ec->blocked_sc = sched_block_current();
    return STATUS_BLOCKED;
}

/* ECs still waiting when the semaphore dies return ABORTED. */
void sm_destroy(struct sm *sm)
{
    while (sm->wait_head)
        sm_wake(sm->wait_head, STATUS_ABORTED);
    kmem_free(sm, sizeof(*sm));
}
