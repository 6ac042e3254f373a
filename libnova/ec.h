/* Execution contexts (spec 2.2). Only host ECs exist so far. */
#ifndef LIBNOVA_EC_H
#define LIBNOVA_EC_H

#include "arch.h"
#include "kobject.h"
#include "status.h"

struct pd;
struct sc;

struct ec {
    struct kobject obj;
    struct pd *pd;
    struct sc *sc;  /* the SC bound to this global EC, NULL for local ECs */
    bool is_global; /* spec 5.3.2 T flag: runs on its own SC, not via portals */
    bool fpu;       /* spec 5.3.2 F flag */
    uint64_t evt;   /* event selector base (spec 7.6) */
    unsigned cpu;
    void *utcb; /* kernel view of the UTCB page */
    struct arch_regs regs;
};

status_t ec_create_host(struct pd *pd, unsigned cpu, uint64_t evt, struct ec **out);
void ec_destroy_unused(struct ec *ec);

/* CPUs an EC may be bound to: 0 .. ec_cpu_count - 1 (set at boot). */
extern unsigned ec_cpu_count;

status_t hc_create_ec(struct ec *ec, struct arch_regs *r);

/* The EC running on this CPU (boot CPU only until SMP). */
extern struct ec *ec_current;

#endif
