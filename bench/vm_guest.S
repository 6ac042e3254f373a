/* The benchmark guest (vm.c): AArch64 code for EL1, MMU off, copied to
 * guest RAM. X0 = iterations (from STARTUP). Results leave with
 * `hvc #0`, X0 = 1 or 2 (X1 = ticks, X2 = iterations); X0 = 3 ends. */
    .section .rodata.bench_guest, "a"
    .balign 4096
    .global bench_guest, bench_guest_end
bench_guest:
    /* VM exits: hvc with X0 = 0, n times (loop: 3 instructions + mov). */
    mov     x19, x0
    mov     x20, x0
    isb
    mrs     x21, cntvct_el0
1:  mov     x0, #0
    hvc     #0
    subs    x20, x20, #1
    b.ne    1b
    isb
    mrs     x22, cntvct_el0
    sub     x1, x22, x21
    mov     x2, x19
    mov     x0, #1
    hvc     #0

    /* Injection latency: n times, the virtual timer 256 ticks ahead; the
     * IRQ handler adds (its first counter read - CNTV_CVAL) to X23. */
    mov     x9, #1
    msr     icc_sre_el1, x9
    isb
    mov     x9, #0xff
    msr     icc_pmr_el1, x9
    mov     x9, #1
    msr     icc_igrpen1_el1, x9
    adr     x9, bench_guest_vectors
    msr     vbar_el1, x9
    isb
    mov     x23, #0
    mov     x20, x19
2:  mov     x24, #0
    mrs     x10, cntvct_el0
    add     x10, x10, #256
    msr     cntv_cval_el0, x10
    mov     x9, #1
    msr     cntv_ctl_el0, x9
    msr     daifclr, #2
3:  cbz     x24, 3b
    msr     daifset, #2
    subs    x20, x20, #1
    b.ne    2b
    mov     x1, x23
    mov     x2, x19
    mov     x0, #2
    hvc     #0
    mov     x0, #3
    hvc     #0
4:  b       4b

    /* EL1 vectors: IRQ from the current EL with SP_ELx at 0x280. */
    .balign 2048
bench_guest_vectors:
    .skip   0x280
    isb
    mrs     x25, cntvct_el0
    mrs     x26, cntv_cval_el0
    sub     x25, x25, x26
    add     x23, x23, x25
    mrs     x27, icc_iar1_el1
    msr     cntv_ctl_el0, xzr
    msr     icc_eoir1_el1, x27
    mov     x24, #1
    eret
    .balign 4096
bench_guest_end:
