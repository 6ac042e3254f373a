/* IPC (spec 4.3, 4.4, 5.2): calls through portals, replies, and the queue
 * of callers waiting for a busy EC. Events (event.c) use the same path. */
#ifndef LIBNOVA_IPC_H
#define LIBNOVA_IPC_H

#include "ec.h"

struct pt;
struct sc;

status_t hc_ipc_call(struct ec *ec, struct arch_regs *r);
status_t hc_ipc_reply(struct ec *ec, struct arch_regs *r);

/* Send caller's call or event through pt on sc: now if the portal's EC is
 * waiting, else queued behind the callers before it. */
void ipc_send(struct ec *caller, struct pt *pt, uint32_t mtd, bool event, struct sc *sc);
/* ec dies: its caller and every queued caller learn it (spec 5.2.1 ABORTED). */
void ipc_abort_callers(struct ec *ec);
/* Object lifetime: a queued caller leaves its queue; callers queued on a
 * dying portal are aborted; a dying EC is detached from every call. */
void ipc_withdraw(struct ec *ec);
void ipc_abort_queued(struct ec *callee, const struct pt *pt);
void ipc_detach(struct ec *ec);

#endif
