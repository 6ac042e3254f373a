/* Timeouts of ECs blocked in ctrl_sm down (spec 5.4.5), ordered by
 * deadline. One list for all CPUs under the kernel lock: every CPU's timer
 * covers the earliest deadline, and whichever fires first wakes the EC on
 * its own CPU (sched_ready kicks that CPU). */
#ifndef LIBNOVA_TIMEOUT_H
#define LIBNOVA_TIMEOUT_H

#include "types.h"

struct ec;

void timeout_init(void);
void timeout_add(struct ec *ec, uint64_t deadline);
void timeout_remove(struct ec *ec);
/* The earliest deadline, 0 if none. */
uint64_t timeout_next(void);
/* Wake every EC whose deadline is <= now with TIMEOUT. */
void timeout_expire(uint64_t now);

#endif
