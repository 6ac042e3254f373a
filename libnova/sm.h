/* Semaphores (spec 2.5): created ones and the console semaphore (spec C.1);
 * interrupt semaphores come with user-mode drivers. */
#ifndef LIBNOVA_SM_H
#define LIBNOVA_SM_H

#include "arch.h"
#include "kobject.h"
#include "status.h"

struct ec;

struct sm {
    struct kobject obj;
    uint64_t counter;
    struct ec *wait_head, *wait_tail; /* blocked ECs, FIFO (spec 5.4.5) */
};

extern struct sm sm_console;

status_t hc_create_sm(struct ec *ec, struct arch_regs *r);
status_t hc_ctrl_sm(struct ec *ec, struct arch_regs *r);
/* Take ec off its semaphore and let it run with status in X0. */
void sm_wake(struct ec *ec, status_t status);
void sm_destroy(struct sm *sm);
void sm_cancel(struct ec *ec);

/* spec C.1: one up per line written to the memory-buffer console */
void sm_console_signal(void);

#endif
