/* Execution contexts (spec 2.2): host ECs and guest ECs (vCPUs). */
#ifndef LIBNOVA_EC_H
#define LIBNOVA_EC_H

#include "arch.h"
#include "kobject.h"
#include "status.h"

struct pd;
struct pt;
struct sc;
struct sm;
struct space_gst;

struct ec {
    struct kobject obj;
    struct pd *pd;
    struct sc *sc;     /* the SC bound to this global EC, NULL for local ECs */
    bool is_global;    /* spec 5.3.2 T flag: runs on its own SC, not via portals */
    bool fpu;          /* spec 5.3.2 F flag */
    bool is_guest;     /* spec 5.3.2 G flag: a vCPU, no UTCB */
    bool time_offset;  /* a vCPU's T flag: CNTVOFF_EL2 as its VMM sets it */
    uint64_t evt;      /* event selector base (spec 7.6) */
    void *utcb;        /* kernel view of the UTCB page */
    uint64_t utcb_vpn; /* where it is mapped in the PD's host space */

    /* State of the EC: at most one of these holds. These four bytes and
     * cpu are one 8-byte word that the aarch64 IPC fast path reads at once
     * (arch/aarch64/ipc_fast.S, offsets in asm_offsets.h). */
    bool waiting;              /* local EC ready for the next call (in ipc_reply) */
    bool dead;                 /* killed by an exception without a handler */
    bool startup_pending;      /* global EC whose STARTUP event is still due */
    bool recall_pending;       /* ctrl_ec: a RECALL event before it next runs */
    unsigned cpu;              /* the CPU it is bound to (spec 2.2) */
    struct ec *recall_waiters; /* strong ctrl_ec callers, until the recall */
    struct ec *recall_next;

    /* IPC (spec 4.4, 5.2): a call in progress or queued. */
    struct ec *caller;     /* whom this EC serves, with the caller's SC */
    struct sc *carrier;    /* the SC that carries the call this EC serves */
    bool serving_event;    /* the call is an event: reply writes state back */
    struct ec *callee;     /* whom this EC called */
    struct ec *queue_head; /* ECs waiting for this busy EC, FIFO */
    struct ec *queue_tail;
    struct ec *queue_next;
    struct pt *pending_pt; /* the portal of a queued call or event */
    uint32_t pending_mtd;
    bool pending_event;
    bool vtimer_pending;   /* a vCPU's virtual timer fired: the event is due */
    struct sc *blocked_sc; /* the SC that waits with this EC */

    /* Semaphores (spec 5.4.5) and timeouts. */
    struct sm *blocked_sm;
    struct ec *sm_next;
    uint64_t timeout; /* absolute STC, 0: none */
    struct ec *timeout_next;

    struct space_gst *gst; /* a vCPU's guest space (SPACES on reply), referenced */

    struct arch_ec arch; /* arch state outside the register frame */
    struct arch_regs regs;
};

status_t ec_create_host(struct pd *pd, unsigned cpu, uint64_t evt, struct ec **out);
void ec_destroy_unused(struct ec *ec);
/* The last reference is gone: detach from everything, free (now, or once
 * no CPU runs it any more). */
void ec_destroy(struct ec *ec);
void ec_free(struct ec *ec);

/* CPUs an EC may be bound to: 0 .. ec_cpu_count - 1 (set at boot). */
extern unsigned ec_cpu_count;

status_t hc_create_ec(struct ec *ec, struct arch_regs *r);
status_t hc_ctrl_ec(struct ec *ec, struct arch_regs *r);
/* The EC entered the kernel after a recall: strong ctrl_ec callers return. */
void ec_recall_observed(struct ec *ec);

#endif
