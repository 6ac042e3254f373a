/* Scheduling (spec 2.3, 4.5): preemptive priority scheduling of SCs, round
 * robin with budgets at equal priority. An SC executes the EC at the end of
 * its donation chain (sc->exec): its own EC, or the callee it was donated
 * to by ipc_call or an event.
 *
 * The kernel keeps no kernel stacks per EC: every kernel entry runs to
 * completion and ends in sched_resume(), which enters whatever EC is to run
 * next. A blocked EC's result (X0) is written by whoever wakes it.
 *
 * Locking: the kernel lock (sched.c) serialises kernel work of all CPUs;
 * each CPU has its own run queue, timeouts and current EC. */
#ifndef LIBNOVA_SCHED_H
#define LIBNOVA_SCHED_H

#include "sc.h"
#include "spinlock.h"

struct ec;

/* Empty run queues and timeouts (boot, and between unit tests). */
void sched_init(void);
/* The kernel lock: taken at every kernel entry from user mode, released
 * by arch_ec_return_to_user() and while a CPU sleeps. */
extern struct spinlock sched_kernel_lock;
static inline void sched_lock(void) { spinlock_lock(&sched_kernel_lock); }
static inline void sched_unlock(void) { spinlock_unlock(&sched_kernel_lock); }
/* The boot CPU, after the root PD exists; other CPUs once they are up. */
void sched_start(void) __attribute__((noreturn));
void sched_start_secondary(void) __attribute__((noreturn));
bool sched_is_started(void);
/* ec is in user mode on another CPU right now (or about to be). */
bool sched_is_running_elsewhere(const struct ec *ec);
/* Object lifetime: see ec_destroy() and sc_destroy(). */
bool sched_defer_free(struct ec *ec);
void sched_remove(struct sc *sc);
/* The idle SC of cpu (spec 6.1.3.1). */
struct sc *sched_idle_sc(unsigned cpu);
/* The EC this CPU entered last: the one whose kernel entry is running. */
struct ec *sched_ec_current(void);
/* The IPC fast path enters ec on the current SC without rescheduling. */
void sched_enter(struct ec *ec);
/* Make sc runnable (at the tail of its priority) on its CPU. */
void sched_ready(struct sc *sc);
/* Take the current SC off the CPU: its EC blocks. Returns the SC so the
 * waker can hand it back to sched_ready(). */
struct sc *sched_block_current(void);
/* The SC executing right now (NULL in the idle loop). */
struct sc *sched_current(void);
/* Charge the running SC for the time since it was dispatched. */
void sched_account(void);
/* ec may go back to user mode without the scheduler (see sched.c). */
bool sched_may_continue(const struct ec *ec);
/* Enter the next EC to run; idles until there is one. */
void sched_resume(void) __attribute__((noreturn));
/* The per-CPU timer fired: budget expiry and timeouts. */
void sched_timer_interrupt(void);
/* Total time sc has consumed, in STC ticks. */
uint64_t sched_consumed(const struct sc *sc);

#endif
