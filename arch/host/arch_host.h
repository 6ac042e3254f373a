/* Test hooks of the host arch shim (arch_host.c): fake physical memory,
 * recorders for power calls and a recoverable arch_halt(). */
#ifndef ARCH_HOST_H
#define ARCH_HOST_H

#include <setjmp.h>
#include "arch.h"

/* Fake RAM: ARCH_HOST_RAM_SIZE bytes at physical ARCH_HOST_RAM_BASE,
 * 4 KiB aligned in the test's address space. Addresses outside it are
 * translated one to one (malloc'd or static objects). */
#define ARCH_HOST_RAM_BASE UINT64_C(0x40000000)
#define ARCH_HOST_RAM_SIZE (UINT64_C(8) << 20)
#define ARCH_HOST_STC_FREQ UINT64_C(62500000)
#define ARCH_HOST_INT_PINS 256u

/* The fake RAM's kernel view (allocated on first use). */
void *arch_host_ram(void);
/* Empty the kmem pool, then give it `pages` (at most 512) fresh pages from
 * the upper half of the fake RAM; the lower half is the test's own. */
void arch_host_kmem_reset(uint64_t pages);

/* How often arch_power_off / arch_reset / arch_halt were called. */
extern unsigned arch_host_power_off_calls;
extern unsigned arch_host_reset_calls;
extern unsigned arch_host_halt_calls;

/* The capability at vpn including kernel-owned ones (which
 * arch_hst_lookup() hides); *kernel says whether it is kernel-owned. */
struct mem_cap arch_host_hst_peek(const struct space_hst *space, uint64_t vpn, bool *kernel);

/* When set, arch_halt() and arch_ec_return_to_user() longjmp here with 1;
 * otherwise they abort(). */
extern jmp_buf *arch_host_halt_jmp;

/* The EC the scheduler entered last, the fake STC and the programmed timer. */
extern struct ec *arch_host_entered;
extern uint64_t arch_host_stc;
extern uint64_t arch_host_timer_deadline;

/* What arch_int_config/arch_int_mask last set, per interrupt pin. */
struct arch_host_int {
    bool configured, level, masked;
    unsigned cpu;
};
extern struct arch_host_int arch_host_int[ARCH_HOST_INT_PINS];
/* What arch_int_guest_capable() answers (true unless a test says). */
extern bool arch_host_int_guest;

/* True if running stmt ended in arch_halt() (for example through panic()). */
#define ARCH_HOST_HALTS(stmt)                                                                      \
    ({                                                                                             \
        jmp_buf env_;                                                                              \
        volatile bool halted_ = true;                                                              \
        arch_host_halt_jmp = &env_;                                                                \
        if (!setjmp(env_)) {                                                                       \
            stmt;                                                                                  \
            halted_ = false;                                                                       \
        }                                                                                          \
        arch_host_halt_jmp = NULL;                                                                 \
        halted_;                                                                                   \
    })

#endif
