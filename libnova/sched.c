/* Run queues and dispatch for the boot CPU. See sched.h. */
#include <string.h>
#include "arch.h"
#include "ec.h"
#include "event.h"
#include "sched.h"
#include "timeout.h"

static struct {
    struct sc *head[SC_PRIO_MAX + 1], *tail[SC_PRIO_MAX + 1];
    struct sc *current;  /* dispatched SC, NULL when idle */
    uint64_t dispatched; /* STC when current was dispatched */
} rq;

void sched_init(void)
{
    memset(&rq, 0, sizeof(rq));
    timeout_init();
}

void sched_ready(struct sc *sc)
{
    if (sc->queued)
        return;
    sc->queued = true;
    sc->next = NULL;
    if (rq.tail[sc->prio])
        rq.tail[sc->prio]->next = sc;
    else
        rq.head[sc->prio] = sc;
    rq.tail[sc->prio] = sc;
}

static void dequeue(struct sc *sc)
{
    struct sc **link = &rq.head[sc->prio], *prev = NULL;
    for (; *link && *link != sc; prev = *link, link = &(*link)->next)
        ;
    if (!*link)
        return;
    *link = sc->next;
    if (rq.tail[sc->prio] == sc)
        rq.tail[sc->prio] = prev;
    sc->queued = false;
}

static struct sc *highest(void)
{
    for (unsigned p = SC_PRIO_MAX; p; p--)
        if (rq.head[p])
            return rq.head[p];
    return NULL;
}

struct sc *sched_current(void) { return rq.current; }

void sched_account(void)
{
    if (!rq.current)
        return;
    uint64_t now = arch_stc_now(), used = now - rq.dispatched;
    rq.current->consumed += used;
    rq.current->left = rq.current->left > used ? rq.current->left - used : 0;
    rq.dispatched = now;
}

uint64_t sched_consumed(const struct sc *sc)
{
    uint64_t running = sc == rq.current ? arch_stc_now() - rq.dispatched : 0;
    return sc->consumed + running;
}

struct sc *sched_block_current(void)
{
    struct sc *sc = rq.current;
    sched_account();
    dequeue(sc);
    rq.current = NULL;
    return sc;
}

/* Budget used up: refill and go to the back of the priority (round robin). */
static void rotate_if_expired(void)
{
    struct sc *sc = rq.current;
    if (!sc || sc->left)
        return;
    sc->left = sc->budget;
    dequeue(sc);
    sched_ready(sc);
}

void sched_timer_interrupt(void)
{
    sched_account();
    rotate_if_expired();
    timeout_expire(arch_stc_now());
}

static void program_timer(void)
{
    uint64_t deadline = timeout_next();
    if (rq.current) {
        uint64_t slice_end = rq.dispatched + rq.current->left;
        if (!deadline || slice_end < deadline)
            deadline = slice_end;
    }
    arch_timer_program(deadline);
}

void sched_resume(void)
{
    for (;;) {
        sched_account();
        rotate_if_expired();
        struct sc *sc = highest();
        if (!sc) {
            rq.current = NULL;
            program_timer();
            arch_wait_for_interrupt();
            continue;
        }
        if (sc != rq.current) {
            rq.current = sc;
            rq.dispatched = arch_stc_now();
        }
        struct ec *ec = sc->exec;
        /* A pending STARTUP or a dead EC changes who runs: decide again. */
        if (event_deliver_pending(ec))
            continue;
        program_timer();
        ec_current = ec;
        arch_ec_return_to_user(ec);
    }
}
