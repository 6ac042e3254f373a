/* Host EC state on aarch64: EL0 in the EL1&0 regime with HCR_EL2.TGE and
 * DC set, so stage 1 is off and the host space (stage 2) is the address
 * space; every exception from EL0 comes to EL2 (docs/abi-choices.md). */
#include "arch.h"
#include "cpu.h"
#include "ec.h"
#include "pd.h"
#include "sysreg.h"

#define HCR_HOST (HCR_RW | HCR_TGE | HCR_DC | HCR_VM)
#define CNTKCTL_EL0_COUNTERS 0x3 /* EL0PCTEN, EL0VCTEN: the STC is readable */

void regs_return_to_user(struct arch_regs *regs) __attribute__((noreturn));

void arch_ec_init_user(struct ec *ec, uint64_t ip, uint64_t sp)
{
    ec->regs.elr = ip;
    ec->regs.sp = sp;
    ec->regs.spsr = PSR_MODE_EL0T;
}

void arch_ec_return_to_user(struct ec *ec)
{
    const struct arch_hst *hst = &ec->pd->space_hst->arch;
    sysreg_write(hcr_el2, HCR_HOST);
    sysreg_write(vttbr_el2, (uint64_t)hst->vmid << 48 | hst->root_pa);
    sysreg_write(cntkctl_el1, CNTKCTL_EL0_COUNTERS);
    isb();
    regs_return_to_user(&ec->regs);
}
