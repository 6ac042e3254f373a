/* Hypercall entry (spec 5, 7.8): decode, check, dispatch. */
#ifndef LIBNOVA_HYPERCALL_H
#define LIBNOVA_HYPERCALL_H

#include "ec.h"

/* Handle the hypercall ec made; its result is in ec's registers. */
void hypercall(struct ec *ec);

status_t hc_ctrl_pd(struct ec *ec, struct arch_regs *r);
status_t hc_ctrl_hw(struct ec *ec, struct arch_regs *r);

#endif
