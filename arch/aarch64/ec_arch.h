/* aarch64 EC state that the exception entry needs (ec_arch.c). */
#ifndef ARCH_EC_ARCH_H
#define ARCH_EC_ARCH_H

#include <stdbool.h>
#include <stdint.h>

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
};

/* ec, the EC this CPU runs, trapped on FP use (EC 0x07). If it has the F
 * flag, opens FP to it with its registers loaded and returns true; false:
 * the trap is its event 0x07. Kernel lock held. */
bool arch_ec_fp_trap(struct ec *ec);

#endif
