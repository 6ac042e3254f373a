/* A vCPU's exits (spec 7.6): each event reaches the handler EC of its vCPU
 * with the state the portal's MTD names. The handler folds the list
 * registers into the virtual GIC, serves the exit, fills the list
 * registers again and replies. */
#include <novart/hypercall.h>
#include <stdarg.h>
#include <string.h>
#include "mmio_decode.h"
#include "vmm.h"

#define EVENT_WFX 0x01u
#define EVENT_HVC 0x16u
#define EVENT_SMC 0x17u
#define EVENT_SYSREG 0x18u
#define EVENT_IABT 0x20u
#define EVENT_DABT 0x24u
#define EVENT_STARTUP (HIP_SEL_GST_ARCH + 0)
#define EVENT_RECALL (HIP_SEL_GST_ARCH + 1)
#define EVENT_VTIMER (HIP_SEL_GST_ARCH + 2)

#define ESR_ISS(esr) ((esr)&0x1ffffffu)
#define ISS_WFE 1u
/* A trapped system register's Op0, Op1, CRn, CRm, Op2 as one number. */
#define SYSREG_ID(op0, op1, crn, crm, op2)                                                         \
    ((uint32_t)(op0) << 20 | (op1) << 16 | (crn) << 12 | (crm) << 8 | (op2) << 4)
#define SYSREG_ICC_SGI1R SYSREG_ID(3, 0, 12, 11, 5)
#define CNTV_CTL_ENABLE 1u
#define CNTV_CTL_IMASK 2u
#define WFI_MAX_MS 10
/* HCR_EL2 traps this VMM keeps: WFI (to block), SMC is fixed by the kernel;
 * WFE is not trapped: a guest spinning in WFE is woken by events. */
#define VMM_HCR_TRAPS ((1u << 13) | (1u << 20) | (1u << 21) | (1u << 22))

struct vm vmm_vms[VMM_MAX_VMS];
/* Each portal call starts on an empty stack: the handler's stack top is
 * its initial SP (create_ec), kept in TPIDR_EL0 from the first call on.
 * Neither touches memory the VM's PD does not have. */
void vcpu_handler(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
__asm__(".text\n .global vcpu_handler_entry\n"
        "vcpu_handler_entry: mrs x16, tpidr_el0\n cbnz x16, 1f\n mov x16, sp\n"
        " msr tpidr_el0, x16\n1: mov sp, x16\n b vcpu_handler\n");

void vm_output(struct vm *vm, const char *text, size_t len)
{
    struct vm_output *o = &vm->out;
    unsigned head = o->head, tail = __atomic_load_n(&o->tail, __ATOMIC_ACQUIRE);
    for (size_t i = 0; i < len && head - tail < VMM_OUT_SIZE; i++)
        o->buf[head++ % VMM_OUT_SIZE] = text[i]; /* a full ring drops the rest */
    __atomic_store_n(&o->head, head, __ATOMIC_RELEASE);
}

void vm_say(struct vm *vm, const char *fmt, ...)
{
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    int n = rt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    vmm_lock(&vm->dev_lock);
    vm_output(vm, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
    vmm_unlock(&vm->dev_lock);
}

void vcpu_kick(struct vcpu *v)
{
    nova_ctrl_sm(v->sel_wake, 0, 0);
    nova_ctrl_ec(v->sel_ec, 0);
}

void vm_kick_vcpus(struct vm *vm, const struct vcpu *self)
{
    uint32_t kicks = vgic_take_kicks(&vm->gic);
    for (unsigned i = 0; i < vm->nr_vcpus; i++)
        if ((kicks >> i) & 1 && (!self || i != self->index))
            vcpu_kick(&vm->vcpu[i]);
}

static bool mmio(struct vcpu *v, struct utcb_arch *u)
{
    struct vm *vm = v->vm;
    struct mmio_access a;
    enum mmio_status st = mmio_decode(u->esr_el2, u->far_el2, u->hpfar_el2, &a);
    if (st != MMIO_OK) {
        vm_say(vm, "vmm: %s vCPU %u: data abort at PC 0x%lx: %s\n", vm->name, v->index,
               (unsigned long)u->elr_el2, mmio_status_str(st));
        return false;
    }
    uint64_t value = a.is_write ? mmio_store_value(u->x, &a) : 0;
    bool ok = true;
    if (a.ipa >= GPA_UART && a.ipa < GPA_UART + 0x1000) {
        vmm_lock(&vm->dev_lock);
        ok = a.is_write ? vpl011_write(&vm->uart, a.ipa - GPA_UART, a.size, value)
                        : vpl011_read(&vm->uart, a.ipa - GPA_UART, a.size, &value);
        vmm_unlock(&vm->dev_lock);
    } else {
        enum vgic_region r = VGIC_REGION_V2_DIST;
        uint64_t base = GPA_GICD, size = VGIC_V2_DIST_SIZE;
        if (vm->gic_version == 3 && a.ipa >= GPA_GICR) {
            r = VGIC_REGION_V3_REDIST;
            base = GPA_GICR;
            size = (uint64_t)VGIC_V3_REDIST_STRIDE * vm->nr_vcpus;
        } else if (vm->gic_version == 3) {
            r = VGIC_REGION_V3_DIST;
            size = VGIC_V3_DIST_SIZE;
        }
        if (a.ipa >= base && a.ipa - base < size)
            ok = a.is_write ? vgic_mmio_write(&vm->gic, v->index, r, a.ipa - base, a.size, value)
                            : vgic_mmio_read(&vm->gic, v->index, r, a.ipa - base, a.size, &value);
        else
            ok = false;
    }
    if (!ok)
        value = 0; /* reserved or unknown: reads as zero, writes ignored */
    if (!a.is_write)
        mmio_complete_read(u->x, &a, value);
    u->elr_el2 += a.insn_len;
    return true;
}

/* A trapped MSR/MRS: ICC_SGI1R_EL1 is GICv3 SGI generation; everything
 * else (the physical timer, implementation-defined registers) reads as
 * zero and ignores writes. */
static void sysreg(struct vcpu *v, struct utcb_arch *u)
{
    uint32_t iss = ESR_ISS(u->esr_el2);
    unsigned rt = (iss >> 5) & 0x1f;
    bool read = iss & 1;
    uint32_t id = (iss >> 20 & 3) << 20 | (iss >> 14 & 7) << 16 | (iss >> 10 & 0xf) << 12 |
                  (iss >> 1 & 0xf) << 8 | (iss >> 17 & 7) << 4;
    if (!read && id == SYSREG_ICC_SGI1R)
        vgic_sgi1r(&v->vm->gic, v->index, rt == 31 ? 0 : u->x[rt]);
    else if (read && rt != 31)
        u->x[rt] = 0;
    u->elr_el2 += 4;
}

/* WFI: nothing to deliver, so wait for a kick or the guest's own timer. */
static void wait_for_interrupt(struct vcpu *v, const struct utcb_arch *u)
{
    struct vm *vm = v->vm;
    if (vgic_has_pending(&vm->gic, v->index))
        return;
    /* Until a kick or the guest's timer deadline; at most WFI_MAX_MS
     * without one (a masked timer may be one the kernel masked when it
     * fired, with its event due once the vCPU runs again). */
    uint64_t hz;
    __asm__("mrs %0, cntfrq_el0" : "=r"(hz)); /* the HIP is the root task's */
    uint64_t limit = rt_stc_now() + hz * WFI_MAX_MS / 1000, deadline = limit;
    if ((u->cntv_ctl_el0 & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK)) == CNTV_CTL_ENABLE)
        deadline = u->cntv_cval_el0 + u->cntvoff_el2;
    nova_ctrl_sm(v->sel_wake, CTRL_SM_DOWN, deadline < limit ? deadline : limit);
}

static void startup(struct vcpu *v, struct utcb_arch *u, uint32_t *reply)
{
    if (v->index) /* a secondary waits for PSCI CPU_ON */
        nova_ctrl_sm(v->sel_start, CTRL_SM_DOWN, 0);
    v->lrs = (unsigned)__builtin_popcount(u->elrsr);
    for (unsigned i = 0; i < 31; i++)
        u->x[i] = 0;
    u->x[0] = v->start_x0;
    u->elr_el2 = v->start_pc;
    u->spsr_el2 = 0x3c5; /* EL1h, DAIF masked (Linux booting.rst) */
    u->sctlr_el1 = 0x30d00800;
    u->vpidr_el2 = 0x410fd070; /* Cortex-A57 r0p0 */
    u->vmpidr_el2 = psci_vcpu_mpidr(v->index);
    u->hcr_el2 = VMM_HCR_TRAPS;
    u->cntvoff_el2 = 0;
    u->cntv_ctl_el0 = 0;
    u->cntkctl_el1 = 0;
    u->sel_gst = v->vm->sel_gst;
    psci_vcpu_started(&v->vm->psci, v->index);
    *reply |= MTD_SPACES | MTD_EL1_SCTLR | MTD_EL2_IDR | MTD_EL2_HCR | MTD_TMR;
}

/* Serve one exit; false stops the vCPU (its VM is off, or it failed). */
static bool serve(struct vcpu *v, unsigned event, struct utcb_arch *u, uint32_t *reply)
{
    struct vm *vm = v->vm;
    switch (event) {
    case EVENT_STARTUP:
        startup(v, u, reply);
        return !vm->stopped;
    case EVENT_RECALL:
        return true;
    case EVENT_VTIMER:
        vgic_inject(&vm->gic, v->index, INTID_VTIMER);
        return true;
    case EVENT_WFX:
        if (!(ESR_ISS(u->esr_el2) & ISS_WFE))
            wait_for_interrupt(v, u);
        u->elr_el2 += 4;
        return true;
    case EVENT_SMC:
        u->elr_el2 += 4; /* a trapped SMC returns to itself */
        /* fall through */
    case EVENT_HVC:
        if (psci_call(&vm->psci, v->index, u->x))
            return true;
        if (vm->stopped)
            return false;
        /* CPU_OFF: off until the next CPU_ON */
        nova_ctrl_sm(v->sel_start, CTRL_SM_DOWN, 0);
        u->x[0] = v->start_x0;
        u->elr_el2 = v->start_pc;
        u->spsr_el2 = 0x3c5;
        psci_vcpu_started(&vm->psci, v->index);
        return !vm->stopped;
    case EVENT_SYSREG:
        sysreg(v, u);
        return true;
    case EVENT_DABT:
        return mmio(v, u);
    default:
        rt_printf("vmm: %s vCPU %u: unhandled exit 0x%x at PC 0x%lx (ESR 0x%lx FAR 0x%lx)\n",
                  vm->name, v->index, event, (unsigned long)u->elr_el2, (unsigned long)u->esr_el2,
                  (unsigned long)u->far_el2);
        return false;
    }
}

void vcpu_handler(uint64_t pid, uint64_t mtd)
{
    (void)mtd;
    struct vm *vm = &vmm_vms[(pid >> 8) / VMM_MAX_VCPUS];
    struct vcpu *v = &vm->vcpu[(pid >> 8) % VMM_MAX_VCPUS];
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)(v->utcb_vpn << 12);
    unsigned event = pid & 0xff;
    uint32_t reply = MTD_GPR | MTD_EL2_ELR_SPSR | MTD_GIC;

    /* List registers as the last reply left them and nothing new for this
     * vCPU: neither sync nor fill (the common MMIO exit). */
    size_t lr_bytes = v->lrs * sizeof(uint64_t);
    bool lrs_moved = event == EVENT_STARTUP || memcmp(u->lr, v->lr, lr_bytes);
    if (lrs_moved && event != EVENT_STARTUP)
        vgic_sync_lrs(&vm->gic, v->index, u->lr, v->lrs);
    if (vm->stopped || !serve(v, event, u, &reply)) {
        if (!vm->stopped)
            vm_stop(vm, "a vCPU failed");
        nova_ipc_reply(MTD_POISON);
    }
    if (vm->hw_pending)
        passthrough_drain(vm);
    if (vgic_take_refill(&vm->gic, v->index) || lrs_moved) {
        vgic_fill_lrs(&vm->gic, v->index, u->lr, v->lrs);
        memcpy(v->lr, u->lr, v->lrs * sizeof(uint64_t)); /* v->lrs is known after STARTUP */
    } else {
        reply &= ~MTD_GIC; /* the list registers stay as they are */
    }
    vm_kick_vcpus(vm, v);
    nova_ipc_reply(reply);
}
