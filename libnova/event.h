/* Exceptions and microhypervisor events (spec 4.4.2, 7.6): an implicit
 * portal traversal to SELEVT + event number in the affected EC's PD. */
#ifndef LIBNOVA_EVENT_H
#define LIBNOVA_EVENT_H

#include <nova/hip.h>
#include "ec.h"

#define EVENT_STARTUP (HIP_SEL_HST_ARCH + 0)
#define EVENT_RECALL (HIP_SEL_HST_ARCH + 1)
#define EVENT_VTIMER (HIP_SEL_GST_ARCH + 2) /* a vCPU's virtual timer fired */

/* ec took an exception or event: send it to its portal, or kill ec when
 * the portal is missing or wrong. */
void event_send(struct ec *ec, unsigned event);
/* A pending STARTUP is sent, or the EC died: true when the SC's EC changed. */
bool event_deliver_pending(struct ec *ec);
/* handler replied to ec's event: write back what its MTD names (spec
 * 7.7.4), assign a vCPU's guest space (SPACES, spec 2.2.2). */
void event_reply(struct ec *handler, struct ec *ec, uint32_t mtd);
void event_kill(struct ec *ec, const char *why);

#endif
