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
 * the VTTBR_EL2 value of its host space (fixed once the EC exists; a
 * vCPU's is its guest space's, set by SPACES), the
 * IPC fast path's memory of this EC's last ipc_call (ipc_fast.S), and the
 * syndrome of its last exception for event delivery. */
struct arch_ec {
    uint64_t tpidr_el0, tpidrro_el0;
    uint64_t vttbr;
    /* The selector of the last portal it called (UINT64_MAX: none yet) and
     * that selector's slot in its PD's object space. Only a hint: the fast
     * path still checks what the slot holds. Valid as long as the EC: a
     * PD's object space never changes and frees its tables only when it
     * dies, after the PD and so after every EC of the PD (space_obj.c). */
    uint64_t pt_sel;
    const void *pt_slot;
    uint64_t esr, far, hpfar;
    struct fpu_state *fpu;  /* FP/SIMD registers of an EC with the F flag */
    struct vcpu_regs *vcpu; /* a guest EC's EL1, timer and GIC state */
};

/* The GIC virtual CPU interface of a vCPU, in the GICv3 formats (ICH_LR,
 * ICH_VMCR) whatever the hardware's version (docs/abi-choices.md). */
struct gic_virt {
    uint64_t lr[16];
    uint32_t ap0r[4], ap1r[4];
    uint32_t vmcr, elrsr;
    uint32_t hcr; /* ICH_HCR_EL2 as the kernel sets it */
};

/* A vCPU's state beyond the frame (ec_guest.c): its EL1 system registers,
 * its virtual timer and the EL2 controls it runs under. Loaded lazily:
 * while this CPU's el1_owner, the registers hold it, not this. */
struct vcpu_regs {
    uint64_t sp_el1, elr_el1, spsr_el1, esr_el1, far_el1, afsr0_el1, afsr1_el1;
    uint64_t ttbr0_el1, ttbr1_el1, tcr_el1, mair_el1, amair_el1, vbar_el1, sctlr_el1;
    uint64_t mdscr_el1, tpidr_el1, contextidr_el1, par_el1, csselr_el1, cpacr_el1;
    uint64_t cntv_ctl, cntv_cval, cntkctl, cntvoff;
    uint64_t hcr, vpidr, vmpidr;
    struct gic_virt gic;
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

/* The core's pointer for this CPU (its run queue), at offset 40 of the
 * per-CPU block: two instructions instead of indexing an array by id. */
static inline void *arch_cpu_local(void)
{
    void *const *percpu;
    __asm__("mrs %0, tpidr_el2" : "=r"(percpu));
    return percpu[5];
}

/* Set it, for the calling CPU, before the core asks (smp.c). */
void arch_cpu_set_local(void *local);

/* IPC message words, UTCB to UTCB (16-byte aligned, n >= 1), in the
 * largest units general registers allow: the remainder of 1, 2 and 4 words
 * first, then 64 bytes an iteration in post-indexed pairs. Inline: a call
 * would make the IPC fast path save registers it otherwise needs not. */
static inline void arch_copy_words(uint64_t *dst, const uint64_t *src, unsigned long n)
{
    __asm__ volatile("tbz %[n], #0, 1f\n"
                     "ldr x3, [%[s]], #8\n"
                     "str x3, [%[d]], #8\n"
                     "1: tbz %[n], #1, 2f\n"
                     "ldp x3, x4, [%[s]], #16\n"
                     "stp x3, x4, [%[d]], #16\n"
                     "2: tbz %[n], #2, 3f\n"
                     "ldp x3, x4, [%[s]], #16\n"
                     "ldp x5, x6, [%[s]], #16\n"
                     "stp x3, x4, [%[d]], #16\n"
                     "stp x5, x6, [%[d]], #16\n"
                     "3: lsr %[n], %[n], #3\n"
                     "cbz %[n], 5f\n"
                     "4: ldp x3, x4, [%[s]], #16\n"
                     "ldp x5, x6, [%[s]], #16\n"
                     "ldp x7, x8, [%[s]], #16\n"
                     "ldp x9, x10, [%[s]], #16\n"
                     "stp x3, x4, [%[d]], #16\n"
                     "stp x5, x6, [%[d]], #16\n"
                     "stp x7, x8, [%[d]], #16\n"
                     "stp x9, x10, [%[d]], #16\n"
                     "subs %[n], %[n], #1\n"
                     "b.ne 4b\n"
                     "5:\n"
                     : [d] "+r"(dst), [s] "+r"(src), [n] "+r"(n)
                     :
                     : "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "memory", "cc");
}

/* Hypercall arguments and results live in X0..X4 (spec 7.8). */
static inline uint64_t arch_regs_arg(const struct arch_regs *r, unsigned i) { return r->x[i]; }
static inline void arch_regs_set(struct arch_regs *r, unsigned i, uint64_t v) { r->x[i] = v; }
#endif
