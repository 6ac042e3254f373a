/* Exceptions and microhypervisor events (spec 4.4.2, 7.6): an implicit
 * portal traversal to SELEVT + event number in the affected EC's PD. */
#ifndef LIBNOVA_EVENT_H
#define LIBNOVA_EVENT_H

#include <nova/hip.h>
#include "ec.h"

#define EVENT_STARTUP (HIP_SEL_HST_ARCH + 0)
#define EVENT_RECALL (HIP_SEL_HST_ARCH + 1)

/* ec took an exception or event: send it to its portal, or kill ec when
 * the portal is missing or wrong. */
void event_send(struct ec *ec, unsigned event);
/* A pending STARTUP is sent, or the EC died: true when the SC's EC changed. */
bool event_deliver_pending(struct ec *ec);
/* The handler replied: write back what its MTD names (spec 7.7.4). */
void event_reply(struct ec *ec, uint32_t mtd, const void *utcb);
void event_kill(struct ec *ec, const char *why);

#endif
