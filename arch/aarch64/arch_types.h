/* aarch64 data types embedded in core objects (see libnova/arch.h). */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

/* Saved user state; the layout is shared with entry.S (offsets below). */
struct arch_regs {
    uint64_t x[31];
    uint64_t sp;   /* SP_EL0 */
    uint64_t elr;  /* ELR_EL2 */
    uint64_t spsr; /* SPSR_EL2 */
};

_Static_assert(sizeof(struct arch_regs) == 34 * 8, "entry.S frame layout");

/* EC state kept outside the frame: thread registers switched with the EC,
 * and the syndrome of its last exception for event delivery. */
struct arch_ec {
    uint64_t tpidr_el0, tpidrro_el0;
    uint64_t esr, far;
    struct fpu_state *fpu; /* FP/SIMD registers of an EC with the F flag */
};

/* Layout shared with fpu_save/fpu_load in entry.S. */
struct fpu_state {
    __uint128_t q[32];
    uint64_t fpcr, fpsr;
};

/* Root of a host space's stage-2 translation table and its VMID. */
struct arch_hst {
    uint64_t root_pa;
    uint16_t vmid;
};

/* This CPU's logical id, at offset 16 of its per-CPU block (smp.h),
 * whose address TPIDR_EL2 holds. */
static inline unsigned arch_cpu_id(void)
{
    const uint32_t *percpu;
    __asm__("mrs %0, tpidr_el2" : "=r"(percpu));
    return percpu[4];
}

/* Hypercall arguments and results live in X0..X4 (spec 7.8). */
static inline uint64_t arch_regs_arg(const struct arch_regs *r, unsigned i) { return r->x[i]; }
static inline void arch_regs_set(struct arch_regs *r, unsigned i, uint64_t v) { r->x[i] = v; }
#endif
