/* Host (unit-test) data types embedded in core objects (see libnova/arch.h).
 * Same names and layout as arch/aarch64/arch_types.h, so the core's
 * register conventions (arguments and results in X0..X4) hold in tests. */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

unsigned arch_cpu_id(void); /* always 0: the tests run one CPU */
void arch_copy_words(uint64_t *dst, const uint64_t *src, unsigned long n);
void *arch_cpu_local(void);
void arch_cpu_set_local(void *local);

struct arch_regs {
    uint64_t x[31];
    uint64_t sp;
    uint64_t elr;
    uint64_t spsr;
};

/* root_pa: fake physical address of the space's top table page (kmem). */
struct arch_ec {
    uint64_t tpidr_el0, tpidrro_el0;
    uint64_t esr, far;
    void *fpu;  /* stands for the FP/SIMD save area */
    void *vcpu; /* stands for a vCPU's EL1, timer and GIC state */
};

struct arch_hst {
    uint64_t root_pa;
    uint16_t vmid;
};

static inline uint64_t arch_regs_arg(const struct arch_regs *r, unsigned i) { return r->x[i]; }
static inline void arch_regs_set(struct arch_regs *r, unsigned i, uint64_t v) { r->x[i] = v; }

#endif
