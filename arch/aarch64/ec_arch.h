/* aarch64 EC state that the exception entry needs (ec_arch.c). */
#ifndef ARCH_EC_ARCH_H
#define ARCH_EC_ARCH_H

#include <stdbool.h>

struct ec;

/* ec, the EC this CPU runs, trapped on FP use (EC 0x07). If it has the F
 * flag, opens FP to it with its registers loaded and returns true; false:
 * the trap is its event 0x07. Kernel lock held. */
bool arch_ec_fp_trap(struct ec *ec);

#endif
