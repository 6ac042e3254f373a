/* The sched example: what the threads and the root task share. All threads
 * run in the root PD on CPU 0; only the root prints, and the root's SC has
 * the highest priority, so no thread interrupts a line. */
#ifndef SCHED_H
#define SCHED_H

#include <nova/hypercall.h>
#include <stdint.h>

#define RR_THREADS 3

struct demo {
    /* Semaphores (root selectors), set before any thread starts. */
    uint64_t sm_wake;  /* high waits on it in phase 1; low ups it */
    uint64_t sm_sleep; /* high sleeps on it with a timeout in phase 2 */
    uint64_t sm_root;  /* high ups it after each phase: the root wakes */
    uint64_t sm_park;  /* nobody ups it: threads that are done wait here */

    /* Phase 1: preemption when a semaphore wakes a higher priority. */
    volatile uint64_t low_step;      /* 1 just before low's up, 2 after */
    volatile uint64_t high_saw_step; /* low_step when high ran */

    /* Phase 2: preemption when a timeout wakes a higher priority. */
    volatile uint64_t high_deadline;  /* STC; the root sets it */
    volatile uint64_t high_woke;      /* STC when high ran again */
    volatile uint64_t high_status;    /* of its ctrl_sm down */
    volatile uint64_t low_spins;      /* low's CPU-bound loop */
    volatile uint64_t high_saw_spins; /* low_spins when high ran */
    volatile uint64_t low_stop;       /* the root ends low's loop */

    /* Phase 3: round robin among equal priorities, and a lower one. */
    volatile uint64_t rr_spins[RR_THREADS];
    volatile uint64_t bg_spins;
};

extern struct demo demo;

uint64_t stc_now(void);

/* Thread bodies (threads.c), started by rt_thread_create. */
void high_main(void) __attribute__((noreturn));
void low_main(void) __attribute__((noreturn));
void rr0_main(void) __attribute__((noreturn));
void rr1_main(void) __attribute__((noreturn));
void rr2_main(void) __attribute__((noreturn));
void bg_main(void) __attribute__((noreturn));

#endif
