/* Semaphores (spec 2.5): created ones, the console semaphore (spec C.1)
 * and one interrupt semaphore per interrupt pin (spec 6.1.3.1, sm_int.c). */
#ifndef LIBNOVA_SM_H
#define LIBNOVA_SM_H

#include <stdbool.h>
#include "arch.h"
#include "kobject.h"
#include "status.h"

struct ec;
struct pd;

struct sm {
    struct kobject obj;
    uint64_t counter;
    struct ec *wait_head, *wait_tail; /* blocked ECs, FIFO (spec 5.4.5) */
    /* interrupt semaphores only (sm_int.c) */
    bool is_int;   /* designates interrupt pin `pin` */
    bool assigned; /* assign_int has routed it: cpu, level, enabled are set */
    bool level;    /* T=1: masked from its signal until the next down */
    bool enabled;  /* M=0 */
    bool held;     /* level: signalled, masked until the next down */
    bool guest;    /* G=1: left active until a vCPU of guest_pd deactivates it */
    uint16_t cpu;
    uint32_t pin;
    uint64_t guest_pd; /* G=1: serial of the PD that assigned it */
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
/* Up, for the kernel's own signals (the caller checked for overflow). */
void sm_up(struct sm *sm);

/* Interrupt semaphores (sm_int.c): count pins, all masked, none assigned;
 * NULL when kernel memory is exhausted. */
struct sm *sm_int_create(unsigned count);
/* Interrupt pin `pin` fired (arch, kernel lock held). True when the pin
 * is guest-owned: the arch leaves it active (priority drop only) for the
 * guest to deactivate. */
bool sm_interrupt(unsigned pin);
/* May a vCPU of pd deactivate pin (a list register's HW bit)? Only when
 * pd made it guest-owned (assign_int G=1). */
bool sm_int_guest_owned(unsigned pin, const struct pd *pd);
/* ctrl_sm down on an interrupt semaphore: BAD_CPU from another CPU than
 * the one it is routed to (or before any assign_int); a level-triggered
 * pin held since its signal is unmasked again once no count is left. */
status_t sm_int_down(struct ec *ec, struct sm *sm);
status_t hc_assign_int(struct ec *ec, struct arch_regs *r);

#endif
