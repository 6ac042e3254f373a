/* The IPC fast paths: ipc_call to a waiting callee on this CPU and
 * ipc_reply to a regular call, in assembly. They do what ipc_fast_path()
 * (libnova/ipc_fast.h) does, under the same kernel lock, and hand every
 * other case to the general path (lower_hypercall in entry.S), so their checks
 * are those of ipc_fast_path(); only the register work is their own.
 *
 * Register contract (docs/abi-choices.md):
 * - the caller of ipc_call gets back X0 = status, X1 = MTD (32 bits) and
 *   every other register as it was: X2..X30, SP_EL0, TPIDR_EL0, NZCV;
 * - a callee enters at the portal's IP with X0 = PID, X1 = MTD, X2..X30
 *   and NZCV zero, and its own SP_EL0 (as at its last ipc_reply),
 *   TPIDR_EL0 and TPIDRRO_EL0;
 * - ipc_reply does not return, so the replying EC's X2..X30 are dead: only
 *   its SP_EL0 is kept.
 * So each EC sees only its own values and zeros.
 *
 * On entry (from lower_sync_vector, entry.S): SP_EL2 is the end of the
 * running EC's frame, which is the end of its struct ec; X2 and X3 are in
 * the frame; X0 and X1 are the EC's. Until a path commits, it uses only
 * X2..X18 as scratch and leaves X0, X1 and X19..X30 as the EC had them, so
 * that the general path can still take over (it restores X0..X18 and X30
 * from the frame, and relies on X19..X29 being the EC's). Interrupts are
 * masked throughout; nothing here can fault (kernel memory only). */
#include "asm_offsets.h"
#include "frame.inc"
#include "fast_path.inc"


/* MTD_WORDS(\mtd) message words from UTCB \src to UTCB \dst (both
 * 16-byte aligned): the first word, then the rest in 1, 2, 4 and 8-word
 * units. Clobbers \src, \dst, \n and \t0..\t7. */
.macro copy_words src, dst, mtd, n, t0, t1, t2, t3, t4, t5, t6, t7
    and     \n, \mtd, #ASM_MTD_WORDS_MASK
    ldr     \t0, [\src], #8
    str     \t0, [\dst], #8
    cbz     \n, 5f
    tbz     \n, #0, 1f
    ldr     \t0, [\src], #8
    str     \t0, [\dst], #8
1:  tbz     \n, #1, 2f
    ldp     \t0, \t1, [\src], #16
    stp     \t0, \t1, [\dst], #16
2:  tbz     \n, #2, 3f
    ldp     \t0, \t1, [\src], #16
    ldp     \t2, \t3, [\src], #16
    stp     \t0, \t1, [\dst], #16
    stp     \t2, \t3, [\dst], #16
3:  lsr     \n, \n, #3
    cbz     \n, 5f
4:  ldp     \t0, \t1, [\src], #16
    ldp     \t2, \t3, [\src], #16
    ldp     \t4, \t5, [\src], #16
    ldp     \t6, \t7, [\src], #16
    stp     \t0, \t1, [\dst], #16
    stp     \t2, \t3, [\dst], #16
    stp     \t4, \t5, [\dst], #16
    stp     \t6, \t7, [\dst], #16
    subs    \n, \n, #1
    b.ne    4b
5:
.endm

/* The EL2 state that follows the EC in user mode (load_ec() in
 * ec_arch.c, for two host ECs): the thread registers switched, \to's
 * VTTBR_EL2 loaded (the eret synchronises it), and the per-CPU block at
 * \percpu told. FP was closed before (fp_open clear). */
.macro switch_el2 from, to, percpu, t0, t1
    switch_tpidr \from, \to, \t0, \t1
    ldr     \t0, [\to, #EC_VTTBR]
    msr     vttbr_el2, \t0
    stp     \to, \t0, [\percpu, #PERCPU_LOADED]
.endm

    .text

/* spec 5.2.1 ipc_call: X0 = portal selector << 8 | flags << 4 | 0, X1 = MTD. */
    .global ipc_call_fast
ipc_call_fast:
    /* The caller's frame, all of it: it waits for the reply, and the general
     * path may take over. X0 and X1 go there only if it does. */
    save_x4_x29
    mrs     x2, sp_el0
    mrs     x3, elr_el2
    mrs     x4, spsr_el2
    stp     x30, x2, [sp, #X(30)]
    stp     x3, x4, [sp, #F(FRAME_ELR)]

    kernel_lock
    sub     x4, sp, #EC_END                 /* X4: the caller */

    /* The capability at selector X0 >> 8: a portal with CALL, or BAD_CAP
     * from the general path. The slot comes from the caller's memory of its
     * last call when the selector is the same (arch_types.h), else from the
     * walk of call_lookup (space_obj_lookup()). */
    ldp     x6, x5, [x4, #EC_PT_SEL]
    cmp     x6, x0, lsr #ASM_HC_ARG_SHIFT
    b.ne    call_lookup
call_slot:
    ldp     x5, x6, [x5]                    /* X5: the object, X6: the permissions */
    cbz     x5, call_general
    ldr     w7, [x5]
    cmp     w7, #KOBJ_TYPE_PT
    b.ne    call_general
    tbz     w6, #PERM_PT_CALL_BIT, call_general

    /* The caller has nothing pending and is not dead (its flags are zero),
     * and the callee waits in ipc_reply on the same CPU with nothing
     * pending and not dead: its state word is the caller's plus "waiting"
     * (ec.h). */
    ldr     x7, [x5, #PT_EC]                /* X7: the callee, X5: the portal */
    ldr     x15, [x4, #EC_STATE]
    ldr     x16, [x7, #EC_STATE]
    cbnz    w15, call_general
    add     x15, x15, #1
    cmp     x15, x16
    b.ne    call_general
    mrs     x17, tpidr_el2                  /* X17: the per-CPU block */
    ldr     x18, [x17, #PERCPU_LOCAL]       /* X18: the scheduler's per-CPU state */
    ldr     x8, [x18, #RQ_CURRENT]          /* X8: the SC */
    cbz     x8, call_general                /* the SC died meanwhile */
    ldrb    w6, [x17, #PERCPU_FP_OPEN]
    cbnz    w6, call_close_fp
call_commit:
    /* From here on the call succeeds (deliver()): the callee serves the
     * caller on the caller's SC. The caller's pending_pt is NULL already:
     * only an EC queued on a busy callee has one, and that EC is blocked. */
    strb    wzr, [x7, #EC_STATE]            /* callee->waiting = false */
    stp     x4, x8, [x7, #EC_CALLER]        /* callee->caller, callee->carrier */
    strb    wzr, [x7, #EC_SERVING_EVENT]
    str     x7, [x4, #EC_CALLEE]
    str     x7, [x8, #SC_EXEC]
    str     x7, [x18, #RQ_EC]               /* sched_enter() */
    ldr     x20, [x4, #EC_UTCB]
    ldr     x21, [x7, #EC_UTCB]
    copy_words x20, x21, x1, x22, x23, x24, x25, x26, x27, x28, x29, x30
    switch_el2 x4, x7, x17, x20, x21
    ldp     x13, x0, [x5, #PT_IP]           /* the portal's IP and PID, still locked */
    kernel_unlock

/* Enter the callee (X7) at the portal's IP (X13) with X0 = PID, X1 = MTD
 * (W1) and nothing of the caller's: X2..X30 and NZCV zero. Event handlers
 * enter here too (event_fast.S). */
    .global ipc_enter_portal
ipc_enter_portal:
    add     sp, x7, #EC_END
    ldr     x20, [sp, #F(FRAME_SP)]
    msr     sp_el0, x20
    msr     elr_el2, x13
    msr     spsr_el2, xzr
    mov     w1, w1
    adrp    x30, ipc_zero_regs
    add     x30, x30, :lo12:ipc_zero_regs
    ldp     x2, x3, [x30, #16 * 0]
    ldp     x4, x5, [x30, #16 * 1]
    ldp     x6, x7, [x30, #16 * 2]
    ldp     x8, x9, [x30, #16 * 3]
    ldp     x10, x11, [x30, #16 * 4]
    ldp     x12, x13, [x30, #16 * 5]
    ldp     x14, x15, [x30, #16 * 6]
    ldp     x16, x17, [x30, #16 * 7]
    ldp     x18, x19, [x30, #16 * 8]
    ldp     x20, x21, [x30, #16 * 9]
    ldp     x22, x23, [x30, #16 * 10]
    ldp     x24, x25, [x30, #16 * 11]
    ldp     x26, x27, [x30, #16 * 12]
    ldp     x28, x29, [x30, #16 * 13]
    mov     x30, xzr
    eret

/* The slot of selector X0 >> 8 in the caller's object space, remembered
 * for the next call; a selector beyond SELNUM or without a table yet is the
 * general path's (BAD_CAP). */
call_lookup:
    ldr     x5, [x4, #EC_PD]
    ldr     x5, [x5, #PD_SPACE_OBJ]
    lsr     x7, x0, #(ASM_HC_ARG_SHIFT + SPACE_OBJ_LEAF_SHIFT + SPACE_OBJ_MID_SHIFT)
    cmp     x7, #SPACE_OBJ_TOP_COUNT
    b.hs    call_general
    add     x5, x5, x7, lsl #3
    ldr     x5, [x5, #SPACE_OBJ_MID]
    cbz     x5, call_general
    ubfx    x7, x0, #(ASM_HC_ARG_SHIFT + SPACE_OBJ_LEAF_SHIFT), #SPACE_OBJ_MID_SHIFT
    ldr     x5, [x5, x7, lsl #3]
    cbz     x5, call_general
    ubfx    x7, x0, #ASM_HC_ARG_SHIFT, #SPACE_OBJ_LEAF_SHIFT
    add     x5, x5, x7, lsl #CAP_SIZE_SHIFT
    lsr     x6, x0, #ASM_HC_ARG_SHIFT
    stp     x6, x5, [x4, #EC_PT_SEL]
    b       call_slot

/* The EC before opened FP: trap it again for the callee (load_ec()). */
call_close_fp:
    mov     x6, #ASM_CPTR_EL2_TRAP_FP
    msr     cptr_el2, x6
    strb    wzr, [x17, #PERCPU_FP_OPEN]
    b       call_commit

/* Not the common case: the general path, with the whole frame. */
call_general:
    kernel_unlock
    stp     x0, x1, [sp, #X(0)]
    b       lower_hypercall_saved

/* spec 5.2.2 ipc_reply: X0 = 1, X1 = MTD. */
    .global ipc_reply_fast
ipc_reply_fast:
    /* An event's reply has a path of its own (event_fast.S), chosen
     * before the lock: only deliver() writes serving_event, and only while
     * this EC waited. */
    sub     x4, sp, #EC_END                 /* X4: the callee, replying */
    ldrb    w6, [x4, #EC_SERVING_EVENT]
    cbnz    w6, event_reply_fast
    kernel_lock

    /* A regular call to reply to, from a caller that is not dead and has
     * nothing pending; nobody queued; the SC that carried the call runs. */
    ldp     x5, x14, [x4, #EC_CALLER]       /* X5: the caller, X14: its SC */
    cbz     x5, reply_general
    ldr     w6, [x4, #EC_STATE]
    ldr     w7, [x5, #EC_STATE]
    orr     w6, w6, w7
    cbnz    w6, reply_general
    ldr     x6, [x4, #EC_QUEUE_HEAD]
    cbnz    x6, reply_general
    mrs     x11, tpidr_el2                  /* X11: the per-CPU block */
    ldr     x12, [x11, #PERCPU_LOCAL]       /* X12: the scheduler's per-CPU state */
    ldr     x13, [x12, #RQ_CURRENT]         /* X13: the SC */
    cmp     x14, x13
    b.ne    reply_general
    cbz     x13, reply_general
    ldrb    w6, [x11, #PERCPU_FP_OPEN]
    cbnz    w6, reply_close_fp
reply_commit:
    /* From here on the reply succeeds: the SC goes back to the caller, the
     * callee waits for the next call (a portal's EC is a local EC). */
    mrs     x6, sp_el0
    str     x6, [sp, #F(FRAME_SP)]
    mov     w6, #1
    stp     xzr, xzr, [x4, #EC_CALLER]      /* callee->caller, callee->carrier */
    strb    w6, [x4, #EC_STATE]             /* callee->waiting = true */
    str     xzr, [x5, #EC_CALLEE]
    str     x5, [x13, #SC_EXEC]
    str     x5, [x12, #RQ_EC]               /* sched_enter() */
    ldr     x20, [x4, #EC_UTCB]
    ldr     x21, [x5, #EC_UTCB]
    copy_words x20, x21, x1, x22, x23, x24, x25, x26, x27, x28, x29, x30
    switch_el2 x4, x5, x11, x20, x21
    kernel_unlock

    /* Back into the caller: SUCCESS, the reply's MTD, and all of its own
     * state from its frame. */
    add     sp, x5, #EC_END
    ldr     x6, [sp, #F(FRAME_SP)]
    ldp     x7, x8, [sp, #F(FRAME_ELR)]
    msr     sp_el0, x6
    msr     elr_el2, x7
    msr     spsr_el2, x8
    mov     x0, #ASM_STATUS_SUCCESS
    mov     w1, w1
    ldp     x2, x3, [sp, #X(2)]
    ldp     x4, x5, [sp, #X(4)]
    ldp     x6, x7, [sp, #X(6)]
    ldp     x8, x9, [sp, #X(8)]
    ldp     x10, x11, [sp, #X(10)]
    ldp     x12, x13, [sp, #X(12)]
    ldp     x14, x15, [sp, #X(14)]
    ldp     x16, x17, [sp, #X(16)]
    ldp     x18, x19, [sp, #X(18)]
    ldp     x20, x21, [sp, #X(20)]
    ldp     x22, x23, [sp, #X(22)]
    ldp     x24, x25, [sp, #X(24)]
    ldp     x26, x27, [sp, #X(26)]
    ldp     x28, x29, [sp, #X(28)]
    ldr     x30, [sp, #X(30)]
    eret

reply_close_fp:
    mov     x6, #ASM_CPTR_EL2_TRAP_FP
    msr     cptr_el2, x6
    strb    wzr, [x11, #PERCPU_FP_OPEN]
    b       reply_commit

/* Not the common case: the general path with X0 and X1 (all that
 * hc_ipc_reply() reads) and SP_EL0, ELR_EL2, SPSR_EL2. X2..X30 are dead
 * (ipc_reply does not return): the frame keeps the EC's older values, and
 * the kernel's scratch values in X2..X18 are never saved. */
reply_general:
    kernel_unlock
reply_general_unlocked:
    stp     x0, x1, [sp, #X(0)]
    b       lower_hypercall_special

/* Read by a callee's entry: X2..X29 (14 pairs) come from here. */
    .section .rodata
    .balign 16
ipc_zero_regs:
    .zero   16 * 14

    .section .note.GNU-stack, "", %progbits
