/* Exceptions taken to EL2: hypercalls from host ECs, interrupts, and the
 * kernel's own faults, which get a readable report and stop the CPU. */
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "ec.h"
#include "gic.h"
#include "hypercall.h"
#include "ksyms.h"

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((esr)&0x1ffffff)
#define EC_SVC64 0x15

void exception_lower_sync(struct arch_regs *regs);
void exception_lower_irq(struct arch_regs *regs);
void exception_lower_other(struct arch_regs *regs);
void exception_kernel(struct arch_regs *frame);

static const char *exception_name(unsigned ec)
{
    switch (ec) {
    case 0x00:
        return "unknown reason";
    case 0x01:
        return "trapped WFI/WFE";
    case 0x07:
        return "FP/SIMD access";
    case 0x0e:
        return "illegal execution state";
    case 0x15:
        return "SVC";
    case 0x16:
        return "HVC";
    case 0x17:
        return "SMC";
    case 0x18:
        return "trapped MSR/MRS";
    case 0x20:
        return "instruction abort (lower EL)";
    case 0x21:
        return "instruction abort (EL2)";
    case 0x22:
        return "PC alignment fault";
    case 0x24:
        return "data abort (lower EL)";
    case 0x25:
        return "data abort (EL2)";
    case 0x26:
        return "SP alignment fault";
    case 0x2f:
        return "SError";
    case 0x3c:
        return "BRK";
    default:
        return "other";
    }
}

void exception_lower_sync(struct arch_regs *regs)
{
    struct ec *ec = ec_current;
    uint64_t esr = sysreg_read(esr_el2);
    if (ESR_EC(esr) == EC_SVC64 && ESR_ISS(esr) == 0) {
        hypercall(ec);
        arch_ec_return_to_user(ec);
    }
    /* Event delivery through the EC's event portals comes with the full
     * interface (spec 7.6); until then the EC is stopped with a report. */
    kprintf("NOVA: EC killed: %s (ESR 0x%lx) at ELR 0x%lx FAR 0x%lx\n", exception_name(ESR_EC(esr)),
            (unsigned long)esr, (unsigned long)regs->elr, (unsigned long)sysreg_read(far_el2));
    kprintf("NOVA: no runnable EC left; halting\n");
    arch_halt();
}

void exception_lower_irq(struct arch_regs *regs)
{
    (void)regs;
    unsigned ack = gic_ack();
    if (!gic_is_spurious(ack))
        gic_eoi(ack);
    arch_ec_return_to_user(ec_current);
}

void exception_lower_other(struct arch_regs *regs)
{
    kprintf("NOVA: EC killed: unexpected exception (FIQ/SError) at ELR 0x%lx\n",
            (unsigned long)regs->elr);
    arch_halt();
}

void exception_kernel(struct arch_regs *frame)
{
    uint64_t esr = sysreg_read(esr_el2);
    kprintf("\nFAULT: kernel %s at ELR 0x%lx in %s\n", exception_name(ESR_EC(esr)),
            (unsigned long)frame->elr, ksyms_lookup(frame->elr));
    kprintf("FAULT: ESR 0x%lx FAR 0x%lx SPSR 0x%lx SP 0x%lx\n", (unsigned long)esr,
            (unsigned long)sysreg_read(far_el2), (unsigned long)frame->spsr,
            (unsigned long)frame->sp);
    for (unsigned i = 0; i < 31; i += 2) {
        if (i == 30)
            kprintf("FAULT: x30 0x%016lx (%s)\n", (unsigned long)frame->x[30],
                    ksyms_lookup(frame->x[30]));
        else
            kprintf("FAULT: x%u 0x%016lx  x%u 0x%016lx\n", i, (unsigned long)frame->x[i], i + 1,
                    (unsigned long)frame->x[i + 1]);
    }
    kprintf("FAULT: kernel stopped\n");
    arch_halt();
}
