/* Scheduling contexts (spec 2.3, 4.5); scheduling itself is sched.c. */
#ifndef LIBNOVA_SC_H
#define LIBNOVA_SC_H

#include "arch.h"
#include "kobject.h"
#include "status.h"

struct ec;

struct sc {
    struct kobject obj;
    struct ec *ec;   /* the global EC this SC is bound to */
    struct ec *exec; /* the EC it executes now: ec or a callee (donation) */
    unsigned cpu;
    unsigned prio;
    uint64_t budget;   /* STC ticks per round */
    uint64_t left;     /* of this round's budget */
    uint64_t consumed; /* in total, STC ticks */
    struct sc *next;   /* run queue link */
    bool queued;
};

#define SC_PRIO_MAX 127

status_t sc_create(struct ec *ec, unsigned cpu, unsigned prio, uint64_t budget, struct sc **out);

status_t hc_create_sc(struct ec *ec, struct arch_regs *r);
status_t hc_ctrl_sc(struct ec *ec, struct arch_regs *r);
void sc_destroy(struct sc *sc);

#endif
