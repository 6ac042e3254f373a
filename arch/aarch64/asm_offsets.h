/* Structure offsets and ABI constants that the assembly (entry.S,
 * ipc_fast.S) uses. Plain numbers, so that assembly can include this;
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
#define EC_UTCB 48
#define EC_STATE 64 /* waiting, dead, startup_pending, recall_pending: bytes 0..3; cpu: 4..7 */
#define EC_CALLER 88
#define EC_CARRIER 96 /* right after caller: one store pair */
#define EC_SERVING_EVENT 104
#define EC_CALLEE 112
#define EC_QUEUE_HEAD 120
#define EC_TPIDR 208  /* arch.tpidr_el0; arch.tpidrro_el0 follows */
#define EC_VTTBR 224  /* arch.vttbr */
#define EC_PT_SEL 232 /* arch.pt_sel; arch.pt_slot follows */
#define EC_END 560    /* sizeof(struct ec): the frame ends the EC */

/* struct pt (libnova/pt.h): ip, then pid */
#define PT_EC 16
#define PT_IP 24

/* struct sc (libnova/sc.h) */
#define SC_EXEC 24

/* struct pd, struct space_obj, struct capability (libnova/space_obj.h) */
#define PD_SPACE_OBJ 16
#define SPACE_OBJ_MID 16
#define SPACE_OBJ_TOP_COUNT 2 /* SPACE_OBJ_TOP */
#define SPACE_OBJ_LEAF_SHIFT 8
#define SPACE_OBJ_MID_SHIFT 9
#define CAP_SIZE_SHIFT 4 /* 16-byte capabilities: obj, perm */
#define KOBJ_TYPE_PT 10  /* KOBJ_PT in struct kobject's first word */
#define PERM_PT_CALL_BIT 1

/* The scheduler's per-CPU state (libnova/arch.h: SCHED_CPU_CURRENT, _EC) */
#define RQ_CURRENT 0
#define RQ_EC 8

/* struct percpu (smp.h) through TPIDR_EL2, and struct ec_cpu in it */
#define PERCPU_LOCAL 40
#define PERCPU_LOADED 48 /* ec.loaded; ec.vttbr follows */
#define PERCPU_FP_OPEN 72

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

/* ESR_EL2 of svc #0 from AArch64 (EC 0x15, IL): a hypercall */
#define ESR_HYPERCALL_HI16 0x5600

#endif
