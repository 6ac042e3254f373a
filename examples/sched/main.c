/* sched: threads with their own SCs at different priorities and budgets
 * (spec 2.3, 4.5, 5.3.3, 5.4.3). The root task (priority 127, the highest)
 * starts them, sleeps while they run, and judges what they recorded:
 *   1. a semaphore up that wakes a higher priority preempts at once;
 *   2. so does a timeout, even while the lower one has budget left;
 *   3. equal priorities share the CPU round robin in proportion to their
 *      budgets, and a lower priority gets nothing meanwhile.
 * Checks 1 and 3's "nothing" are exact; the time checks allow for QEMU's
 * timing noise. The QEMU test reads the lines (docs/examples.md). */
#include <nova/caps.h>
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/spawn.h>
#include "sched.h"

#define CPU 0
#define STACK_SIZE 4096
#define THREADS (2 + RR_THREADS + 1)
#define HIGH_PRIO 30
#define LOW_PRIO 20
#define LOW_BUDGET_MS 5000 /* without preemption high would wait for it */
#define RR_PRIO 10
#define BG_PRIO 5
#define SLEEP_MS 50       /* high's sleep in phase 2 */
#define LATE_MAX_MS 500   /* accepted lateness of high's wake-up */
#define RR_MS 1400        /* how long the round robin runs: 10 rounds */
#define RATIO_MIN 130     /* accepted consumed-time ratios, in % */
#define RATIO_MAX 300     /* (budgets 20, 40, 80 ms: 200 %) */
#define PHASE_TIMEOUT_S 8 /* longer than LOW_BUDGET_MS */

static const unsigned rr_budget_ms[RR_THREADS] = {20, 40, 80};
static void (*const rr_main[RR_THREADS])(void) = {rr0_main, rr1_main, rr2_main};

static uint8_t stacks[THREADS][STACK_SIZE] __attribute__((aligned(16)));
static unsigned threads;
static unsigned failures;

static bool ok(enum nova_status s, const char *what)
{
    if (s != STATUS_SUCCESS)
        rt_printf("sched: FAIL: %s: status %u\n", what, (unsigned)s);
    return s == STATUS_SUCCESS;
}

static void check(bool cond, const char *what)
{
    if (!cond) {
        failures++;
        rt_printf("sched: FAIL: %s\n", what);
    }
}

static uint64_t ms(uint64_t n) { return rt_hip->stc_freq * n / 1000; }
static uint64_t to_us(uint64_t stc) { return stc * 1000000 / rt_hip->stc_freq; }

/* A global EC in the root PD on CPU with its own SC; it runs once the
 * root blocks, if nothing of higher priority is ready. */
static bool thread(void (*entry)(void), uint64_t scd, uint64_t *sc)
{
    struct rt_pd root;
    uint64_t ec = rt_sel_alloc(0), evt = rt_sel_alloc(7);

    *sc = rt_sel_alloc(0);
    if (threads == THREADS || evt == RT_SEL_NONE || *sc == RT_SEL_NONE)
        return ok(STATUS_MEM_CAP, "thread selectors");
    void *sp = stacks[threads++] + STACK_SIZE;
    return ok(rt_pd_root(&root), "root pd") &&
           ok(rt_thread_create(&root, ec, CPU, rt_utcb_alloc(), sp, entry, evt), "thread") &&
           ok(nova_create_sc(*sc, SEL_ROOT_PD, ec, scd), "create_sc");
}

/* The root blocks until high ups sm_root (or gives up). */
static bool wait_for_high(void)
{
    enum nova_status s =
        nova_ctrl_sm(demo.sm_root, CTRL_SM_DOWN, stc_now() + ms(PHASE_TIMEOUT_S * 1000));
    if (s == STATUS_TIMEOUT)
        rt_printf("sched: FAIL: high did not run within %u s: not preempting low?\n",
                  PHASE_TIMEOUT_S);
    return s == STATUS_SUCCESS || (s != STATUS_TIMEOUT && ok(s, "waiting for high"));
}

static bool preemption(void)
{
    uint64_t high_sc, low_sc;

    if (!thread(high_main, SCD(10, HIGH_PRIO, 0), &high_sc) ||
        !thread(low_main, SCD(LOW_BUDGET_MS, LOW_PRIO, 0), &low_sc) || !wait_for_high())
        return false;
    rt_printf("sched: semaphore: high (prio %u) ran when low (prio %u) upped it, at low's step "
              "%lu\n",
              HIGH_PRIO, LOW_PRIO, demo.high_saw_step);
    check(demo.high_saw_step == 1, "high did not preempt low at its up (step 2 means after)");

    demo.high_deadline = stc_now() + ms(SLEEP_MS);
    if (!wait_for_high())
        return false;
    uint64_t late = demo.high_woke - demo.high_deadline;
    rt_printf("sched: timeout: high woke %lu us after its deadline, preempting low "
              "(budget %u ms) after %lu spins\n",
              to_us(late), LOW_BUDGET_MS, demo.high_saw_spins);
    check(demo.high_status == STATUS_TIMEOUT, "high's sleep did not time out");
    check(demo.high_woke >= demo.high_deadline && late < ms(LATE_MAX_MS),
          "high woke too late: no preemption at the timeout");
    check(demo.high_saw_spins > 0, "low did not run while high slept");
    demo.low_stop = 1;
    return true;
}

static void print_ratio(const char *name, uint64_t num, uint64_t den, bool *in_range)
{
    uint64_t pct = den ? num * 100 / den : 0;
    rt_printf("sched: round robin: %s = %lu.%02lu\n", name, pct / 100, pct % 100);
    *in_range = pct >= RATIO_MIN && pct <= RATIO_MAX;
}

static bool round_robin(void)
{
    uint64_t sc[RR_THREADS], bg_sc, used[RR_THREADS], bg_used, sleep = rt_sel_alloc(0);

    for (unsigned i = 0; i < RR_THREADS; i++)
        if (!thread(rr_main[i], SCD(rr_budget_ms[i], RR_PRIO, 0), &sc[i]))
            return false;
    if (!thread(bg_main, SCD(10, BG_PRIO, 0), &bg_sc) ||
        !ok(nova_create_sm(sleep, SEL_ROOT_PD, 0), "create_sm"))
        return false;
    /* high and low finish and park first: they have higher priorities. */
    if (nova_ctrl_sm(sleep, CTRL_SM_DOWN, stc_now() + ms(RR_MS)) != STATUS_TIMEOUT)
        return ok(STATUS_ABORTED, "root sleep");
    for (unsigned i = 0; i < RR_THREADS; i++)
        if (!ok(nova_ctrl_sc(sc[i], &used[i]), "ctrl_sc"))
            return false;
    if (!ok(nova_ctrl_sc(bg_sc, &bg_used), "ctrl_sc"))
        return false;

    rt_printf("sched: round robin at prio %u for %u ms:\n", RR_PRIO, RR_MS);
    for (unsigned i = 0; i < RR_THREADS; i++)
        rt_printf("sched:   thread %u budget %2u ms consumed %7lu us, %lu spins\n", i,
                  rr_budget_ms[i], to_us(used[i]), demo.rr_spins[i]);
    bool r1, r2;
    print_ratio("consumed 1/0", used[1], used[0], &r1);
    print_ratio("consumed 2/1", used[2], used[1], &r2);
    check(used[0] > 0 && used[1] > 0 && used[2] > 0, "a round-robin thread got no time");
    check(used[0] < used[1] && used[1] < used[2], "consumed times not ordered like the budgets");
    check(r1 && r2, "consumed-time ratios outside 1.30..3.00 (budgets say 2.00)");
    rt_printf("sched: priority: background (prio %u) consumed %lu us, %lu spins\n", BG_PRIO,
              to_us(bg_used), demo.bg_spins);
    check(bg_used == 0 && demo.bg_spins == 0, "the lower priority ran while higher were ready");
    return true;
}

int main(const struct nova_hip *hip, uint64_t fdt_pa, uint64_t x1, uint64_t manifest)
{
    int status = rt_console_open(fdt_pa, NULL);

    (void)hip;
    (void)x1;
    (void)manifest;
    if (status != RT_EXIT_OK)
        return status;

    rt_printf("sched: threads on CPU %u; the root (prio 127) sleeps while they run\n", CPU);
    demo.sm_wake = rt_sel_alloc(2);
    demo.sm_sleep = demo.sm_wake + 1;
    demo.sm_root = demo.sm_wake + 2;
    demo.sm_park = demo.sm_wake + 3;
    for (unsigned i = 0; i < 4; i++)
        if (!ok(nova_create_sm(demo.sm_wake + i, SEL_ROOT_PD, 0), "create_sm"))
            return RT_EXIT_FAILURE;
    if (!preemption() || !round_robin())
        return RT_EXIT_FAILURE;
    if (failures) {
        rt_printf("sched: %u checks failed\n", failures);
        return RT_EXIT_FAILURE;
    }
    rt_printf("sched: PASS\n");
    return RT_EXIT_OK;
}
