/* Host EC state on aarch64: EL0 in the EL1&0 regime with HCR_EL2.TGE and
 * DC set, so stage 1 is off and the host space (stage 2) is the address
 * space; every exception from EL0 comes to EL2 (docs/abi-choices.md). */
#include <nova/utcb.h>
#include "arch.h"
#include "asm_offsets.h"
#include "cpu.h"
#include "ec.h"
#include "ec_arch.h"
#include "kmem.h"
#include "pd.h"
#include "platform.h"
#include "sched.h"
#include "smp.h"
#include "space_gst.h"
#include "sysreg.h"

#define HCR_HOST (HCR_RW | HCR_TGE | HCR_DC | HCR_VM)
#define CNTKCTL_EL0_COUNTERS 0x3 /* EL0PCTEN, EL0VCTEN: the STC is readable */
#define SPSR_NZCV (0xfull << 28) /* the only SPSR bits a handler may change */
_Static_assert(HCR_HOST == ASM_HCR_HOST && CNTKCTL_EL0_COUNTERS == ASM_CNTKCTL_HOST &&
                   SPSR_NZCV == ASM_SPSR_NZCV,
               "event_fast.S switches to host ECs the same way");

void regs_return_to_user(struct arch_regs *regs) __attribute__((noreturn));

#define this_cpu (&percpu_this()->ec)

void fpu_save(struct fpu_state *s);
void fpu_load(const struct fpu_state *s);

/* FP/SIMD registers follow the ECs that may use them (F flag), lazily:
 * every EC enters with FP use trapped (CPTR_EL2.TFP; with HCR_EL2.TGE set,
 * CPACR_EL1 traps would report EC 0, unknown). An EC with the flag that
 * uses FP traps once after it was switched in, and arch_ec_fp_trap() opens
 * FP to it, saving and loading registers only if another FP user had
 * them. An EC without the flag gets event 0x07 (spec 7.6.1). Switching
 * between ECs that do not use FP costs nothing. */
static void switch_fpu(struct ec *ec)
{
    struct ec **owner = &this_cpu->fpu_owner;
    if (!ec->fpu || *owner == ec)
        return;
    if (*owner)
        fpu_save((*owner)->arch.fpu);
    fpu_load(ec->arch.fpu);
    *owner = ec;
}

void arch_ec_forget(struct ec *ec)
{
    struct ec_cpu *c = &percpu_of(ec->cpu)->ec;
    if (ec->is_guest)
        arch_vcpu_forget(ec);
    if (c->loaded == ec)
        c->loaded = NULL;
    if (c->fpu_owner == ec)
        c->fpu_owner = NULL;
}

status_t arch_ec_init_fpu(struct ec *ec)
{
    ec->arch.fpu = kmem_alloc(sizeof(struct fpu_state));
    return ec->arch.fpu ? STATUS_SUCCESS : STATUS_MEM_OBJ;
}

void arch_ec_free_fpu(struct ec *ec)
{
    if (ec->arch.fpu)
        kmem_free(ec->arch.fpu, sizeof(struct fpu_state));
}

/* The EC's PD has its host space by now (create_ec checks, the root PD
 * gets its spaces first), and a PD's host space never changes. */
void arch_ec_init_user(struct ec *ec, uint64_t ip, uint64_t sp)
{
    const struct arch_hst *hst = &ec->pd->space_hst->arch;
    ec->regs.elr = ip;
    ec->regs.sp = sp;
    ec->regs.spsr = PSR_MODE_EL0T;
    ec->arch.vttbr = (uint64_t)hst->vmid << 48 | hst->root_pa;
    ec->arch.pt_sel = UINT64_MAX;
}

/* X2..X30 and NZCV cleared; SP_EL0, TPIDR_EL0 and TPIDRRO_EL0 stay the
 * EC's own. ipc_fast.S enters a callee the same way. */
void arch_ec_enter_portal(struct ec *ec, uint64_t ip, uint64_t pid, uint32_t mtd)
{
    ec->regs.x[0] = pid;
    ec->regs.x[1] = mtd;
#pragma GCC unroll 29 /* store pairs, not a loop: on every event's way */
    for (unsigned i = 2; i < 31; i++)
        ec->regs.x[i] = 0;
    ec->regs.elr = ip;
    ec->regs.spsr = PSR_MODE_EL0T;
}

/* Bring ec's thread registers up to date in memory if they are loaded. */
static void save_thread_registers(struct ec *ec)
{
    if (ec != this_cpu->loaded)
        return;
    ec->arch.tpidr_el0 = sysreg_read(tpidr_el0);
    ec->arch.tpidrro_el0 = sysreg_read(tpidrro_el0);
}

bool arch_ec_fp_trap(struct ec *ec)
{
    if (!ec->fpu)
        return false;
    sysreg_write(cptr_el2, CPTR_EL2_RES1);
    isb(); /* switch_fpu() uses FP at EL2 */
    switch_fpu(ec);
    this_cpu->fp_open = true;
    return true;
}

/* The EL2 registers that describe the EC change only when another EC
 * runs, and then only those that differ: thread registers always, FP
 * access if the EC before opened it, VTTBR_EL2 when the space does, and
 * the registers a host EC shares with every other (HCR_EL2, CNTKCTL_EL1,
 * CPACR_EL1, CNTVOFF_EL2) only after "unknown" or a vCPU. The eret that
 * follows synchronises them: no isb. */
static inline void load_ec(struct ec_cpu *c, struct ec *ec)
{
    struct ec *prev = c->loaded;
    const struct arch_hst *hst;
    if (likely(prev)) /* EL0 may write TPIDR_EL0, never TPIDRRO_EL0 */
        prev->arch.tpidr_el0 = sysreg_read(tpidr_el0);
    sysreg_write(tpidr_el0, ec->arch.tpidr_el0);
    sysreg_write(tpidrro_el0, ec->arch.tpidrro_el0);
    if (unlikely(!prev || c->fp_open)) {
        sysreg_write(cptr_el2, CPTR_EL2_RES1 | CPTR_EL2_TFP);
        c->fp_open = false;
    }
    if (unlikely(ec->is_guest)) {
        vcpu_load(c, ec);
        hst = &ec->gst->s2.arch;
    } else {
        if (unlikely(!prev || prev->is_guest)) {
            vcpu_leave(c);
            sysreg_write(hcr_el2, HCR_HOST);
            sysreg_write(cntkctl_el1, CNTKCTL_EL0_COUNTERS);
            sysreg_write(cpacr_el1, CPACR_FPEN);
            sysreg_write(cntvoff_el2, 0);
        }
        hst = &ec->pd->space_hst->arch;
    }
    uint64_t vttbr = (uint64_t)hst->vmid << 48 | hst->root_pa;
    if (!prev || vttbr != c->vttbr)
        sysreg_write(vttbr_el2, vttbr);
    c->vttbr = vttbr;
    c->loaded = ec;
}

void arch_ec_return_to_user(struct ec *ec)
{
    struct ec_cpu *c = this_cpu;
    if (ec != c->loaded)
        load_ec(c, ec);
    sched_unlock();
    regs_return_to_user(&ec->regs);
}

/* spec 7.7.4: what an event handler sees; the guest EC column adds
 * ec_guest.c's part. */
void arch_ec_state_to_utcb(struct ec *ec, uint32_t mtd, void *utcb)
{
    struct utcb_arch *u = utcb;
    if (mtd & MTD_GPR) /* both 16-byte aligned: the frame and the UTCB */
        arch_copy_words(u->x, ec->regs.x, 31);
    if (mtd & MTD_EL0_SP)
        u->sp_el0 = ec->regs.sp;
    if (mtd & MTD_EL0_IDR) {
        save_thread_registers(ec);
        u->tpidr_el0 = ec->arch.tpidr_el0;
        u->tpidrro_el0 = ec->arch.tpidrro_el0;
    }
    if (mtd & MTD_EL2_ELR_SPSR) {
        u->elr_el2 = ec->regs.elr;
        u->spsr_el2 = ec->regs.spsr;
    }
    if (mtd & MTD_EL2_ESR_FAR) {
        u->esr_el2 = ec->arch.esr;
        u->far_el2 = ec->arch.far;
    }
    if (ec->is_guest && (mtd & MTD_GUEST_ONLY))
        vcpu_state_to_utcb(ec, mtd, utcb);
}

/* spec 7.7.4: what the handler's reply may write back. ESR/FAR are read
 * only; of SPSR only the condition flags are writable. */
void arch_ec_state_from_utcb(struct ec *ec, uint32_t mtd, const void *utcb)
{
    const struct utcb_arch *u = utcb;
    if (mtd & MTD_GPR)
        arch_copy_words(ec->regs.x, u->x, 31);
    if (mtd & MTD_EL0_SP)
        ec->regs.sp = u->sp_el0;
    if (mtd & MTD_EL0_IDR) {
        save_thread_registers(ec);
        ec->arch.tpidr_el0 = u->tpidr_el0;
        ec->arch.tpidrro_el0 = u->tpidrro_el0;
        if (ec == this_cpu->loaded)
            this_cpu->loaded = NULL; /* reload on the way out */
    }
    if (mtd & MTD_EL2_ELR_SPSR) {
        ec->regs.elr = u->elr_el2;
        ec->regs.spsr = (ec->regs.spsr & ~SPSR_NZCV) | (u->spsr_el2 & SPSR_NZCV);
    }
    if (ec->is_guest && (mtd & (MTD_GUEST_ONLY | MTD_EL2_ELR_SPSR)))
        vcpu_state_from_utcb(ec, mtd, utcb); /* ELR/SPSR, EL1, EL2, timer, GIC */
    if (mtd & MTD_ICI)
        __asm__ volatile("ic iallu\n dsb nsh\n isb" ::: "memory");
}
