/* The event fast paths: an exception of the running EC (a vCPU's exit or
 * a host EC's fault) delivered to a handler that waits on this CPU, and
 * that handler's ipc_reply back to the EC, in assembly. They do what the
 * C paths do (exception_lower_sync() with event_send() and the handler
 * entered at once; ipc_fast_path() for an event's reply), under the same
 * kernel lock, and hand every other case to them before they change
 * anything: an EC with something pending, a missing or busy handler, a
 * higher priority or a zombie waiting (sched_may_continue()), EL2 state
 * not loaded the usual way, or an MTD naming more than the general
 * registers, SP_EL0, ELR/SPSR_EL2, ESR/FAR_EL2 and HPFAR_EL2
 * (asm_offsets.h: ASM_MTD_EXIT_SLOW, ASM_MTD_REPLY_SLOW).
 *
 * Registers (docs/abi-choices.md): the handler enters its portal with X0 =
 * PID, X1 = the portal's MTD, X2..X30 and NZCV zero; the EC sees only what
 * it had and what the reply's MTD names. Interrupts are masked
 * throughout; nothing here can fault (kernel memory only). Memory read
 * after the lock is dropped is that of the EC this CPU now runs
 * (SCHED_CPU_EC), which no other CPU frees (docs/locking.md). */
#include "asm_offsets.h"
#include "frame.inc"
#include "fast_path.inc"

    .text

/* From lower_sync (entry.S): a synchronous exception other than svc #0,
 * the whole frame saved (SP_EL2 is its end), X4..X30 still the EC's, so
 * that lower_sync_saved can take over at any point before the commit. */
    .global event_fast
event_fast:
    mrs     x2, esr_el2
    ubfx    x3, x2, #ESR_EC_SHIFT, #ESR_EC_BITS /* X3: the event */
    cmp     w3, #ESR_EC_SVC64               /* smc_proxy, or an svc's event */
    ccmp    w3, #ESR_EC_FP_ACCESS, #4, ne   /* opens FP to an F EC */
    b.eq    event_general_unlocked
    kernel_lock

    /* X19..X30 stay the EC's until the GPR copy. The EC is not dead and
     * has nothing pending (its state word's flags are zero), its EL2
     * registers are loaded, and for a vCPU its mode registers too. */
    sub     x4, sp, #EC_END                 /* X4: the EC */
    ldr     x15, [x4, #EC_STATE]
    cbnz    w15, event_general
    mrs     x17, tpidr_el2                  /* X17: the per-CPU block */
    ldr     x5, [x17, #PERCPU_LOADED]
    cmp     x5, x4
    b.ne    event_general
    mrs     x6, far_el2                     /* spec 7.6.1: what the MTD may show */
    stp     x2, x6, [x4, #EC_ESR]
    ldrb    w14, [x4, #EC_IS_GUEST]         /* W14: a vCPU */
    cbz     w14, 1f
    mrs     x6, hpfar_el2
    str     x6, [x4, #EC_HPFAR]
    ldr     x5, [x17, #PERCPU_MODE_VCPU]
    cmp     x5, x4
    b.ne    event_general

    /* The capability at SELEVT + event (space_obj_lookup()): a portal with
     * EVENT whose EC waits on this CPU with nothing pending, not dead (its
     * state word is the EC's plus "waiting"); else event_send() decides. */
1:  ldr     x5, [x4, #EC_EVT]
    add     x5, x5, x3
    ldr     x6, [x4, #EC_PD]
    ldr     x6, [x6, #PD_SPACE_OBJ]
    lsr     x7, x5, #(SPACE_OBJ_LEAF_SHIFT + SPACE_OBJ_MID_SHIFT)
    cmp     x7, #SPACE_OBJ_TOP_COUNT
    b.hs    event_general
    add     x6, x6, x7, lsl #3
    ldr     x6, [x6, #SPACE_OBJ_MID]
    cbz     x6, event_general
    ubfx    x7, x5, #SPACE_OBJ_LEAF_SHIFT, #SPACE_OBJ_MID_SHIFT
    ldr     x6, [x6, x7, lsl #3]
    cbz     x6, event_general
    and     x7, x5, #((1 << SPACE_OBJ_LEAF_SHIFT) - 1)
    add     x6, x6, x7, lsl #CAP_SIZE_SHIFT
    ldp     x5, x6, [x6]                    /* X5: the portal, W6: permissions */
    cbz     x5, event_general
    ldr     w7, [x5]
    cmp     w7, #KOBJ_TYPE_PT
    b.ne    event_general
    tbz     w6, #PERM_PT_EVENT_BIT, event_general
    ldr     x7, [x5, #PT_EC]                /* X7: the handler */
    ldr     x16, [x7, #EC_STATE]
    add     x15, x15, #1
    cmp     x15, x16
    b.ne    event_general

    /* sched_may_continue(handler) once it runs on the SC: an SC runs, it
     * is the first of the highest ready priority, and no zombie waits.
     * With no bit set the head read is SCHED_CPU_EC's word, never an SC. */
    ldr     x18, [x17, #PERCPU_LOCAL]       /* X18: the scheduler's per-CPU state */
    ldr     x8, [x18, #RQ_CURRENT]          /* X8: the SC */
    cbz     x8, event_general
    add     x11, x18, #RQ_NONEMPTY
    ldp     x12, x13, [x11]
    ldr     x11, [x11, #(RQ_ZOMBIES - RQ_NONEMPTY)]
    cbnz    x11, event_general
    mov     x11, #127
    cbnz    x13, 2f
    mov     x11, #63
    mov     x13, x12
2:  clz     x13, x13
    sub     x11, x11, x13
    add     x11, x18, x11, lsl #3
    ldr     x11, [x11, #RQ_HEAD]
    cmp     x11, x8
    b.ne    event_general

    /* The portal's MTD names nothing beyond what is copied here. */
    ldr     w11, [x5, #PT_MTD]              /* W11: the MTD */
    mov     w12, #(ASM_MTD_EXIT_SLOW & 0xffff)
    movk    w12, #(ASM_MTD_EXIT_SLOW >> 16), lsl #16
    tst     w11, w12
    b.ne    event_general
    ldrb    w12, [x17, #PERCPU_FP_OPEN]
    cbnz    w12, event_close_fp
event_commit:
    /* From here on the event is delivered (deliver()): the handler serves
     * the EC on its SC. The EC's pending_pt is NULL: it runs. */
    strb    wzr, [x7, #EC_STATE]            /* handler->waiting = false */
    stp     x4, x8, [x7, #EC_CALLER]        /* handler->caller, ->carrier */
    mov     w12, #1
    strb    w12, [x7, #EC_SERVING_EVENT]
    str     x7, [x4, #EC_CALLEE]
    str     x7, [x8, #SC_EXEC]
    str     x7, [x18, #RQ_EC]               /* sched_enter() */

    /* arch_ec_state_to_utcb(): X0..X18 from the frame, X19..X30 as they are. */
    ldr     x16, [x7, #EC_UTCB]             /* X16: the handler's UTCB */
    tbz     w11, #ASM_MTD_GPR_BIT, 3f
    ldp     x12, x13, [sp, #X(0)]
    stp     x12, x13, [x16, #8 * 0]
    ldp     x12, x13, [sp, #X(2)]
    stp     x12, x13, [x16, #8 * 2]
    ldp     x12, x13, [sp, #X(4)]
    stp     x12, x13, [x16, #8 * 4]
    ldp     x12, x13, [sp, #X(6)]
    stp     x12, x13, [x16, #8 * 6]
    ldp     x12, x13, [sp, #X(8)]
    stp     x12, x13, [x16, #8 * 8]
    ldp     x12, x13, [sp, #X(10)]
    stp     x12, x13, [x16, #8 * 10]
    ldp     x12, x13, [sp, #X(12)]
    stp     x12, x13, [x16, #8 * 12]
    ldp     x12, x13, [sp, #X(14)]
    stp     x12, x13, [x16, #8 * 14]
    ldp     x12, x13, [sp, #X(16)]
    stp     x12, x13, [x16, #8 * 16]
    ldr     x12, [sp, #X(18)]
    stp     x12, x19, [x16, #8 * 18]
    stp     x20, x21, [x16, #8 * 20]
    stp     x22, x23, [x16, #8 * 22]
    stp     x24, x25, [x16, #8 * 24]
    stp     x26, x27, [x16, #8 * 26]
    stp     x28, x29, [x16, #8 * 28]
    str     x30, [x16, #8 * 30]
3:  tbz     w11, #ASM_MTD_EL0_SP_BIT, 4f
    ldr     x12, [sp, #F(FRAME_SP)]
    str     x12, [x16, #UTCB_SP_EL0]
4:  tbz     w11, #ASM_MTD_EL2_ELR_SPSR_BIT, 5f
    ldp     x12, x13, [sp, #F(FRAME_ELR)]
    stp     x12, x13, [x16, #UTCB_ELR_EL2]
5:  tbz     w11, #ASM_MTD_EL2_ESR_FAR_BIT, 6f
    ldp     x12, x13, [x4, #EC_ESR]
    stp     x12, x13, [x16, #UTCB_ESR_EL2]
6:  tbz     w11, #ASM_MTD_EL2_HPFAR_BIT, 7f
    cbz     w14, 7f                         /* a vCPU's only */
    ldr     x12, [x4, #EC_HPFAR]
    str     x12, [x16, #UTCB_HPFAR_EL2]

    /* load_ec() for the handler, a host EC: a vCPU's CPACR_EL1 and
     * CNTKCTL_EL1 saved (vcpu_leave()), the host's mode registers loaded;
     * its EL1, timer and GIC state stay (ec_guest.c). */
7:  switch_tpidr x4, x7, x12, x13
    cbz     w14, 8f
    ldr     x12, [x4, #EC_VCPU]
    mrs     x13, cpacr_el1
    str     x13, [x12, #VCPU_CPACR]
    mrs     x13, cntkctl_el1
    str     x13, [x12, #VCPU_CNTKCTL]
    str     xzr, [x17, #PERCPU_MODE_VCPU]
    mov     w12, #(ASM_HCR_HOST & 0xffff)
    movk    w12, #(ASM_HCR_HOST >> 16), lsl #16
    msr     hcr_el2, x12
    mov     x12, #ASM_CNTKCTL_HOST
    msr     cntkctl_el1, x12
    mov     x12, #ASM_CPACR_HOST
    msr     cpacr_el1, x12
    msr     cntvoff_el2, xzr
8:  ldr     x12, [x7, #EC_VTTBR]
    msr     vttbr_el2, x12
    stp     x7, x12, [x17, #PERCPU_LOADED]
    ldp     x13, x0, [x5, #PT_IP]           /* the portal's IP and PID, still locked */
    kernel_unlock
    mov     w1, w11
    b       ipc_enter_portal

/* The EC before opened FP: trap it again for the handler (load_ec()). */
event_close_fp:
    mov     x12, #ASM_CPTR_EL2_TRAP_FP
    msr     cptr_el2, x12
    strb    wzr, [x17, #PERCPU_FP_OPEN]
    b       event_commit

/* Everything else: exception_lower_sync(), with the whole frame. */
event_general:
    kernel_unlock
event_general_unlocked:
    b       lower_sync_saved


/* From ipc_reply_fast (ipc_fast.S): the handler at X4 (SP_EL2 the end of
 * its frame) replies to an event, X0 = 1, W1 = the reply's MTD, X2 and X3
 * in the frame. SP_EL0, ELR_EL2 and SPSR_EL2 stay as they are until the
 * commit, so that lower_hypercall_special can take over. */
    .global event_reply_fast
event_reply_fast:
    mov     w5, #(ASM_MTD_REPLY_SLOW & 0xffff)
    movk    w5, #(ASM_MTD_REPLY_SLOW >> 16), lsl #16
    tst     w1, w5
    b.ne    event_reply_general_unlocked
    kernel_lock

    /* The EC waits for this reply, is not dead and has nothing pending (no
     * virtual timer either), nobody is queued on the handler, the SC that
     * carried the event runs, and the handler's EL2 state is loaded. A vCPU
     * has a guest space, its EL1 state is still in the registers and no
     * vCPU's mode registers are (vcpu_load() has nothing to save or load
     * but those). */
    ldp     x5, x14, [x4, #EC_CALLER]       /* X5: the EC, X14: its SC */
    cbz     x5, event_reply_general
    ldr     w6, [x4, #EC_STATE]
    ldr     w7, [x5, #EC_STATE]
    orr     w6, w6, w7
    ldrb    w7, [x5, #EC_VTIMER_PENDING]
    orr     w6, w6, w7
    cbnz    w6, event_reply_general
    ldr     x6, [x4, #EC_QUEUE_HEAD]
    cbnz    x6, event_reply_general
    mrs     x11, tpidr_el2                  /* X11: the per-CPU block */
    ldr     x12, [x11, #PERCPU_LOCAL]       /* X12: the scheduler's per-CPU state */
    ldr     x13, [x12, #RQ_CURRENT]         /* X13: the SC */
    cmp     x14, x13
    b.ne    event_reply_general
    cbz     x13, event_reply_general
    ldr     x6, [x11, #PERCPU_LOADED]
    cmp     x6, x4
    b.ne    event_reply_general
    ldrb    w15, [x5, #EC_IS_GUEST]         /* W15: a vCPU */
    cbz     w15, 1f
    ldr     x16, [x5, #EC_GST]              /* X16: its guest space */
    cbz     x16, event_reply_general        /* event_reply() kills it */
    ldp     x6, x7, [x11, #PERCPU_MODE_VCPU]
    cbnz    x6, event_reply_general
    cmp     x7, x5
    b.ne    event_reply_general
1:  ldrb    w6, [x11, #PERCPU_FP_OPEN]
    cbnz    w6, event_reply_close_fp
event_reply_commit:
    /* From here on the reply succeeds: the SC goes back to the EC, the
     * handler (a portal's EC is local) waits for the next call. */
    mrs     x6, sp_el0
    str     x6, [sp, #F(FRAME_SP)]
    mov     w6, #1
    stp     xzr, xzr, [x4, #EC_CALLER]      /* handler->caller, ->carrier */
    strb    w6, [x4, #EC_STATE]             /* handler->waiting = true */
    str     xzr, [x5, #EC_CALLEE]
    str     x5, [x13, #SC_EXEC]
    str     x5, [x12, #RQ_EC]               /* sched_enter() */

    /* arch_ec_state_from_utcb(): what the MTD names into the EC's frame,
     * while the handler's UTCB is certain to exist (the lock is held). */
    ldr     x20, [x4, #EC_UTCB]             /* X20: the handler's UTCB */
    add     x21, x5, #(EC_END - FRAME_SIZE) /* X21: the EC's frame */
    tbz     w1, #ASM_MTD_EL0_SP_BIT, 3f
    ldr     x6, [x20, #UTCB_SP_EL0]
    str     x6, [x21, #FRAME_SP]
3:  tbz     w1, #ASM_MTD_EL2_ELR_SPSR_BIT, 6f
    ldp     x6, x7, [x20, #UTCB_ELR_EL2]
    cbnz    w15, 4f
    /* A host EC: only the condition flags of SPSR are the handler's. */
    ldr     x8, [x21, #FRAME_SPSR]
    and     x7, x7, #ASM_SPSR_NZCV
    bic     x8, x8, #ASM_SPSR_NZCV
    orr     x7, x7, x8
    b       5f
    /* A vCPU: AArch64 EL1h, EL1t or EL0t, anything else EL1h, never IL
     * (sanitize_spsr() in ec_guest.c). */
4:  and     x8, x7, #ASM_PSR_MODE_MASK
    bic     x7, x7, #ASM_PSR_IL
    cmp     x8, #ASM_PSR_MODE_EL1H
    ccmp    x8, #ASM_PSR_MODE_EL1T, #4, ne
    ccmp    x8, #ASM_PSR_MODE_EL0T, #4, ne
    b.eq    5f
    bic     x7, x7, #ASM_PSR_MODE_MASK
    mov     x8, #ASM_PSR_MODE_EL1H
    orr     x7, x7, x8
5:  stp     x6, x7, [x21, #FRAME_ELR]
6:  tbz     w1, #ASM_MTD_GPR_BIT, 7f        /* the 31 words, last: X20, X21 move */
    ldr     x6, [x20], #8
    str     x6, [x21], #8
    mov     x8, #3
2:  .rept   5
    ldp     x6, x7, [x20], #16
    stp     x6, x7, [x21], #16
    .endr
    subs    x8, x8, #1
    b.ne    2b

    /* load_ec() for the EC: a vCPU's mode registers and its guest
     * space's VTTBR_EL2 (vcpu_load(), its EL1 state already loaded), or a
     * host EC's VTTBR_EL2 (the handler left the host's mode registers). */
7:  switch_tpidr x4, x5, x6, x7
    cbz     w15, 8f
    ldr     x6, [x5, #EC_VCPU]
    ldr     x7, [x6, #VCPU_HCR]
    msr     hcr_el2, x7
    ldr     x7, [x6, #VCPU_CPACR]
    msr     cpacr_el1, x7
    ldp     x7, x8, [x6, #VCPU_CNTKCTL]
    msr     cntkctl_el1, x7
    msr     cntvoff_el2, x8
    str     x5, [x11, #PERCPU_MODE_VCPU]
    ldr     x6, [x16, #GST_ROOT_PA]
    ldrh    w7, [x16, #GST_VMID]
    orr     x6, x6, x7, lsl #48
    b       9f
8:  ldr     x6, [x5, #EC_VTTBR]
9:  msr     vttbr_el2, x6
    stp     x5, x6, [x11, #PERCPU_LOADED]
    kernel_unlock

    /* Back into the EC with all of its state from its frame. */
    add     x0, x5, #(EC_END - FRAME_SIZE)
    b       regs_return_to_user

event_reply_close_fp:
    mov     x6, #ASM_CPTR_EL2_TRAP_FP
    msr     cptr_el2, x6
    strb    wzr, [x11, #PERCPU_FP_OPEN]
    b       event_reply_commit

/* Not the common case: hc_ipc_reply() with X0 and X1. */
event_reply_general:
    kernel_unlock
event_reply_general_unlocked:
    stp     x0, x1, [sp, #X(0)]
    b       lower_hypercall_special

    .section .note.GNU-stack, "", %progbits
