/* Per-CPU run queues and dispatch. See sched.h.
 *
 * Locking: one kernel lock serialises everything ECs do in the kernel on
 * all CPUs. It is taken at every entry from user mode and in the idle loop
 * after an interrupt, and released on the way back to user mode and while a
 * CPU sleeps. Run queues, timeouts and current pointers are per CPU but may
 * be touched by another CPU under the lock (a remote wake-up, followed by an
 * IPI that makes the owner reschedule). Finer-grained locks replace it
 * later (docs/locking.md). */
#include <string.h>
#include "arch.h"
#include "ec.h"
#include "event.h"
#include "platform.h"
#include "sched.h"
#include "spinlock.h"
#include "timeout.h"

#define PRIO_WORDS ((SC_PRIO_MAX + 64) / 64)

/* current and ec come first: an arch's IPC fast path reaches them through
 * arch_cpu_local() (arch.h). */
struct run_queue {
    struct sc *current; /* dispatched SC, NULL when idle */
    struct ec *ec;      /* the EC entered last */
    struct sc *head[SC_PRIO_MAX + 1], *tail[SC_PRIO_MAX + 1];
    uint64_t nonempty[PRIO_WORDS]; /* bit p: head[p] is set */
    struct ec *zombies;            /* dead ECs this CPU frees once it left them */
    uint64_t dispatched;           /* STC when current was dispatched */
    uint64_t deadline;             /* what the timer is programmed to, 0: off */
};

_Static_assert(offsetof(struct run_queue, current) == SCHED_CPU_CURRENT &&
                   offsetof(struct run_queue, ec) == SCHED_CPU_EC &&
                   offsetof(struct run_queue, head) == SCHED_CPU_HEAD &&
                   offsetof(struct run_queue, nonempty) == SCHED_CPU_NONEMPTY &&
                   PRIO_WORDS == SCHED_CPU_PRIO_WORDS &&
                   offsetof(struct run_queue, zombies) == SCHED_CPU_ZOMBIES,
               "the layout arch.h promises");

static struct run_queue rqs[PLATFORM_MAX_CPUS];
/* spec 6.1.3.1: one idle SC per CPU; ctrl_sc on it reports idle time. */
static struct sc idle_scs[PLATFORM_MAX_CPUS];
struct spinlock sched_kernel_lock;
static bool started; /* the boot CPU entered the scheduler: others may */

/* rqs[arch_cpu_id()], kept by the arch per CPU (set by sched_init for the
 * boot CPU, by sched_start_secondary for the others). */
static struct run_queue *this_rq(void) { return arch_cpu_local(); }

void sched_init(void)
{
    memset(rqs, 0, sizeof(rqs));
    memset(idle_scs, 0, sizeof(idle_scs));
    for (unsigned cpu = 0; cpu < PLATFORM_MAX_CPUS; cpu++) {
        kobject_init(&idle_scs[cpu].obj, KOBJ_SC);
        idle_scs[cpu].cpu = cpu;
    }
    arch_cpu_set_local(&rqs[arch_cpu_id()]);
    timeout_init();
}

struct sc *sched_idle_sc(unsigned cpu) { return &idle_scs[cpu]; }

struct ec *sched_ec_current(void) { return this_rq()->ec; }

void sched_enter(struct ec *ec) { this_rq()->ec = ec; }

bool sched_is_running_elsewhere(const struct ec *ec)
{
    const struct run_queue *rq = &rqs[ec->cpu];
    return ec->cpu != arch_cpu_id() && rq->current && rq->ec == ec;
}

void sched_ready(struct sc *sc)
{
    if (!sc)
        return; /* the SC died while its EC waited */
    struct run_queue *rq = &rqs[sc->cpu];
    if (sc->queued)
        return;
    sc->queued = true;
    sc->next = NULL;
    if (rq->tail[sc->prio])
        rq->tail[sc->prio]->next = sc;
    else
        rq->head[sc->prio] = sc;
    rq->tail[sc->prio] = sc;
    rq->nonempty[sc->prio / 64] |= UINT64_C(1) << sc->prio % 64;
    if (sc->cpu != arch_cpu_id())
        arch_cpu_kick(sc->cpu);
}

static void dequeue(struct sc *sc)
{
    struct run_queue *rq = &rqs[sc->cpu];
    struct sc **link = &rq->head[sc->prio], *prev = NULL;
    for (; *link && *link != sc; prev = *link, link = &(*link)->next)
        ;
    if (!*link)
        return;
    *link = sc->next;
    if (rq->tail[sc->prio] == sc)
        rq->tail[sc->prio] = prev;
    if (!rq->head[sc->prio])
        rq->nonempty[sc->prio / 64] &= ~(UINT64_C(1) << sc->prio % 64);
    sc->queued = false;
}

static struct sc *highest(const struct run_queue *rq)
{
    for (unsigned w = PRIO_WORDS; w--;)
        if (rq->nonempty[w])
            return rq->head[w * 64 + 63 - (unsigned)__builtin_clzll(rq->nonempty[w])];
    return NULL;
}

/* After a hypercall that did not block, ec (the EC this CPU entered) may
 * return at once if its SC still executes it, nothing outranks that SC,
 * and no death, event or zombie waits for the scheduler. The timer needs
 * no change: the SC's slice and the timeouts are as they were. */
bool sched_may_continue(const struct ec *ec)
{
    const struct run_queue *rq = this_rq();
    const struct sc *sc = rq->current;
    return sc && sc->exec == ec && highest(rq) == sc && !rq->zombies && !ec->dead &&
           !ec->startup_pending && !ec->recall_pending;
}

struct sc *sched_current(void) { return this_rq()->current; }

void sched_account(void)
{
    struct run_queue *rq = this_rq();
    if (!rq->current)
        return;
    uint64_t now = arch_stc_now(), used = now - rq->dispatched;
    rq->current->consumed += used;
    rq->current->left = rq->current->left > used ? rq->current->left - used : 0;
    rq->dispatched = now;
}

uint64_t sched_consumed(const struct sc *sc)
{
    const struct run_queue *rq = &rqs[sc->cpu];
    uint64_t running = sc == rq->current ? arch_stc_now() - rq->dispatched : 0;
    return sc->consumed + running;
}

struct sc *sched_block_current(void)
{
    struct run_queue *rq = this_rq();
    struct sc *sc = rq->current;
    sched_account();
    dequeue(sc);
    rq->current = NULL;
    return sc;
}

/* Budget used up: refill and go to the back of the priority (round robin). */
static void rotate_if_expired(struct run_queue *rq)
{
    struct sc *sc = rq->current;
    if (!sc || sc->left)
        return;
    sc->left = sc->budget;
    dequeue(sc);
    sched_ready(sc);
}

void sched_timer_interrupt(void)
{
    this_rq()->deadline = 0; /* the arch cancelled it */
    sched_account();
    rotate_if_expired(this_rq());
    timeout_expire(arch_stc_now());
}

static void program_timer(struct run_queue *rq)
{
    uint64_t deadline = timeout_next();
    if (rq->current) {
        uint64_t slice_end = rq->dispatched + rq->current->left;
        if (!deadline || slice_end < deadline)
            deadline = slice_end;
    }
    if (deadline != rq->deadline) /* most passes change nothing */
        arch_timer_program(deadline);
    rq->deadline = deadline;
}

/* An EC that a CPU may still be running in, or whose kernel entry is in
 * progress here, is freed by that CPU on its next pass through the
 * scheduler; true if so. */
bool sched_defer_free(struct ec *ec)
{
    struct run_queue *rq = &rqs[ec->cpu];
    if (rq->ec != ec)
        return false;
    ec->queue_next = rq->zombies;
    rq->zombies = ec;
    if (ec->cpu != arch_cpu_id())
        arch_cpu_kick(ec->cpu);
    return true;
}

static void free_zombies(struct run_queue *rq)
{
    while (rq->zombies) {
        struct ec *ec = rq->zombies;
        rq->zombies = ec->queue_next;
        if (rq->ec == ec)
            rq->ec = NULL;
        ec_free(ec);
    }
}

/* The SC dies: off the run queue and off its CPU. */
void sched_remove(struct sc *sc)
{
    struct run_queue *rq = &rqs[sc->cpu];
    dequeue(sc);
    if (rq->current == sc) {
        rq->current = NULL;
        if (sc->cpu != arch_cpu_id())
            arch_cpu_kick(sc->cpu);
    }
}

void sched_resume(void)
{
    struct run_queue *rq = this_rq();
    for (;;) {
        free_zombies(rq);
        sched_account();
        rotate_if_expired(rq);
        struct sc *sc = highest(rq);
        if (!sc) {
            rq->current = NULL;
            program_timer(rq);
            uint64_t idle_since = arch_stc_now();
            sched_unlock();
            arch_wait_for_interrupt();
            sched_lock();
            idle_scs[arch_cpu_id()].consumed += arch_stc_now() - idle_since;
            arch_handle_interrupts();
            continue;
        }
        if (sc != rq->current) {
            rq->current = sc;
            rq->dispatched = arch_stc_now();
        }
        struct ec *ec = sc->exec;
        /* A pending STARTUP or RECALL, or a death, changes who runs. */
        if (event_deliver_pending(ec))
            continue;
        program_timer(rq);
        rq->ec = ec;
        arch_ec_return_to_user(ec); /* drops the kernel lock */
    }
}

void sched_start(void)
{
    sched_lock();
    __atomic_store_n(&started, true, __ATOMIC_RELEASE);
    arch_cpu_kick_all();
    sched_resume();
}

bool sched_is_started(void) { return __atomic_load_n(&started, __ATOMIC_ACQUIRE); }

void sched_start_secondary(void)
{
    arch_cpu_set_local(&rqs[arch_cpu_id()]);
    sched_lock();
    sched_resume();
}
