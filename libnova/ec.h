/* Execution contexts (spec 2.2). Only host ECs exist so far. */
#ifndef LIBNOVA_EC_H
#define LIBNOVA_EC_H

#include "arch.h"
#include "kobject.h"
#include "status.h"

struct pd;

struct ec {
    struct kobject obj;
    struct pd *pd;
    uint64_t evt; /* event selector base (spec 7.6) */
    unsigned cpu;
    void *utcb; /* kernel view of the UTCB page */
    struct arch_regs regs;
};

status_t ec_create_host(struct pd *pd, unsigned cpu, uint64_t evt, struct ec **out);

/* The EC running on this CPU (boot CPU only until SMP). */
extern struct ec *ec_current;

#endif
