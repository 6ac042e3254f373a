/* libnova/sched.c, sm.c, timeout.c, ipc.c, event.c on the host shim:
 * ctrl_sm (spec 5.4.5), ipc_call/ipc_reply (5.2), events (7.6), ctrl_sc
 * (5.4.3) and who the scheduler enters afterwards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <nova/utcb.h>

#include "arch_host_fixture.h"
#include "event.h"
#include "ipc.h"
#include "ipc_fast.h"
#include "pd.h"
#include "pt.h"
#include "sc.h"
#include "sm.h"

#define FREE 0x100u
#define PEER_PD (FREE + 1)

static struct ec *root;

/* A hypercall from the running EC, then the scheduler's choice. */
static struct ec *call(struct ec *ec, unsigned hc, unsigned flags, uint64_t a0, uint64_t x1,
                       uint64_t x2, uint64_t x3, uint64_t x4)
{
    fixture_hypercall(ec, hc, flags, a0, x1, x2, x3, x4);
    return fixture_resume();
}

static int setup(void **state)
{
    (void)state;
    root = fixture_root_create(256);
    assert_non_null(root);
    sched_ready(root->sc);
    assert_ptr_equal(fixture_resume(), root);
    /* a second PD with both spaces */
    assert_int_equal(fixture_hypercall(root, HC_CREATE_PD, 0, PEER_PD, SEL_ROOT_PD, 0, 0, 0), 0);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_PD, 1, FREE + 2, PEER_PD, 0, 0, 0), 0);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_PD, 2, FREE + 3, PEER_PD, 0, 0, 0), 0);
    return 0;
}

static struct kobject *obj(uint64_t sel) { return space_obj_lookup(root->pd->space_obj, sel).obj; }

static void ctrl_sm_counts_and_checks_permissions(void **state)
{
    (void)state;
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 2, 0, 0), 0);
    struct sm *sm = (struct sm *)obj(FREE);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE, 0, 0, 0, 0), 0);
    assert_int_equal(sm->counter, 1);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SM, 0, FREE, 0, 0, 0, 0), 0);
    assert_int_equal(sm->counter, 2);
    assert_int_equal(
        fixture_hypercall(root, HC_CTRL_SM, CTRL_SM_DOWN | CTRL_SM_ZERO, FREE, 0, 0, 0, 0), 0);
    assert_int_equal(sm->counter, 0);
    sm->counter = UINT64_MAX;
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SM, 0, FREE, 0, 0, 0, 0), STATUS_OVRFLOW);
    /* up needs CTRL_UP, down CTRL_DN */
    assert_int_equal(
        fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, FREE, FREE + 8, 0, PERM_SM_CTRL_DN, 0),
        0);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SM, 0, FREE + 8, 0, 0, 0, 0), STATUS_BAD_CAP);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SM, CTRL_SM_DOWN, SEL_ROOT_PD, 0, 0, 0, 0),
                     STATUS_BAD_CAP);
}

static void ctrl_sm_down_blocks_until_timeout(void **state)
{
    (void)state;
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 0, 0, 0), 0);
    /* a deadline in the past: TIMEOUT without waiting */
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE, 10, 0, 0, 0),
                     STATUS_TIMEOUT);
    /* a deadline ahead: the root blocks, the CPU idles until then */
    root->regs.x[0] = 0xdead;
    assert_ptr_equal(call(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE, 5000, 0, 0, 0), root);
    assert_int_equal(root->regs.x[0], STATUS_TIMEOUT);
    assert_int_equal(arch_stc_now(), 5000);
}

static void ctrl_sm_up_wakes_waiters_in_fifo_order(void **state)
{
    (void)state;
    /* Two global ECs wait on one semaphore (their STARTUP marked done, so
     * they run from their initial state). */
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 0, 0, 0), 0);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE + 4, SEL_ROOT_PD, 0, 0, 0), 0);
    struct sm *sm = (struct sm *)obj(FREE);
    struct ec *w[2];
    for (unsigned i = 0; i < 2; i++) {
        assert_int_equal(fixture_hypercall(root, HC_CREATE_EC, CREATE_EC_GLOBAL, FREE + 10 + i,
                                           SEL_ROOT_PD, (0x200 + i) << 12, 0, 0),
                         0);
        assert_int_equal(fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 20 + i, SEL_ROOT_PD,
                                           FREE + 10 + i, SCD(10, 127, 0), 0),
                         0);
        w[i] = (struct ec *)obj(FREE + 10 + i);
        w[i]->startup_pending = false;
    }
    /* root sleeps until 5000; the workers run in creation order and block */
    assert_ptr_equal(call(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE + 4, 5000, 0, 0, 0), w[0]);
    assert_ptr_equal(call(w[0], HC_CTRL_SM, CTRL_SM_DOWN, FREE, 0, 0, 0, 0), w[1]);
    assert_ptr_equal(call(w[1], HC_CTRL_SM, CTRL_SM_DOWN, FREE, 0, 0, 0, 0), root);
    assert_int_equal(arch_stc_now(), 5000);
    assert_ptr_equal(sm->wait_head, w[0]);
    /* each up releases the first waiter; root keeps the CPU (same priority) */
    w[0]->regs.x[0] = w[1]->regs.x[0] = 0xdead;
    assert_ptr_equal(call(root, HC_CTRL_SM, 0, FREE, 0, 0, 0, 0), root);
    assert_int_equal(w[0]->regs.x[0], STATUS_SUCCESS);
    assert_int_equal(w[1]->regs.x[0], 0xdead);
    assert_ptr_equal(sm->wait_head, w[1]);
    assert_int_equal(sm->counter, 0);
}

static void ipc_call_and_reply_transfer_words_and_donate_the_sc(void **state)
{
    (void)state;
    /* a local EC in the peer PD and a portal to it */
    assert_int_equal(
        fixture_hypercall(root, HC_CREATE_EC, 0, FREE + 10, PEER_PD, 0x300 << 12, 0x7000, 0), 0);
    struct ec *server = (struct ec *)obj(FREE + 10);
    assert_int_equal(
        fixture_hypercall(root, HC_CREATE_PT, 0, FREE + 11, SEL_ROOT_PD, FREE + 10, 0x4000, 0), 0);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_PT, 0, FREE + 11, 0x77, 0, 0, 0), 0);
    uint64_t *in = root->utcb, *out = server->utcb;
    for (unsigned i = 0; i < 8; i++)
        in[i] = 100 + i;
    assert_ptr_equal(call(root, HC_IPC_CALL, 0, FREE + 11, 7, 0, 0, 0), server);
    assert_int_equal(server->regs.x[0], 0x77); /* PID */
    assert_int_equal(server->regs.x[1], 7);    /* MTD */
    assert_int_equal(server->regs.elr, 0x4000);
    assert_int_equal(server->regs.sp, 0x7000);
    assert_int_equal(out[7], 107);
    assert_int_equal(out[8], 0); /* MTD 7: eight words, no more */
    assert_ptr_equal(sched_current()->exec, server);
    /* the server answers with three words */
    out[0] = 1, out[1] = 2, out[2] = 3;
    assert_ptr_equal(call(server, HC_IPC_REPLY, 0, 0, 2, 0, 0, 0), root);
    assert_int_equal(root->regs.x[0], STATUS_SUCCESS);
    assert_int_equal(root->regs.x[1], 2);
    assert_int_equal(in[2], 3);
    assert_int_equal(in[3], 103);
    assert_true(server->waiting);
    /* T=1 while the server is busy: TIMEOUT; wrong permission: BAD_CAP */
    server->waiting = false;
    assert_int_equal(fixture_hypercall(root, HC_IPC_CALL, IPC_CALL_TIMEOUT, FREE + 11, 0, 0, 0, 0),
                     STATUS_TIMEOUT);
    server->waiting = true;
    assert_int_equal(fixture_hypercall(root, HC_IPC_CALL, 0, SEL_ROOT_SC, 0, 0, 0, 0),
                     STATUS_BAD_CAP);
    /* a dead callee: ABORTED */
    server->dead = true;
    assert_int_equal(fixture_hypercall(root, HC_IPC_CALL, 0, FREE + 11, 0, 0, 0, 0),
                     STATUS_ABORTED);
}

static void startup_event_goes_to_the_portal_and_reply_sets_the_ip(void **state)
{
    (void)state;
    const unsigned evt = 0x1000;
    /* handler: a local EC of the root PD with a portal at evt + STARTUP */
    assert_int_equal(
        fixture_hypercall(root, HC_CREATE_EC, 0, FREE + 10, SEL_ROOT_PD, 0x300 << 12, 0x7000, 0),
        0);
    struct ec *handler = (struct ec *)obj(FREE + 10);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_PT, 0, evt + EVENT_STARTUP, SEL_ROOT_PD,
                                       FREE + 10, 0x5000, 0),
                     0);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_PT, 0, evt + EVENT_STARTUP, 9,
                                       MTD_EL2_ELR_SPSR | MTD_EL0_SP, 0, 0),
                     0);
    /* a global EC with that event base and an SC above the root's */
    assert_int_equal(fixture_hypercall(root, HC_CREATE_EC, CREATE_EC_GLOBAL, FREE + 11, SEL_ROOT_PD,
                                       0x301 << 12, 0x9000, evt),
                     0);
    struct ec *worker = (struct ec *)obj(FREE + 11);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11,
                                       SCD(10, 127, 0), 0),
                     0);
    /* root and worker SC have the same priority: root keeps the CPU until
     * it blocks; then the STARTUP goes to the handler */
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE + 13, SEL_ROOT_PD, 0, 0, 0), 0);
    assert_ptr_equal(call(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE + 13, 0, 0, 0, 0), handler);
    struct utcb_arch *u = handler->utcb;
    assert_int_equal(handler->regs.x[0], 9);
    assert_int_equal(u->sp_el0, 0x9000);
    /* the handler sets the IP and replies: the worker starts there */
    u->elr_el2 = 0x10000;
    assert_ptr_equal(call(handler, HC_IPC_REPLY, 0, 0, MTD_EL2_ELR_SPSR, 0, 0, 0), worker);
    assert_int_equal(worker->regs.elr, 0x10000);
    assert_int_equal(worker->regs.sp, 0x9000);
}

static void exception_without_portal_kills_only_that_ec(void **state)
{
    (void)state;
    assert_int_equal(fixture_hypercall(root, HC_CREATE_EC, CREATE_EC_GLOBAL, FREE + 11, SEL_ROOT_PD,
                                       0x301 << 12, 0x9000, 0x2000),
                     0);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11,
                                       SCD(10, 127, 0), 0),
                     0);
    struct ec *worker = (struct ec *)obj(FREE + 11);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE + 13, SEL_ROOT_PD, 0, 0, 0), 0);
    /* root blocks with a timeout; the worker's STARTUP has no portal */
    assert_ptr_equal(call(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE + 13, 9999, 0, 0, 0), root);
    assert_true(worker->dead);
    assert_true(fixture_console_contains("killed"));
    assert_int_equal(root->regs.x[0], STATUS_TIMEOUT);
}

static void ctrl_sc_reports_consumed_time(void **state)
{
    (void)state;
    arch_host_stc += 250;
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SC, 0, SEL_ROOT_SC, 0, 0, 0, 0), 0);
    assert_int_equal(root->regs.x[1], 250);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SC, 0, SEL_ROOT_PD, 0, 0, 0, 0),
                     STATUS_BAD_CAP);
}

/* A global EC with a 1 ms SC at the root's priority, started (no STARTUP
 * portal here). */
static struct ec *worker_at_root_priority(void)
{
    assert_int_equal(fixture_hypercall(root, HC_CREATE_EC, CREATE_EC_GLOBAL, FREE + 11, SEL_ROOT_PD,
                                       0x301 << 12, 0x9000, 0),
                     0);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11,
                                       SCD(1, 127, 0), 0),
                     0);
    struct ec *worker = (struct ec *)obj(FREE + 11);
    worker->startup_pending = false;
    return worker;
}

static void budget_expiry_rotates_equal_priorities(void **state)
{
    (void)state;
    struct ec *worker = worker_at_root_priority();
    /* root's budget is 1000 ms: let it run out */
    arch_host_stc += root->sc->budget + 1;
    sched_timer_interrupt();
    assert_ptr_equal(fixture_resume(), worker);
    arch_host_stc += worker->sc->budget;
    sched_timer_interrupt();
    assert_ptr_equal(fixture_resume(), root);
}

static void ctrl_ec_recall_sends_a_recall_event_before_the_ec_runs(void **state)
{
    (void)state;
    const unsigned evt = 0x1000;
    assert_int_equal(
        fixture_hypercall(root, HC_CREATE_EC, 0, FREE + 10, SEL_ROOT_PD, 0x300 << 12, 0x7000, 0),
        0);
    struct ec *handler = (struct ec *)obj(FREE + 10);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_PT, 0, evt + EVENT_RECALL, SEL_ROOT_PD,
                                       FREE + 10, 0x5000, 0),
                     0);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_PT, 0, evt + EVENT_RECALL, 0x41, 0, 0, 0), 0);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_EC, CREATE_EC_GLOBAL, FREE + 11, SEL_ROOT_PD,
                                       0x301 << 12, 0x9000, evt),
                     0);
    struct ec *worker = (struct ec *)obj(FREE + 11);
    worker->startup_pending = false;
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11,
                                       SCD(10, 127, 0), 0),
                     0);
    worker->startup_pending = false;
    /* ctrl_ec needs an EC capability with CTRL */
    assert_int_equal(fixture_hypercall(root, HC_CTRL_EC, 0, SEL_ROOT_SC, 0, 0, 0, 0),
                     STATUS_BAD_CAP);
    assert_int_equal(fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, FREE + 11, FREE + 13, 0,
                                     PERM_EC_BIND_PT | PERM_EC_BIND_SC, 0),
                     0);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_EC, 0, FREE + 13, 0, 0, 0, 0), STATUS_BAD_CAP);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_EC, 1, FREE + 11, 0, 0, 0, 0), 0);
    assert_true(worker->recall_pending);
    /* when the root blocks, the worker's SC runs the RECALL handler first */
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE + 14, SEL_ROOT_PD, 0, 0, 0), 0);
    assert_ptr_equal(call(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE + 14, 0, 0, 0, 0), handler);
    assert_int_equal(handler->regs.x[0], 0x41);
    assert_false(worker->recall_pending);
    assert_ptr_equal(call(handler, HC_IPC_REPLY, 0, 0, 0, 0, 0, 0), worker);
}

static void fast_path_takes_the_common_case_and_leaves_the_rest(void **state)
{
    (void)state;
    assert_int_equal(
        fixture_hypercall(root, HC_CREATE_EC, 0, FREE + 10, PEER_PD, 0x300 << 12, 0x7000, 0), 0);
    struct ec *server = (struct ec *)obj(FREE + 10);
    assert_int_equal(
        fixture_hypercall(root, HC_CREATE_PT, 0, FREE + 11, SEL_ROOT_PD, FREE + 10, 0x4000, 0), 0);
    uint64_t *in = root->utcb, *out = server->utcb;
    in[0] = 5, in[1] = 6;
    /* a call to a portal without CALL permission: general path */
    root->regs.x[0] = (uint64_t)SEL_ROOT_SC << HC_ARG_SHIFT | HC_IPC_CALL;
    assert_null(ipc_fast_path(root));
    /* the common case */
    root->regs.x[0] = (uint64_t)(FREE + 11) << HC_ARG_SHIFT | HC_IPC_CALL;
    root->regs.x[1] = 1;
    for (unsigned i = 2; i < 31; i++)
        server->regs.x[i] = 0xbad0 + i; /* as if left from its last reply */
    server->regs.spsr = 0xf0000000;
    assert_ptr_equal(ipc_fast_path(root), server);
    assert_int_equal(out[1], 6);
    assert_int_equal(server->regs.elr, 0x4000);
    assert_int_equal(server->regs.x[1], 1);
    for (unsigned i = 2; i < 31; i++) /* a portal entry clears them (arch_ec_enter_portal) */
        assert_int_equal(server->regs.x[i], 0);
    assert_int_equal(server->regs.spsr, 0);
    assert_ptr_equal(sched_current()->exec, server);
    /* a second call while the server is busy: general path */
    assert_null(ipc_fast_path(root));
    /* the reply */
    out[0] = 77;
    server->regs.x[0] = HC_IPC_REPLY;
    server->regs.x[1] = 0;
    assert_ptr_equal(ipc_fast_path(server), root);
    assert_int_equal(root->regs.x[0], STATUS_SUCCESS);
    assert_int_equal(in[0], 77);
    assert_true(server->waiting);
    assert_ptr_equal(sched_current()->exec, root);
    /* a reply without a caller: general path */
    assert_null(ipc_fast_path(server));
}

/* The arch's hypercall entry (hypercall_entry) returns to the caller only
 * when the scheduler would pick it again anyway (sched_may_continue). */
static void caller_returns_at_once_only_when_nothing_changed(void **state)
{
    (void)state;
    assert_false(hypercall_is_defined(0xf)); /* answered before the kernel lock */
    assert_true(hypercall_is_defined(HC_CTRL_SM));
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 0, 0, 0), 0);
    root->regs.x[0] = (uint64_t)FREE << HC_ARG_SHIFT | HC_CTRL_SM; /* up: nobody waits */
    assert_ptr_equal(hypercall_entry(root), &root->regs);
    assert_int_equal(root->regs.x[0], STATUS_SUCCESS);

    /* a worker of the same priority waits for the root's budget */
    struct ec *worker = worker_at_root_priority();
    assert_true(sched_may_continue(root));
    assert_false(sched_may_continue(worker)); /* not what this CPU runs */

    /* a pending recall or the caller's death needs the scheduler */
    root->recall_pending = true;
    assert_false(sched_may_continue(root));
    root->recall_pending = false;
    root->dead = true;
    assert_false(sched_may_continue(root));
    root->dead = false;

    /* two downs: the first takes the count, the second blocks the root and
     * the worker runs; hypercall_entry never returns */
    root->regs.x[0] = (uint64_t)FREE << HC_ARG_SHIFT | CTRL_SM_DOWN << HC_FLAGS_SHIFT | HC_CTRL_SM;
    assert_ptr_equal(hypercall_entry(root), &root->regs);
    arch_host_entered = NULL;
    root->regs.x[0] = (uint64_t)FREE << HC_ARG_SHIFT | CTRL_SM_DOWN << HC_FLAGS_SHIFT | HC_CTRL_SM;
    assert_true(ARCH_HOST_HALTS(hypercall_entry(root)));
    assert_ptr_equal(arch_host_entered, worker);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(ctrl_sm_counts_and_checks_permissions),
        T(ctrl_sm_down_blocks_until_timeout),
        T(ctrl_sm_up_wakes_waiters_in_fifo_order),
        T(ipc_call_and_reply_transfer_words_and_donate_the_sc),
        T(startup_event_goes_to_the_portal_and_reply_sets_the_ip),
        T(exception_without_portal_kills_only_that_ec),
        T(ctrl_sc_reports_consumed_time),
        T(budget_expiry_rotates_equal_priorities),
        T(ctrl_ec_recall_sends_a_recall_event_before_the_ec_runs),
        T(fast_path_takes_the_common_case_and_leaves_the_rest),
        T(caller_returns_at_once_only_when_nothing_changed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
