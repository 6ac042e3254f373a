/* Hypercall entry (spec 5, 7.8): decode, check, dispatch. */
#ifndef LIBNOVA_HYPERCALL_H
#define LIBNOVA_HYPERCALL_H

#include <nova/hypercall.h>
#include <stdbool.h>
#include <stddef.h>
#include "ec.h"

typedef status_t (*hc_handler_t)(struct ec *ec, struct arch_regs *r);

/* By hypercall number (X0[3:0]); NULL: BAD_HYP (spec 5.1.2). */
extern const hc_handler_t hypercall_handlers[16];

/* An undefined number is answered from X0 alone, before the kernel lock:
 * the arch entry checks this first. */
static inline bool hypercall_is_defined(uint64_t x0)
{
    return hypercall_handlers[x0 & HC_NUMBER_MASK] != NULL;
}

/* Handle the hypercall ec made; its result is in ec's registers. Kernel
 * lock held. */
void hypercall(struct ec *ec);

/* The arch's entry for a defined hypercall of ec, the EC this CPU entered,
 * without the kernel lock. Returns ec's frame if ec goes back to user mode
 * at once (its result in its registers); otherwise enters another EC or the
 * scheduler and does not return. */
struct arch_regs *hypercall_entry(struct ec *ec);

status_t hc_ctrl_pd(struct ec *ec, struct arch_regs *r);
status_t hc_ctrl_hw(struct ec *ec, struct arch_regs *r);

#endif
