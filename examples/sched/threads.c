/* The threads of the sched example. They record what they saw in `demo`
 * and print nothing; the root task judges and prints. */
#include <novart/rt.h>
#include "sched.h"

struct demo demo;

uint64_t stc_now(void)
{
    uint64_t t;
    __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(t));
    return t;
}

static void __attribute__((noreturn)) park(void)
{
    for (;;)
        nova_ctrl_sm(demo.sm_park, CTRL_SM_DOWN, 0);
}

/* Phase 1: wait until low ups sm_wake, note how far low got. Phase 2:
 * sleep until the root's deadline while low spins, note when high ran
 * and how far low got. The root wakes after each phase. */
void high_main(void)
{
    if (nova_ctrl_sm(demo.sm_wake, CTRL_SM_DOWN, 0) == STATUS_SUCCESS)
        demo.high_saw_step = demo.low_step;
    nova_ctrl_sm(demo.sm_root, 0, 0);

    demo.high_status = nova_ctrl_sm(demo.sm_sleep, CTRL_SM_DOWN, demo.high_deadline);
    demo.high_woke = stc_now();
    demo.high_saw_spins = demo.low_spins;
    nova_ctrl_sm(demo.sm_root, 0, 0);
    park();
}

/* Wakes high, then spins until the root says stop. */
void low_main(void)
{
    demo.low_step = 1;
    nova_ctrl_sm(demo.sm_wake, 0, 0);
    demo.low_step = 2;
    while (!demo.low_stop)
        demo.low_spins++;
    park();
}

/* CPU-bound threads: they never block, so only their budgets and the
 * priorities decide who runs. */
void rr0_main(void)
{
    for (;;)
        demo.rr_spins[0]++;
}

void rr1_main(void)
{
    for (;;)
        demo.rr_spins[1]++;
}

void rr2_main(void)
{
    for (;;)
        demo.rr_spins[2]++;
}

void bg_main(void)
{
    for (;;)
        demo.bg_spins++;
}
