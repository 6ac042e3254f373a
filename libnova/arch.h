/* The arch interface: everything the core needs from the CPU. Implemented
 * by arch/<arch>/ for the target and by arch/host/ for the unit tests.
 * Per-arch data types (register frames, page-table roots) come from the
 * arch's own arch_types.h, found through the include path. */
#ifndef LIBNOVA_ARCH_H
#define LIBNOVA_ARCH_H

#include "arch_types.h"
#include "status.h"
#include "types.h"

struct platform;
struct space_hst;
struct ec;

/* A memory capability as stored in a host space (spec 4.1.3, 7.7.5). */
struct mem_cap {
    paddr_t pa;
    uint8_t perm; /* PERM_MEM_*; 0 means null capability */
    uint8_t mad;  /* memory attribute descriptor, CA and SH fields */
};

/* CPU and power */
void arch_halt(void) __attribute__((noreturn));
void arch_power_off(void);
void arch_reset(void);
uint64_t arch_stc_frequency(void);
void arch_platform_init(const struct platform *p);
unsigned arch_int_pin_count(void);
/* Interrupt pin `pin` (aarch64: GIC SPI, INTID 32 + pin), masked while
 * this runs: edge- or level-triggered, routed to CPU cpu, not active (a
 * guest that never deactivated it is forgotten). */
void arch_int_config(unsigned pin, unsigned cpu, bool level);
void arch_int_mask(unsigned pin, bool masked);
/* Can a pin be left active for a guest to deactivate (assign_int G=1)? */
bool arch_int_guest_capable(void);
/* CPUs online after arch_platform_init() (the HIP's CPUNUM), numbered
 * 0..count-1, and the boot CPU's number among them (CPUBSP). */
unsigned arch_cpu_online_count(void);
unsigned arch_cpu_bsp(void);

/* Kernel address space: the linear map covers all RAM. */
void *arch_phys_to_virt(paddr_t pa);
paddr_t arch_virt_to_phys(const void *va);
status_t arch_map_linear(paddr_t base, uint64_t size);
void *arch_map_device(paddr_t base, uint64_t size);

/* Host spaces (spec 2.1.2). Page-table pages come from kmem. */
status_t arch_hst_create(struct space_hst *space);
/* Install cap at virtual page vpn, replacing what was there; perm 0 removes.
 * Kernel-owned pages stay: a delegatable update leaves them (SUCCESS), a
 * kernel-owned one answers BAD_PAR. MEM_CAP when a table page is missing. */
status_t arch_hst_update(struct space_hst *space, uint64_t vpn, struct mem_cap cap,
                         bool delegatable);
/* The delegatable capability at vpn, or one with perm 0. */
struct mem_cap arch_hst_lookup(const struct space_hst *space, uint64_t vpn);
/* Free the tables and forget the space in every TLB (its VMID is reused). */
void arch_hst_destroy(struct space_hst *space);
/* Remove a kernel-owned page (a UTCB whose EC died). */
void arch_hst_unmap_kernel(struct space_hst *space, uint64_t vpn);
bool arch_mad_is_valid(uint32_t mad);

/* Time: the STC and the per-CPU timer that drives scheduling. */
uint64_t arch_stc_now(void);
void arch_timer_program(uint64_t deadline); /* absolute STC; 0 cancels */
/* Wait with interrupts masked until one is pending. For the idle loop. */
void arch_wait_for_interrupt(void);
/* Acknowledge and handle what is pending: the timer calls
 * sched_timer_interrupt(), a kick only ends the wait. */
void arch_handle_interrupts(void);

/* SMP: make another CPU (or all) reschedule. arch_cpu_id(), this CPU's
 * logical id, and arch_copy_words(), which copies n >= 1 IPC message words
 * between UTCBs, come from arch_types.h: they are on every hot path, so an
 * arch may make them inline. */
void arch_cpu_kick(unsigned cpu);
void arch_cpu_kick_all(void);
/* arch_cpu_local() (arch_types.h) holds the core's per-CPU scheduler
 * state; an arch's fast paths in assembly may read and write its first
 * two words (sched.c asserts them): the SC dispatched on this CPU and the
 * EC entered last; and read what tells whether that SC may go on
 * (sched_may_continue()): the first SC of each priority, the bitmap of
 * priorities with ready SCs (two words) and the zombie list. */
#define SCHED_CPU_CURRENT 0
#define SCHED_CPU_EC 8
#define SCHED_CPU_HEAD 16
#define SCHED_CPU_NONEMPTY 2064
#define SCHED_CPU_PRIO_WORDS 2
#define SCHED_CPU_ZOMBIES 2080

/* Execution contexts */
void arch_ec_init_user(struct ec *ec, uint64_t ip, uint64_t sp);
/* ec, a local EC, next runs for a call or an event through a portal: it
 * enters at ip with the PID and the MTD as the spec's calling convention
 * says (7.8), and every other register it sees cleared: nothing of its own
 * or of any other EC's earlier work but its stack pointer and thread
 * registers (docs/abi-choices.md). */
void arch_ec_enter_portal(struct ec *ec, uint64_t ip, uint64_t pid, uint32_t mtd);
/* FP/SIMD state for an EC with the F flag (MEM_OBJ if out of memory). */
status_t arch_ec_init_fpu(struct ec *ec);
void arch_ec_free_fpu(struct ec *ec);
/* A guest EC's EL1, timer and GIC state (MEM_OBJ if out of memory). */
status_t arch_ec_init_guest(struct ec *ec);
void arch_ec_free_guest(struct ec *ec);
/* Forget any per-CPU reference to ec (loaded thread or FP registers). */
void arch_ec_forget(struct ec *ec);
void arch_ec_return_to_user(struct ec *ec) __attribute__((noreturn));
/* Architectural IPC (spec 4.3.2, 7.7.3, 7.7.4): an EC's state to and from
 * a UTCB in the architectural layout, for the parts mtd names. */
void arch_ec_state_to_utcb(struct ec *ec, uint32_t mtd, void *utcb);
void arch_ec_state_from_utcb(struct ec *ec, uint32_t mtd, const void *utcb);
/* The guest space selector of an architectural UTCB (MTD SPACES). */
uint64_t arch_utcb_sel_gst(const void *utcb);

#endif
