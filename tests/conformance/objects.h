/* Selectors of the objects the create_* checks make, in the order they are
 * made (fixture.h: FX_OBJ and up). Each group uses those of earlier ones. */
#ifndef CONFORMANCE_OBJECTS_H
#define CONFORMANCE_OBJECTS_H

#include "fixture.h"

enum object_sel {
    O_PD1 = FX_OBJ, /* a PD with an object and a host space */
    O_PD1_OBJ,
    O_PD1_HST,
    O_PD2,         /* a PD with an object space only */
    O_PD2_PD_ONLY, /* O_PD2 with only PERM_PD_PD */
    O_PD2_OBJ,
    O_PD3,       /* made through a PD capability with only PERM_PD_PD */
    O_PD4,       /* a PD without spaces */
    O_EC_LOCAL,  /* root PD, local thread */
    O_EC_GLOBAL, /* root PD, global thread */
    O_EC_PD1,    /* PD1, global thread */
    O_EC_LOCAL_NO_BINDPT,
    O_EC_GLOBAL_NO_BINDSC,
    O_EC_PD1_BINDSC_ONLY,
    O_SM,
    O_SM_MAX,
    O_SM_UP_ONLY,
    O_SM_DN_ONLY,
    O_PT,
    O_PT2,
    O_PT_NO_CTRL,
    O_PT_CTRL_ONLY,
    O_SC,
    O_SC_PD1,
    O_EC_SPARE, /* root PD, global thread without an SC (mem exhaustion) */
    O_INT_SM,   /* the last interrupt pin's semaphore, from the NOVA object space */
    O_INT_SM_DN_ONLY,
    O_INT_SM_ASSIGN_ONLY,
    O_INT_SM_UNASSIGNED, /* the pin before it, never assigned */
};

/* Host-virtual pages for UTCBs (fixture.h: FX_VPN(16) and up). */
#define VPN_UTCB_LOCAL FX_VPN(16)
#define VPN_UTCB_GLOBAL FX_VPN(17)
#define VPN_UTCB_SPARE FX_VPN(18)
#define VPN_UTCB_NO_MEM FX_VPN(19)
#define VPN_UTCB_FAIL(i) FX_VPN(32 + (i)) /* one per create_ec case that must fail */

/* Scheduling Context Descriptor (spec 4.5). */
#define SCD(budget_ms, prio, cos)                                                                  \
    ((uint64_t)(budget_ms) | (uint64_t)(prio) << 16 | (uint64_t)(cos) << 23)

#endif
