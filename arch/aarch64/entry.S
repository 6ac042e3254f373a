/* Exception vectors (EL2) and the return to user mode.
 *
 * While an EC runs at EL0, SP_EL2 points just past that EC's register frame
 * (struct arch_regs), so an exception from EL0 saves user state straight
 * into the EC and then switches to this CPU's kernel stack, whose top is the
 * first word of the per-CPU block in TPIDR_EL2. */
#include "asm_offsets.h"
#include "frame.inc"
#include "sysreg.h"


.macro save_gprs
    stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
    stp     x18, x19, [sp, #16 * 9]
    stp     x20, x21, [sp, #16 * 10]
    stp     x22, x23, [sp, #16 * 11]
    stp     x24, x25, [sp, #16 * 12]
    stp     x26, x27, [sp, #16 * 13]
    stp     x28, x29, [sp, #16 * 14]
    str     x30, [sp, #16 * 15]
.endm

.macro restore_gprs
    ldp     x0, x1, [sp, #16 * 0]
    ldp     x2, x3, [sp, #16 * 1]
    ldp     x4, x5, [sp, #16 * 2]
    ldp     x6, x7, [sp, #16 * 3]
    ldp     x8, x9, [sp, #16 * 4]
    ldp     x10, x11, [sp, #16 * 5]
    ldp     x12, x13, [sp, #16 * 6]
    ldp     x14, x15, [sp, #16 * 7]
    ldp     x16, x17, [sp, #16 * 8]
    ldp     x18, x19, [sp, #16 * 9]
    ldp     x20, x21, [sp, #16 * 10]
    ldp     x22, x23, [sp, #16 * 11]
    ldp     x24, x25, [sp, #16 * 12]
    ldp     x26, x27, [sp, #16 * 13]
    ldp     x28, x29, [sp, #16 * 14]
    ldr     x30, [sp, #16 * 15]
.endm

/* X2..X17 from the frame at X0: both ways back to user mode restore them. */
.macro load_x2_x17
    ldp     x2, x3, [x0, #16 * 1]
    ldp     x4, x5, [x0, #16 * 2]
    ldp     x6, x7, [x0, #16 * 3]
    ldp     x8, x9, [x0, #16 * 4]
    ldp     x10, x11, [x0, #16 * 5]
    ldp     x12, x13, [x0, #16 * 6]
    ldp     x14, x15, [x0, #16 * 7]
    ldp     x16, x17, [x0, #16 * 8]
.endm

/* From EL0: save into the EC, switch to the kernel stack, X0 = the frame. */
.macro lower_entry_save
    sub     sp, sp, #FRAME_SIZE
    save_gprs
    mrs     x0, sp_el0
    mrs     x1, elr_el2
    mrs     x2, spsr_el2
    str     x0, [sp, #FRAME_SP]
    stp     x1, x2, [sp, #FRAME_ELR]
    mov     x0, sp
    mrs     x1, tpidr_el2
    ldr     x1, [x1]
    mov     sp, x1
.endm

/* From EL0 to a handler(regs) that does not return. */
.macro lower_entry handler
    lower_entry_save
    bl      \handler
    b       .
.endm

/* From EL2: the kernel itself faulted or took an interrupt. The frame
 * goes on the current stack; a handler that returns resumes the kernel
 * with the (possibly fixed-up) frame. */
.macro kernel_entry handler
    sub     sp, sp, #FRAME_SIZE
    save_gprs
    add     x0, sp, #FRAME_SIZE
    mrs     x1, elr_el2
    mrs     x2, spsr_el2
    str     x0, [sp, #FRAME_SP]
    stp     x1, x2, [sp, #FRAME_ELR]
    mov     x0, sp
    bl      \handler
    ldp     x1, x2, [sp, #FRAME_ELR]
    msr     elr_el2, x1
    msr     spsr_el2, x2
    restore_gprs
    add     sp, sp, #FRAME_SIZE
    eret
.endm

.macro vector target
    .balign 128
    b       \target
.endm

    .section .text.vectors, "ax"
    .balign 2048
    .global exception_vectors
exception_vectors:
    vector  kernel_sync_sp0             /* current EL, SP_EL0 */
    vector  kernel_other
    vector  kernel_other
    vector  kernel_other
    vector  kernel_sync                 /* current EL, SP_ELx */
    vector  kernel_irq
    vector  kernel_other
    vector  kernel_other
/* Lower EL, AArch64, synchronous: the hypercall dispatch, in the slot
 * itself. SP_EL2 is the end of the running EC's frame; X2 and X3 go there
 * first. svc #0 with ipc_call or ipc_reply goes to the IPC fast paths
 * (ipc_fast.S); other defined numbers to lower_hypercall; an undefined
 * number is answered BAD_HYP here, touching nothing but X0
 * (docs/abi-choices.md); other exceptions take lower_sync. */
    .balign 128
lower_sync_vector:
    stp     x2, x3, [sp, #X(2)]
    mrs     x2, esr_el2
    movz    x3, #ESR_HYPERCALL_HI16, lsl #16
    cmp     x2, x3
    b.ne    lower_sync
    ands    x2, x0, #ASM_HC_NUMBER_MASK
    b.eq    ipc_call_fast
    cmp     x2, #ASM_HC_IPC_REPLY
    b.eq    ipc_reply_fast
    adrp    x3, hypercall_handlers
    add     x3, x3, :lo12:hypercall_handlers
    ldr     x3, [x3, x2, lsl #3]
    cbnz    x3, lower_hypercall
    mov     x0, #ASM_STATUS_BAD_HYP
    ldp     x2, x3, [sp, #X(2)]
    eret
    .if . - lower_sync_vector > 128
    .error "lower_sync_vector overflows its slot"
    .endif
    vector  lower_irq
    vector  lower_other
    vector  lower_other
    vector  lower_other                 /* lower EL, AArch32: never enabled */
    vector  lower_other
    vector  lower_other
    vector  lower_other

kernel_sync_sp0:
    kernel_entry exception_kernel
/* A synchronous exception of the kernel itself: fatal (exception_kernel
 * does not return), unless it is the forwarded SMC that platform firmware
 * does not implement (smc.c), which exception_kernel_sync fixes up. */
kernel_sync:
    kernel_entry exception_kernel_sync
/* An IRQ while the kernel runs at EL2 with interrupts open (a CPU waiting
 * for the scheduler to start): handle and return. */
kernel_irq:
    kernel_entry exception_kernel_irq
kernel_other:
    kernel_entry exception_kernel
lower_irq:
    lower_entry exception_lower_irq
lower_other:
    lower_entry exception_lower_other

/* The C side of synchronous exceptions from EL0, entered with X2 and X3 in
 * the frame (the vector put them there): \name saves the rest;
 * \name\()_special expects the GPRs the C code needs in the frame already
 * (ipc_reply: X0 and X1, see ipc_fast.S), \name\()_saved the whole frame.
 * With \fast, the whole frame saved goes there first (X4..X30 still the
 * EC's), which takes \name\()_saved for what it does not handle.
 * The handler gets the frame (\arg = 0) or the EC (\arg = EC_END - FRAME_SIZE
 * bytes before it) and returns the frame when the same EC goes back to user
 * mode at once: the C code preserved X19..X29 (callee-saved) and nothing at
 * EL2 touched SP_EL0, ELR_EL2 or SPSR_EL2 meanwhile (interrupts stay masked
 * and the hypercall path takes no exception), so only X0..X18 and X30 are
 * restored. */
.macro lower_sync_c name, handler, arg, fast
\name:
    stp     x0, x1, [sp, #X(0)]
    save_x4_x29
    str     x30, [sp, #X(30)]
\name\()_special:
    mrs     x0, sp_el0
    mrs     x1, elr_el2
    mrs     x2, spsr_el2
    str     x0, [sp, #F(FRAME_SP)]
    stp     x1, x2, [sp, #F(FRAME_ELR)]
    .ifnb   \fast
    b       \fast
    .endif
\name\()_saved:
    sub     x0, sp, #FRAME_SIZE + \arg
    mrs     x1, tpidr_el2
    ldr     x1, [x1]
    mov     sp, x1
    bl      \handler
    add     sp, x0, #FRAME_SIZE
    load_x2_x17
    ldr     x18, [x0, #16 * 9]
    ldr     x30, [x0, #16 * 15]
    ldp     x0, x1, [x0, #16 * 0]
    eret
.endm

    .text
/* Every synchronous exception but svc #0: the event fast path
 * (event_fast.S), else exception.c. */
    .global lower_sync_saved
    lower_sync_c lower_sync, exception_lower_sync, 0, event_fast
/* A defined hypercall (hypercall.c); the IPC fast paths hand over here. */
    .global lower_hypercall_special
    .global lower_hypercall_saved
    lower_sync_c lower_hypercall, hypercall_entry, (EC_END - FRAME_SIZE)

/* void regs_return_to_user(struct arch_regs *regs): restore all state from
 * the frame and enter EL0; SP_EL2 is left just past the frame. */
    .text
    .global regs_return_to_user
regs_return_to_user:
    ldr     x1, [x0, #FRAME_SP]
    ldp     x2, x3, [x0, #FRAME_ELR]
    msr     sp_el0, x1
    msr     elr_el2, x2
    msr     spsr_el2, x3
    add     x1, x0, #FRAME_SIZE
    mov     sp, x1
    load_x2_x17
    ldp     x18, x19, [x0, #16 * 9]
    ldp     x20, x21, [x0, #16 * 10]
    ldp     x22, x23, [x0, #16 * 11]
    ldp     x24, x25, [x0, #16 * 12]
    ldp     x26, x27, [x0, #16 * 13]
    ldp     x28, x29, [x0, #16 * 14]
    ldr     x30, [x0, #16 * 15]
    ldp     x0, x1, [x0, #16 * 0]
    eret

/* void fpu_save(struct fpu_state *s) / fpu_load(const struct fpu_state *s):
 * the FP/SIMD registers of an EC that may use them (spec 5.3.2 F flag).
 * Called with FP access enabled at EL2 (CPTR_EL2.TFP = 0). */
    .global fpu_save
fpu_save:
    stp     q0, q1, [x0, #32 * 0]
    stp     q2, q3, [x0, #32 * 1]
    stp     q4, q5, [x0, #32 * 2]
    stp     q6, q7, [x0, #32 * 3]
    stp     q8, q9, [x0, #32 * 4]
    stp     q10, q11, [x0, #32 * 5]
    stp     q12, q13, [x0, #32 * 6]
    stp     q14, q15, [x0, #32 * 7]
    stp     q16, q17, [x0, #32 * 8]
    stp     q18, q19, [x0, #32 * 9]
    stp     q20, q21, [x0, #32 * 10]
    stp     q22, q23, [x0, #32 * 11]
    stp     q24, q25, [x0, #32 * 12]
    stp     q26, q27, [x0, #32 * 13]
    stp     q28, q29, [x0, #32 * 14]
    stp     q30, q31, [x0, #32 * 15]
    mrs     x1, fpcr
    mrs     x2, fpsr
    add     x0, x0, #32 * 16
    stp     x1, x2, [x0]
    ret

    .global fpu_load
fpu_load:
    ldp     q0, q1, [x0, #32 * 0]
    ldp     q2, q3, [x0, #32 * 1]
    ldp     q4, q5, [x0, #32 * 2]
    ldp     q6, q7, [x0, #32 * 3]
    ldp     q8, q9, [x0, #32 * 4]
    ldp     q10, q11, [x0, #32 * 5]
    ldp     q12, q13, [x0, #32 * 6]
    ldp     q14, q15, [x0, #32 * 7]
    ldp     q16, q17, [x0, #32 * 8]
    ldp     q18, q19, [x0, #32 * 9]
    ldp     q20, q21, [x0, #32 * 10]
    ldp     q22, q23, [x0, #32 * 11]
    ldp     q24, q25, [x0, #32 * 12]
    ldp     q26, q27, [x0, #32 * 13]
    ldp     q28, q29, [x0, #32 * 14]
    ldp     q30, q31, [x0, #32 * 15]
    add     x0, x0, #32 * 16
    ldp     x1, x2, [x0]
    msr     fpcr, x1
    msr     fpsr, x2
    ret

/* void smc_forward(uint64_t regs[18]): SMCCC call with X0..X17 from regs,
 * results back into regs. X18..X30 and SP survive an SMCCC call. */
    .global smc_forward
    .global smc_forward_insn
smc_forward:
    stp     x29, x30, [sp, #-32]!
    str     x0, [sp, #16]
    ldp     x16, x17, [x0, #16 * 8]
    ldp     x14, x15, [x0, #16 * 7]
    ldp     x12, x13, [x0, #16 * 6]
    ldp     x10, x11, [x0, #16 * 5]
    ldp     x8, x9, [x0, #16 * 4]
    ldp     x6, x7, [x0, #16 * 3]
    ldp     x4, x5, [x0, #16 * 2]
    ldp     x2, x3, [x0, #16 * 1]
    ldp     x0, x1, [x0]
smc_forward_insn:
    smc     #0
    ldr     x30, [sp, #16]
    stp     x0, x1, [x30]
    stp     x2, x3, [x30, #16 * 1]
    stp     x4, x5, [x30, #16 * 2]
    stp     x6, x7, [x30, #16 * 3]
    stp     x8, x9, [x30, #16 * 4]
    stp     x10, x11, [x30, #16 * 5]
    stp     x12, x13, [x30, #16 * 6]
    stp     x14, x15, [x30, #16 * 7]
    stp     x16, x17, [x30, #16 * 8]
    ldp     x29, x30, [sp], #32
    ret
