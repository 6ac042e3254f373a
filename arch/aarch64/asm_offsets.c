/* The numbers in asm_offsets.h, checked against the C definitions. */
#include <nova/hypercall.h>
#include <nova/utcb.h>
#include "asm_offsets.h"
#include "ec.h"
#include "ec_arch.h"
#include "pd.h"
#include "pt.h"
#include "sc.h"
#include "smp.h"
#include "space_gst.h"
#include "space_obj.h"
#include "spinlock.h"
#include "sysreg.h"

_Static_assert(sizeof(struct arch_regs) == FRAME_SIZE, "frame size");
_Static_assert(offsetof(struct arch_regs, sp) == FRAME_SP, "frame SP");
_Static_assert(offsetof(struct arch_regs, elr) == FRAME_ELR, "frame ELR");
_Static_assert(offsetof(struct arch_regs, spsr) == FRAME_SPSR, "frame SPSR");

_Static_assert(offsetof(struct ec, pd) == EC_PD, "ec.pd");
_Static_assert(offsetof(struct ec, is_guest) == EC_IS_GUEST, "ec.is_guest");
_Static_assert(offsetof(struct ec, evt) == EC_EVT, "ec.evt");
_Static_assert(offsetof(struct ec, vtimer_pending) == EC_VTIMER_PENDING, "ec.vtimer_pending");
_Static_assert(offsetof(struct ec, gst) == EC_GST, "ec.gst");
_Static_assert(offsetof(struct ec, arch.esr) == EC_ESR &&
                   offsetof(struct ec, arch.far) == EC_ESR + 8 &&
                   offsetof(struct ec, arch.hpfar) == EC_HPFAR,
               "ec.arch.esr, far, hpfar");
_Static_assert(offsetof(struct ec, arch.vcpu) == EC_VCPU, "ec.arch.vcpu");
_Static_assert(offsetof(struct vcpu_regs, cpacr_el1) == VCPU_CPACR &&
                   offsetof(struct vcpu_regs, cntkctl) == VCPU_CNTKCTL &&
                   offsetof(struct vcpu_regs, cntvoff) == VCPU_CNTKCTL + 8 &&
                   offsetof(struct vcpu_regs, hcr) == VCPU_HCR,
               "vcpu_regs mode registers");
_Static_assert(offsetof(struct space_gst, s2.arch.root_pa) == GST_ROOT_PA &&
                   offsetof(struct space_gst, s2.arch.vmid) == GST_VMID &&
                   sizeof(((struct arch_hst *)0)->vmid) == 2,
               "space_gst stage 2");
_Static_assert(offsetof(struct ec, utcb) == EC_UTCB, "ec.utcb");
_Static_assert(offsetof(struct ec, waiting) == EC_STATE + 0 &&
                   offsetof(struct ec, dead) == EC_STATE + 1 &&
                   offsetof(struct ec, startup_pending) == EC_STATE + 2 &&
                   offsetof(struct ec, recall_pending) == EC_STATE + 3 &&
                   offsetof(struct ec, cpu) == EC_STATE + 4 && sizeof(unsigned) == 4 &&
                   sizeof(bool) == 1,
               "ec state word");
_Static_assert(offsetof(struct ec, caller) == EC_CALLER, "ec.caller");
_Static_assert(offsetof(struct ec, carrier) == EC_CARRIER, "ec.carrier");
_Static_assert(offsetof(struct ec, serving_event) == EC_SERVING_EVENT, "ec.serving_event");
_Static_assert(offsetof(struct ec, callee) == EC_CALLEE, "ec.callee");
_Static_assert(offsetof(struct ec, queue_head) == EC_QUEUE_HEAD, "ec.queue_head");
_Static_assert(offsetof(struct ec, arch.tpidr_el0) == EC_TPIDR &&
                   offsetof(struct ec, arch.tpidrro_el0) == EC_TPIDR + 8,
               "ec.arch thread registers");
_Static_assert(offsetof(struct ec, arch.vttbr) == EC_VTTBR, "ec.arch.vttbr");
_Static_assert(offsetof(struct ec, arch.pt_sel) == EC_PT_SEL &&
                   offsetof(struct ec, arch.pt_slot) == EC_PT_SEL + 8,
               "ec.arch.pt_sel, pt_slot");
_Static_assert(offsetof(struct ec, regs) + sizeof(struct arch_regs) == EC_END &&
                   sizeof(struct ec) == EC_END,
               "the frame ends the EC");

_Static_assert(offsetof(struct pt, ec) == PT_EC, "pt.ec");
_Static_assert(offsetof(struct pt, ip) == PT_IP && offsetof(struct pt, pid) == PT_IP + 8,
               "pt.ip, pt.pid");
_Static_assert(offsetof(struct pt, mtd) == PT_MTD && sizeof(((struct pt *)0)->mtd) == 4, "pt.mtd");
_Static_assert(offsetof(struct sc, exec) == SC_EXEC, "sc.exec");

_Static_assert(offsetof(struct pd, space_obj) == PD_SPACE_OBJ, "pd.space_obj");
_Static_assert(offsetof(struct space_obj, mid) == SPACE_OBJ_MID, "space_obj.mid");
_Static_assert(SPACE_OBJ_TOP == SPACE_OBJ_TOP_COUNT, "space_obj top level");
_Static_assert(SPACE_OBJ_LEAF_BITS == SPACE_OBJ_LEAF_SHIFT, "space_obj leaf bits");
_Static_assert(SPACE_OBJ_MID_BITS == SPACE_OBJ_MID_SHIFT, "space_obj mid bits");
_Static_assert(sizeof(struct capability) == 1 << CAP_SIZE_SHIFT &&
                   offsetof(struct capability, obj) == 0 && offsetof(struct capability, perm) == 8,
               "capability layout");
_Static_assert(offsetof(struct kobject, type) == 0 && KOBJ_PT == KOBJ_TYPE_PT, "kobject type");
_Static_assert(PERM_PT_CALL == 1u << PERM_PT_CALL_BIT, "CALL permission");
_Static_assert(PERM_PT_EVENT == 1u << PERM_PT_EVENT_BIT, "EVENT permission");

_Static_assert(SCHED_CPU_CURRENT == RQ_CURRENT && SCHED_CPU_EC == RQ_EC &&
                   SCHED_CPU_HEAD == RQ_HEAD && SCHED_CPU_NONEMPTY == RQ_NONEMPTY &&
                   SCHED_CPU_ZOMBIES == RQ_ZOMBIES && SCHED_CPU_PRIO_WORDS == 2,
               "scheduler per-CPU state");
_Static_assert(offsetof(struct percpu, local) == PERCPU_LOCAL, "percpu.local");
_Static_assert(offsetof(struct percpu, ec.loaded) == PERCPU_LOADED &&
                   offsetof(struct percpu, ec.vttbr) == PERCPU_LOADED + 8,
               "percpu.ec.loaded, vttbr");
_Static_assert(offsetof(struct percpu, ec.fp_open) == PERCPU_FP_OPEN, "percpu.ec.fp_open");
_Static_assert(offsetof(struct percpu, ec.mode_vcpu) == PERCPU_MODE_VCPU &&
                   offsetof(struct percpu, ec.el1_owner) == PERCPU_MODE_VCPU + 8,
               "percpu.ec.mode_vcpu, el1_owner");

_Static_assert(offsetof(struct spinlock, owner) == 0 &&
                   offsetof(struct spinlock, next) == SPINLOCK_NEXT &&
                   _Alignof(struct spinlock) == 8,
               "spinlock layout");

_Static_assert(HC_NUMBER_MASK == ASM_HC_NUMBER_MASK && HC_IPC_CALL == ASM_HC_IPC_CALL &&
                   HC_IPC_REPLY == ASM_HC_IPC_REPLY && HC_ARG_SHIFT == ASM_HC_ARG_SHIFT,
               "hypercall identifier");
_Static_assert(MTD_WORDS_MASK == ASM_MTD_WORDS_MASK, "MTD words");
_Static_assert(STATUS_SUCCESS == ASM_STATUS_SUCCESS && STATUS_BAD_HYP == ASM_STATUS_BAD_HYP,
               "status codes");
_Static_assert((CPTR_EL2_RES1 | CPTR_EL2_TFP) == ASM_CPTR_EL2_TRAP_FP, "CPTR_EL2 value");

_Static_assert(MTD_GPR == 1u << ASM_MTD_GPR_BIT && MTD_EL0_SP == 1u << ASM_MTD_EL0_SP_BIT &&
                   MTD_EL2_ELR_SPSR == 1u << ASM_MTD_EL2_ELR_SPSR_BIT &&
                   MTD_EL2_ESR_FAR == 1u << ASM_MTD_EL2_ESR_FAR_BIT &&
                   MTD_EL2_HPFAR == 1u << ASM_MTD_EL2_HPFAR_BIT,
               "MTD bits of the event fast paths");
_Static_assert(ASM_MTD_EXIT_SLOW ==
                   (MTD_EL0_IDR | MTD_EL1_ALL | MTD_EL2_HCR | MTD_EL2_IDR | MTD_TMR | MTD_GIC),
               "MTD bits an event takes to C");
_Static_assert(ASM_MTD_REPLY_SLOW == (ASM_MTD_EXIT_SLOW | MTD_POISON | MTD_ICI | MTD_SPACES),
               "MTD bits a reply takes to C");
_Static_assert(offsetof(struct utcb_arch, sp_el0) == UTCB_SP_EL0 &&
                   offsetof(struct utcb_arch, elr_el2) == UTCB_ELR_EL2 &&
                   offsetof(struct utcb_arch, spsr_el2) == UTCB_ELR_EL2 + 8 &&
                   offsetof(struct utcb_arch, esr_el2) == UTCB_ESR_EL2 &&
                   offsetof(struct utcb_arch, far_el2) == UTCB_ESR_EL2 + 8 &&
                   offsetof(struct utcb_arch, hpfar_el2) == UTCB_HPFAR_EL2,
               "UTCB fields of the event fast paths");
_Static_assert(PSR_MODE_MASK == ASM_PSR_MODE_MASK && PSR_MODE_EL0T == ASM_PSR_MODE_EL0T &&
                   PSR_MODE_EL1T == ASM_PSR_MODE_EL1T && PSR_MODE_EL1H == ASM_PSR_MODE_EL1H &&
                   PSR_IL == ASM_PSR_IL && CPACR_FPEN == ASM_CPACR_HOST,
               "PSR modes, CPACR_EL1");
