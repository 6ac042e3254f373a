/* aarch64 EC state that the exception entry needs (ec_arch.c). */
#ifndef ARCH_EC_ARCH_H
#define ARCH_EC_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <nova/utcb.h>

struct ec;

/* Per CPU, in its per-CPU block (smp.h): the EC whose EL2 registers are
 * loaded (NULL: unknown, load all), the VTTBR_EL2 value, the EC whose
 * FP/SIMD registers are loaded, and whether FP is open to EL0 (CPTR_EL2.TFP
 * clear). loaded and vttbr are adjacent: the IPC fast path writes both
 * with one store pair (ipc_fast.S). */
struct ec_cpu {
    struct ec *loaded;
    uint64_t vttbr;
    struct ec *fpu_owner;
    bool fp_open;
    struct ec *mode_vcpu; /* whose CPACR_EL1 and CNTKCTL_EL1 are loaded */
    struct ec *el1_owner; /* the vCPU whose EL1, timer and GIC state is loaded */
};

/* ec, the EC this CPU runs, trapped on FP use (EC 0x07). If it has the F
 * flag, opens FP to it with its registers loaded and returns true; false:
 * the trap is its event 0x07. Kernel lock held. */
bool arch_ec_fp_trap(struct ec *ec);

/* MTD bits of a vCPU's EL1 system registers, and of all state only a guest
 * EC has (spec 7.7.4, guest column). */
#define MTD_EL1_ALL                                                                                \
    (MTD_EL1_SP | MTD_EL1_IDR | MTD_EL1_ELR_SPSR | MTD_EL1_ESR_FAR | MTD_EL1_AFSR | MTD_EL1_TTBR | \
     MTD_EL1_TCR | MTD_EL1_MAIR | MTD_EL1_VBAR | MTD_EL1_SCTLR | MTD_EL1_MDSCR)
#define MTD_GUEST_ONLY                                                                             \
    (MTD_EL1_ALL | MTD_EL2_HCR | MTD_EL2_IDR | MTD_EL2_HPFAR | MTD_TMR | MTD_GIC | MTD_SPACES)

/* Guest ECs (ec_guest.c). Kernel lock held, on the vCPU's own CPU. */
void vcpu_load(struct ec_cpu *c, struct ec *ec);
void vcpu_leave(struct ec_cpu *c);
void arch_vcpu_forget(struct ec *ec);
/* The guest part of the MTD transfer: called for MTD_GUEST_ONLY bits (and,
 * from the UTCB, EL2_ELR_SPSR, whose SPSR a guest may change wholly). */
void vcpu_state_to_utcb(struct ec *ec, uint32_t mtd, void *utcb);
void vcpu_state_from_utcb(struct ec *ec, uint32_t mtd, const void *utcb);
/* The virtual timer (PPI 11) or maintenance (PPI 9) interrupt fired here. */
void vcpu_vtimer_interrupt(void);
void vcpu_maintenance_interrupt(void);

#endif
