/* Exceptions taken to EL2: events and smc_proxy from host ECs (entry.S
 * takes hypercalls to hypercall.c and ipc_fast.S), interrupts, and the
 * kernel's own faults, which get a readable report and stop the CPU. */
#include "arch.h"
#include "asm_offsets.h"
#include "console.h"
#include "cpu.h"
#include "ec.h"
#include "ec_arch.h"
#include "gic.h"
#include "event.h"
#include "ipc.h"
#include "sc.h"
#include "sched.h"
#include "sm.h"
#include "smc.h"
#include "timer.h"
#include "ksyms.h"
#include "smp.h"

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((esr)&0x1ffffff)
#define EC_SVC64 0x15
#define EC_FP_ACCESS 0x07
#define ESR_IL (1u << 25)
#define ESR_HYPERCALL (EC_SVC64 << 26 | ESR_IL) /* svc #0 from AArch64 */
_Static_assert(ESR_HYPERCALL == ESR_HYPERCALL_HI16 << 16, "entry.S tests the same ESR");
_Static_assert(EC_SVC64 == ESR_EC_SVC64 && EC_FP_ACCESS == ESR_EC_FP_ACCESS &&
                   ESR_EC(UINT64_MAX) == (1u << ESR_EC_BITS) - 1 &&
                   ESR_EC(1ull << ESR_EC_SHIFT) == 1,
               "event_fast.S reads the exception class the same way");

struct arch_regs *exception_lower_sync(struct arch_regs *regs);
void exception_lower_irq(struct arch_regs *regs);
void exception_lower_other(struct arch_regs *regs);
void exception_kernel(struct arch_regs *frame);
void exception_kernel_irq(struct arch_regs *frame);

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

/* Every synchronous exception from EL0 but svc #0, whose hypercalls
 * entry.S hands to hypercall_entry() (or answers itself): smc_proxy and
 * events. Does not return. */
struct arch_regs *exception_lower_sync(struct arch_regs *regs)
{
    uint64_t esr = sysreg_read(esr_el2);
    struct ec *ec = (struct ec *)((char *)regs - offsetof(struct ec, regs));
    sched_lock();
    if (unlikely(ec->dead)) /* destroyed from another CPU meanwhile */
        sched_resume();
    if (ESR_EC(esr) == EC_SVC64 && ESR_ISS(esr) == 1) {
        smc_proxy(ec);
    } else if (ESR_EC(esr) == EC_FP_ACCESS && arch_ec_fp_trap(ec)) {
        /* an EC with the F flag: it goes on with FP open */
    } else {
        /* spec 7.6.1: the exception class is the event number */
        ec->arch.esr = esr;
        ec->arch.far = sysreg_read(far_el2);
        if (ec->is_guest) /* the IPA of a stage-2 abort (spec 7.7.4 EL2_HPFAR) */
            ec->arch.hpfar = sysreg_read(hpfar_el2);
        event_send(ec, ESR_EC(esr));
        /* The handler was waiting on this CPU and nothing outranks it: it
         * runs at once on the same SC, as a fast IPC call would. */
        struct sc *sc = sched_current();
        if (likely(sc && sc->exec != ec && sched_may_continue(sc->exec))) {
            sched_enter(sc->exec);
            arch_ec_return_to_user(sc->exec);
        }
    }
    sched_resume();
}

/* An interrupt for this CPU, taken from EL0 or while idle at EL2:
 * acknowledged, acted on and ended here, with interrupts masked. */
static void handle_interrupt(void)
{
    unsigned ack = gic_ack();
    if (gic_is_spurious(ack))
        return;
    if (GIC_INTID(ack) == timer_intid()) {
        timer_cancel(); /* level-triggered: quiet until reprogrammed */
        sched_timer_interrupt();
    } else if (GIC_INTID(ack) < GIC_PPI_BASE) {
        smp_sgi_received(GIC_INTID(ack));
    } else if (GIC_INTID(ack) == GIC_PPI_VTIMER) {
        vcpu_vtimer_interrupt();
    } else if (GIC_INTID(ack) == GIC_PPI_MAINTENANCE) {
        vcpu_maintenance_interrupt();
    } else if (GIC_INTID(ack) >= GIC_SPI_BASE) {
        /* a user-mode driver's; a guest's stays active for its vCPU */
        if (sm_interrupt(GIC_INTID(ack) - GIC_SPI_BASE)) {
            gic_drop(ack);
            return;
        }
    }
    gic_eoi(ack);
}

void exception_lower_irq(struct arch_regs *regs)
{
    (void)regs;
    sched_lock();
    handle_interrupt();
    sched_resume();
}

void arch_wait_for_interrupt(void)
{
    __asm__ volatile("dsb sy\n wfi" ::: "memory"); /* wakes with IRQs masked too */
}

void arch_handle_interrupts(void) { handle_interrupt(); }

void exception_lower_other(struct arch_regs *regs)
{
    (void)regs;
    sched_lock();
    event_kill(sched_ec_current(), "SError or FIQ");
    sched_resume();
}

/* Interrupts are open at EL2 only while a CPU waits for the scheduler to
 * start, holding no lock; the handlers expect the kernel lock. */
void exception_kernel_irq(struct arch_regs *frame)
{
    (void)frame;
    sched_lock();
    handle_interrupt();
    sched_unlock();
}

void exception_kernel_sync(struct arch_regs *frame);

void exception_kernel_sync(struct arch_regs *frame)
{
    if (!smc_fixup(frame, sysreg_read(esr_el2)))
        exception_kernel(frame);
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
