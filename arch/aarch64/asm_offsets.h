/* Structure offsets and ABI constants that the assembly (entry.S,
 * ipc_fast.S, event_fast.S) uses. Plain numbers, so that assembly can include this;
 * asm_offsets.c checks every one against the C definitions, so a layout
 * change fails the build instead of the fast path. */
#ifndef ARCH_ASM_OFFSETS_H
#define ARCH_ASM_OFFSETS_H

/* struct arch_regs: the register frame at the end of struct ec */
#define FRAME_SIZE (34 * 8)
#define FRAME_SP (31 * 8)
#define FRAME_ELR (32 * 8)
#define FRAME_SPSR (33 * 8)

/* struct ec (libnova/ec.h) */
#define EC_PD 16
#define EC_IS_GUEST 34
#define EC_EVT 40
#define EC_UTCB 48
#define EC_STATE 64 /* waiting, dead, startup_pending, recall_pending: bytes 0..3; cpu: 4..7 */
#define EC_CALLER 88
#define EC_CARRIER 96 /* right after caller: one store pair */
#define EC_SERVING_EVENT 104
#define EC_CALLEE 112
#define EC_QUEUE_HEAD 120
#define EC_VTIMER_PENDING 157
#define EC_GST 200
#define EC_TPIDR 208  /* arch.tpidr_el0; arch.tpidrro_el0 follows */
#define EC_VTTBR 224  /* arch.vttbr */
#define EC_PT_SEL 232 /* arch.pt_sel; arch.pt_slot follows */
#define EC_ESR 248    /* arch.esr; arch.far, arch.hpfar follow */
#define EC_HPFAR 264
#define EC_VCPU 280 /* arch.vcpu */
#define EC_END 560  /* sizeof(struct ec): the frame ends the EC */

/* struct pt (libnova/pt.h): ip, then pid */
#define PT_EC 16
#define PT_IP 24
#define PT_MTD 40

/* struct sc (libnova/sc.h) */
#define SC_EXEC 24

/* struct vcpu_regs (arch_types.h): the mode registers vcpu_load() writes */
#define VCPU_CPACR 152
#define VCPU_CNTKCTL 176 /* cntvoff follows */
#define VCPU_HCR 192

/* struct space_gst (libnova/space_gst.h): its stage 2 (s2.arch) */
#define GST_ROOT_PA 24
#define GST_VMID 32

/* struct pd, struct space_obj, struct capability (libnova/space_obj.h) */
#define PD_SPACE_OBJ 16
#define SPACE_OBJ_MID 16
#define SPACE_OBJ_TOP_COUNT 2 /* SPACE_OBJ_TOP */
#define SPACE_OBJ_LEAF_SHIFT 8
#define SPACE_OBJ_MID_SHIFT 9
#define CAP_SIZE_SHIFT 4 /* 16-byte capabilities: obj, perm */
#define KOBJ_TYPE_PT 10  /* KOBJ_PT in struct kobject's first word */
#define PERM_PT_CALL_BIT 1
#define PERM_PT_EVENT_BIT 2

/* The scheduler's per-CPU state (libnova/arch.h: SCHED_CPU_*) */
#define RQ_CURRENT 0
#define RQ_EC 8
#define RQ_HEAD 16       /* the first SC of each priority */
#define RQ_NONEMPTY 2064 /* two words of priority bits; zombies follow */
#define RQ_ZOMBIES 2080

/* struct percpu (smp.h) through TPIDR_EL2, and struct ec_cpu in it */
#define PERCPU_LOCAL 40
#define PERCPU_LOADED 48 /* ec.loaded; ec.vttbr follows */
#define PERCPU_FP_OPEN 72
#define PERCPU_MODE_VCPU 80 /* ec.mode_vcpu; ec.el1_owner follows */

/* struct spinlock (libnova/spinlock.h): owner, then next; 8-byte aligned */
#define SPINLOCK_NEXT 4

/* The hypercall ABI (include/nova/hypercall.h, utcb.h) */
#define ASM_HC_NUMBER_MASK 0xf
#define ASM_HC_IPC_CALL 0
#define ASM_HC_IPC_REPLY 1
#define ASM_HC_ARG_SHIFT 8
#define ASM_MTD_WORDS_MASK 0x1ff
#define ASM_STATUS_SUCCESS 0
#define ASM_STATUS_BAD_HYP 4
#define ASM_CPTR_EL2_TRAP_FP 0x37ff /* CPTR_EL2_RES1 | CPTR_EL2_TFP */

/* Events (event_fast.S): MTD bits (include/nova/utcb.h) and what a host EC
 * runs with (ec_arch.c). An event's MTD with a bit of _EXIT_SLOW, or a
 * reply's with one of _REPLY_SLOW, takes the C path; the other bits are
 * copied or have no effect in that direction (spec 7.7.4). */
#define ASM_MTD_GPR_BIT 2
#define ASM_MTD_EL0_SP_BIT 4
#define ASM_MTD_EL2_ELR_SPSR_BIT 25
#define ASM_MTD_EL2_ESR_FAR_BIT 26
#define ASM_MTD_EL2_HPFAR_BIT 27
#define ASM_MTD_EXIT_SLOW 0x619ffc20u  /* EL0_IDR, EL1_*, EL2_HCR, EL2_IDR, TMR, GIC */
#define ASM_MTD_REPLY_SLOW 0xe19ffc23u /* and POISON, ICI, SPACES */
#define UTCB_SP_EL0 0x0f8
#define UTCB_ELR_EL2 0x1e0 /* spsr_el2 follows */
#define UTCB_ESR_EL2 0x1f0 /* far_el2 follows */
#define UTCB_HPFAR_EL2 0x200
#define ASM_HCR_HOST 0x88001001 /* RW, TGE, DC, VM */
#define ASM_CNTKCTL_HOST 0x3
#define ASM_CPACR_HOST 0x300000 /* FPEN */
#define ASM_SPSR_NZCV 0xf0000000
#define ASM_PSR_MODE_MASK 0x1f
#define ASM_PSR_MODE_EL0T 0x0
#define ASM_PSR_MODE_EL1T 0x4
#define ASM_PSR_MODE_EL1H 0x5
#define ASM_PSR_IL (1 << 20)
#define ESR_EC_SHIFT 26
#define ESR_EC_BITS 6
#define ESR_EC_FP_ACCESS 0x07 /* FP/SIMD trapped: an F EC's first use */
#define ESR_EC_SVC64 0x15     /* svc #1: smc_proxy */

/* ESR_EL2 of svc #0 from AArch64 (EC 0x15, IL): a hypercall */
#define ESR_HYPERCALL_HI16 0x5600

#endif
