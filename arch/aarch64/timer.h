/* The Arm generic timer as the hypervisor uses it: the system counter for
 * time, the EL2 physical timer (CNTHP) for the kernel's own deadlines.
 * The EL1 virtual timer belongs to guests; EL1 may read the physical
 * counter but not program the physical timer. */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include "platform.h"

/* Frequency used when neither the tree nor CNTFRQ_EL0 gives one: the
 * fixed 1 GHz of Armv8.6 and later. */
#define TIMER_FALLBACK_HZ 1000000000u

/* Boot CPU: frequency, then timer_init_cpu(). */
void timer_init(const struct platform *p);

/* Current CPU: EL2 timer off, EL1 counter access, CNTVOFF_EL2 = 0. */
void timer_init_cpu(void);

uint64_t timer_frequency(void);

/* The system counter, CNTPCT_EL0, not reordered before earlier code. */
uint64_t timer_now(void);

/* INTID of the EL2 physical timer interrupt (a PPI), for gic_enable_irq. */
unsigned timer_intid(void);

/* Fire the EL2 physical timer once the counter reaches deadline; cancel. */
void timer_set_deadline(uint64_t deadline);
void timer_cancel(void);

#endif
