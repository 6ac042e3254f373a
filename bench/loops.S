/* The measured loops, in assembly so that each loop's own instructions are
 * known exactly (bench.h states them per row). Each returns the CNTVCT_EL0
 * ticks the loop took; the hypercalls preserve every register they do not
 * name as an output (spec 7.8), so loop state lives in X9..X17.
 *
 * Under QEMU -icount shift=0 a tick is 10^9 / CNTFRQ instructions (16 on
 * QEMU virt), so ticks x 16 / N is instructions per iteration. */

.macro now reg
    isb
    mrs     \reg, cntvct_el0
.endm

.macro elapsed start
    now     x0
    sub     x0, x0, \start
    ret
.endm

    .text

/* First instruction of the root task: the counter is the number of
 * instructions since power-on. Then the runtime's own entry. */
    .global bench_entry
    .type   bench_entry, %function
bench_entry:
    mrs     x9, cntvct_el0
    adrp    x10, bench_boot_ticks
    str     x9, [x10, :lo12:bench_boot_ticks]
    b       _start
    .size   bench_entry, . - bench_entry

/* uint64_t bench_calibrate(uint64_t n): 2 instructions per iteration. */
    .global bench_calibrate
bench_calibrate:
    now     x16
1:  subs    x0, x0, #1
    b.ne    1b
    elapsed x16

/* uint64_t bench_null(uint64_t n): a hypercall number with no hypercall
 * (BAD_HYP). Loop: mov, svc, subs, b.ne. *status gets the last status. */
    .global bench_null
bench_null:
    mov     x9, x0
    mov     x10, x1
    now     x16
1:  mov     x0, #0xf
    svc     #0
    subs    x9, x9, #1
    b.ne    1b
    str     x0, [x10]
    elapsed x16

/* uint64_t bench_call(uint64_t n, uint64_t x0, uint64_t x1, uint64_t *status):
 * ipc_call with the same X0 (portal selector) and X1 (MTD) each time.
 * Loop: mov, mov, svc, subs, b.ne. */
    .global bench_call
bench_call:
    mov     x9, x0
    mov     x10, x1
    mov     x11, x2
    mov     x12, x3
    now     x16
1:  mov     x0, x10
    mov     x1, x11
    svc     #0
    subs    x9, x9, #1
    b.ne    1b
    str     x0, [x12]
    elapsed x16

/* uint64_t bench_two(uint64_t n, uint64_t a, uint64_t b, uint64_t *status):
 * two hypercalls with X1 = 0 (ctrl_sm: no timeout), X0 = a then X0 = b.
 * Loop: mov, svc, mov, svc, subs, b.ne; the statuses are ORed in (orr, orr). */
    .global bench_two
bench_two:
    mov     x9, x0
    mov     x10, x1
    mov     x11, x2
    mov     x12, x3
    mov     x13, xzr
    mov     x1, xzr
    now     x16
1:  mov     x0, x10
    svc     #0
    orr     x13, x13, x0
    mov     x0, x11
    svc     #0
    orr     x13, x13, x0
    subs    x9, x9, #1
    b.ne    1b
    and     x13, x13, #0xff
    str     x13, [x12]
    elapsed x16

/* uint64_t bench_brk(uint64_t n): a breakpoint each iteration, which the
 * event handler skips by advancing ELR. Loop: brk, subs, b.ne. */
    .global bench_brk
bench_brk:
    now     x16
1:  brk     #0
    subs    x0, x0, #1
    b.ne    1b
    elapsed x16

/* uint64_t bench_svc(struct bench_svc *s): s->n hypercalls with X0..X4 from
 * s->x, adding s->step to X0, X2 and X3 after each; the statuses are ORed
 * into s->status. Loop: 5 mov, svc, and, orr, 3 add, subs, b.ne. */
    .global bench_svc
bench_svc:
    mov     x17, x0
    ldr     x9, [x17, #0]           /* n */
    ldp     x10, x11, [x17, #8]     /* x0, x1 */
    ldp     x12, x13, [x17, #24]    /* x2, x3 */
    ldr     x14, [x17, #40]         /* x4 */
    ldr     x5, [x17, #48]          /* step x0 */
    ldp     x6, x7, [x17, #56]      /* step x2, x3 */
    mov     x15, xzr
    now     x16
1:  mov     x0, x10
    mov     x1, x11
    mov     x2, x12
    mov     x3, x13
    mov     x4, x14
    svc     #0
    and     x0, x0, #0xff
    orr     x15, x15, x0
    add     x10, x10, x5
    add     x12, x12, x6
    add     x13, x13, x7
    subs    x9, x9, #1
    b.ne    1b
    str     x15, [x17, #72]
    elapsed x16

/* Portal entry of the IPC server (a local EC): reply with the MTD it was
 * called with, so the message words go back as they came. */
    .global bench_echo_entry
bench_echo_entry:
    mov     x0, #1                  /* HC_IPC_REPLY; X1 = the MTD received */
    svc     #0

/* Portal entry of the breakpoint handler: X0 = PID = address of the
 * faulting EC's ELR in this EC's UTCB; step over the brk and reply with the
 * MTD received (the portal's: ELR and SPSR). */
    .global bench_skip_entry
bench_skip_entry:
    ldr     x2, [x0]
    add     x2, x2, #4
    str     x2, [x0]
    mov     x0, #1
    svc     #0

/* The cross-CPU peer (a global EC on CPU 1): down a, up b, forever.
 * X0 = down(a), X1 = 0, X2 = up(b) come from its start-up reply. */
    .global bench_pong_entry
bench_pong_entry:
    mov     x9, x0
    mov     x10, x2
    mov     x1, xzr
1:  mov     x0, x9
    svc     #0
    mov     x0, x10
    svc     #0
    b       1b

    .data
    .balign 8
    .global bench_boot_ticks
bench_boot_ticks:
    .quad   0

    .section .note.GNU-stack, "", %progbits
