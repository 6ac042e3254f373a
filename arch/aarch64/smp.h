/* Multiprocessor bring-up and per-CPU state (aarch64).
 *
 * CPU numbering: logical CPU ids 0..N-1 go to the CPUs that came up, in
 * /cpus order (platform.cpu_mpidr[]); the boot CPU is the one whose MPIDR
 * matches MPIDR_EL1 and keeps its place in that order. A CPU that does not
 * start gets no id, so ids stay dense and N is the HIP's CPUNUM.
 *
 * Per-CPU blocks and kernel stacks are static, one per /cpus slot
 * (PLATFORM_MAX_CPUS): they exist before the kernel pool does, and a CPU
 * that starts too late to be counted still has memory no one else uses. */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include <stddef.h>
#include "ec_arch.h"
#include "cpu.h"
#include "platform.h"

/* SGI numbers the kernel sends (GIC INTIDs 0-15). */
#define SGI_PING 0    /* no work: counts in ipi_count; the boot self-check */
#define SGI_RESCHED 1 /* no work: the target leaves WFI or user mode and reschedules */

/* One per CPU, reached through TPIDR_EL2. CPU-local except where noted. */
struct percpu {
    uint64_t kernel_stack_top; /* offset 0: entry.S switches to it */
    uint32_t state;            /* enum smp_cpu_state; atomic, boot CPU and this CPU */
    uint32_t ipi_count;        /* SGI_PINGs received; atomic, read by any CPU */
    unsigned cpu;              /* logical id (offset 16: arch_cpu_id()); set when online */
    uint64_t mpidr;            /* affinity from /cpus; immutable once started */
    uint64_t gic_route;        /* gic_cpu_route() of this CPU; written before online */
    void *local;               /* the core's per-CPU data (offset 40: arch_cpu_local()) */
    struct ec_cpu ec;          /* the EC state loaded here (ec_arch.c) */
};
_Static_assert(offsetof(struct percpu, cpu) == 16, "arch_cpu_id() reads offset 16");
_Static_assert(offsetof(struct percpu, local) == 40, "arch_cpu_local() reads offset 40");

_Static_assert(offsetof(struct percpu, kernel_stack_top) == 0, "entry.S reads the stack top");

static inline struct percpu *percpu_this(void) { return (struct percpu *)sysreg_read(tpidr_el2); }

/* The block of online CPU cpu. */
struct percpu *percpu_of(unsigned cpu);

/* Boot CPU, first thing in kernel_main: its per-CPU block. */
void smp_init_boot_cpu(uint64_t kernel_stack_top);

/* Boot CPU, after the GIC, the timer and PSCI: start every other CPU in
 * /cpus, give ids, and check that each one takes an IPI. */
void smp_boot(const struct platform *p) __boot;

/* IRQ path: an SGI arrived on this CPU (interrupts masked). */
void smp_sgi_received(unsigned sgi);

/* EL2 state for host ECs on the current CPU (init_arch.c). */
void el2_init_cpu(void);
/* Enable this CPU's own PPIs, once it is ready to take them. */
void cpu_enable_ppis(void);

#endif
