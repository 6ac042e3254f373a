/* Portals (spec 2.4): entry points into a local EC. */
#ifndef LIBNOVA_PT_H
#define LIBNOVA_PT_H

#include "arch.h"
#include "kobject.h"
#include "status.h"

struct ec;

struct pt {
    struct kobject obj;
    struct ec *ec; /* the local EC that handles calls */
    uint64_t ip;   /* where the EC starts for a call */
    uint64_t pid;  /* portal identifier passed to the EC */
    uint32_t mtd;  /* message transfer descriptor */
};

status_t hc_create_pt(struct ec *ec, struct arch_regs *r);
status_t hc_ctrl_pt(struct ec *ec, struct arch_regs *r);
void pt_destroy(struct pt *pt);

#endif
