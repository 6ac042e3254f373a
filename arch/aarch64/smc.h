#ifndef ARCH_SMC_H
#define ARCH_SMC_H

#include "arch_types.h"
#include "types.h"

struct ec;

/* spec 7.9: the root PD's `svc #1` */
void smc_proxy(struct ec *ec);
/* An undefined forwarded SMC: answer NOT_SUPPORTED; true if it was that. */
bool smc_fixup(struct arch_regs *frame, uint64_t esr);

#endif
