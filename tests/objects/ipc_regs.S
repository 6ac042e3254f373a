/* Both sides of an IPC round trip with every register set to a value of
 * its own (tests/objects/main.c, ipc_registers_stay_with_their_ec): what
 * the callee sees at its portal entry, and what the caller has after the
 * reply. docs/abi-choices.md says what each must be. */

/* void regs_call(uint64_t id, uint64_t mtd): ipc_call with X0 = id, X1 =
 * mtd, X2..X30 = regs_caller_pattern, NZCV = N and C, TPIDR_EL0 =
 * REGS_CALLER_TPIDR; then regs_after[] = X0..X30, NZCV, TPIDR_EL0, SP as
 * they came back, and regs_sp_before = SP before. */
    .text
    .global regs_call
regs_call:
    stp     x29, x30, [sp, #-96]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    mrs     x9, tpidr_el0
    adrp    x10, regs_saved_tpidr
    str     x9, [x10, :lo12:regs_saved_tpidr]
    mov     x9, sp
    adrp    x10, regs_sp_before
    str     x9, [x10, :lo12:regs_sp_before]
    ldr     x2, =0x7e1d0000caffe001
    msr     tpidr_el0, x2
    mov     x2, #0xa0000000                 /* N and C */
    msr     nzcv, x2
    adrp    x30, regs_caller_pattern
    add     x30, x30, :lo12:regs_caller_pattern
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
    ldr     x30, [x30, #16 * 14]
    svc     #0
    stp     x0, x1, [sp, #-16]!             /* no flag-setting instruction before nzcv is read */
    adrp    x0, regs_after
    add     x0, x0, :lo12:regs_after
    stp     x2, x3, [x0, #16 * 1]
    stp     x4, x5, [x0, #16 * 2]
    stp     x6, x7, [x0, #16 * 3]
    stp     x8, x9, [x0, #16 * 4]
    stp     x10, x11, [x0, #16 * 5]
    stp     x12, x13, [x0, #16 * 6]
    stp     x14, x15, [x0, #16 * 7]
    stp     x16, x17, [x0, #16 * 8]
    stp     x18, x19, [x0, #16 * 9]
    stp     x20, x21, [x0, #16 * 10]
    stp     x22, x23, [x0, #16 * 11]
    stp     x24, x25, [x0, #16 * 12]
    stp     x26, x27, [x0, #16 * 13]
    stp     x28, x29, [x0, #16 * 14]
    str     x30, [x0, #16 * 15]
    mrs     x2, nzcv
    mrs     x3, tpidr_el0
    stp     x2, x3, [x0, #8 * 31]
    ldp     x2, x3, [sp], #16
    stp     x2, x3, [x0]
    mov     x2, sp
    str     x2, [x0, #8 * 33]
    adrp    x10, regs_saved_tpidr
    ldr     x9, [x10, :lo12:regs_saved_tpidr]
    msr     tpidr_el0, x9
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #96
    ret
    .ltorg

/* Portal entry of the callee, a local EC in another PD; PID = its UTCB.
 * Words 0..30 of its UTCB get X0..X30 as it entered, word 31 NZCV, 32
 * TPIDR_EL0, 33 SP; then it sets every register to a value of its own
 * (regs_callee_pattern, NZCV all set, REGS_CALLEE_TPIDR, SP =
 * REGS_CALLEE_SP) and replies with words 0..33 and MTD bits 32..63 set. */
    .global regs_callee_entry
regs_callee_entry:
    stp     x0, x1, [x0, #16 * 0]
    stp     x2, x3, [x0, #16 * 1]
    stp     x4, x5, [x0, #16 * 2]
    stp     x6, x7, [x0, #16 * 3]
    stp     x8, x9, [x0, #16 * 4]
    stp     x10, x11, [x0, #16 * 5]
    stp     x12, x13, [x0, #16 * 6]
    stp     x14, x15, [x0, #16 * 7]
    stp     x16, x17, [x0, #16 * 8]
    stp     x18, x19, [x0, #16 * 9]
    stp     x20, x21, [x0, #16 * 10]
    stp     x22, x23, [x0, #16 * 11]
    stp     x24, x25, [x0, #16 * 12]
    stp     x26, x27, [x0, #16 * 13]
    stp     x28, x29, [x0, #16 * 14]
    str     x30, [x0, #8 * 30]
    mrs     x2, nzcv
    mrs     x3, tpidr_el0
    stp     x2, x3, [x0, #8 * 31]
    mov     x2, sp
    str     x2, [x0, #8 * 33]
    ldr     x2, =0x7e1d0000ca11ee01
    msr     tpidr_el0, x2
    ldr     x2, =0x5eed0000ca11ee00
    mov     sp, x2
    mov     x2, #0xf0000000                 /* N, Z, C and V */
    msr     nzcv, x2
    adrp    x30, regs_callee_pattern
    add     x30, x30, :lo12:regs_callee_pattern
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
    ldr     x30, [x30, #16 * 14]
    mov     x0, #1                          /* ipc_reply */
    mov     x1, #33                         /* 34 words */
    movk    x1, #0xbad0, lsl #48
    svc     #0
    .ltorg

    .section .note.GNU-stack, "", %progbits
