/* The test guest: AArch64 code for EL1 with the MMU off, copied to guest
 * RAM at GUEST_BASE (main.c). Position-independent. Each step ends in an
 * exit the VMM (main.c's handler) checks; `hvc #N` reports step N. */
#define REGS_PATTERN 0x4000f000 /* regs.c: GUEST_BASE + REGS_PATTERN_OFFSET */
    .section .rodata.guest, "a"
    .balign 4096
    .global guest_blob, guest_blob_end
guest_blob:
    hvc     #1                      /* X0 holds the STARTUP handler's value */
    mov     x1, x0
    hvc     #2                      /* the reply to step 1 set X0 */

    movz    x3, #0x0900, lsl #16    /* unmapped guest-physical page: MMIO */
    movz    w2, #0xabcd
    str     w2, [x3, #4]            /* data abort, write */
    ldr     w4, [x3, #8]            /* data abort, read: the VMM supplies W4 */
    hvc     #3

    wfi                             /* trapped (HCR_EL2.TWI) */
    smc     #0                      /* trapped (HCR_EL2.TSC) */

    adr     x6, guest_vectors
    msr     vbar_el1, x6
    movz    x5, #0x7117
    msr     tpidr_el1, x5
    hvc     #4                      /* the VMM reads EL1 state, writes TPIDR_EL1 */
    mrs     x7, tpidr_el1
    hvc     #5

    mrs     x8, actlr_el1           /* trapped (HCR_EL2.TACR) */
    hvc     #6
    msr     dbgbcr0_el1, xzr        /* trapped (MDCR_EL2.TDA): no breakpoint */
    mrs     x8, pmcr_el0            /* trapped (MDCR_EL2.TPMCR) */
    hvc     #10

    /* The virtual timer, through the GIC virtual CPU interface: GICv3
     * system registers, or (X19 = 2, from STARTUP) the GICv2 GICV page the
     * VMM mapped at the guest's GICC address. */
    cmp     x19, #3
    b.ne    4f
    mov     x9, #1
    msr     icc_sre_el1, x9
    isb
    mov     x9, #0xff
    msr     icc_pmr_el1, x9
    mov     x9, #1
    msr     icc_igrpen1_el1, x9
    b       5f
4:  movz    x11, #0x0801, lsl #16   /* GICC_PMR, then GICC_CTLR.EnableGrp0 */
    mov     w9, #0xff
    str     w9, [x11, #4]
    mov     w9, #1
    str     w9, [x11, #0]
5:  mov     x20, #0
    mrs     x10, cntvct_el0
    add     x10, x10, #2000
    msr     cntv_cval_el0, x10
    mov     x9, #1
    msr     cntv_ctl_el0, x9
    msr     daifclr, #2
1:  cbz     x20, 1b                 /* until the IRQ handler ran */
    msr     daifset, #2
    hvc     #7                      /* X21: the INTID it acknowledged */

    mov     x22, #0
    hvc     #8                      /* ready: the root recalls this vCPU */
2:  cbz     x22, 2b                 /* until the RECALL handler sets X22 */
    hvc     #9

    /* A pass-through device: the PL031 RTC at its physical address, its
     * SPI guest-owned (assign_int G=1). A match register equal to the
     * count raises the interrupt at once; the VMM injects it with the HW
     * bit; the guest clears the device and ends it, which deactivates the
     * physical interrupt, so the second match interrupts again. */
    movz    x12, #0x0901, lsl #16
    mov     x23, #0                 /* interrupts taken */
    mov     x24, #1                 /* interrupts wanted */
    mov     w9, #1
    str     w9, [x12, #0x10]        /* RTCIMSC: the match interrupt */
    msr     daifclr, #2
8:  ldr     w9, [x12, #0]           /* RTCDR */
    str     w9, [x12, #4]           /* RTCMR = now (again if a second */
    movz    x25, #0x10, lsl #16     /* ticked in between) */
9:  cmp     x23, x24
    b.hs    10f
    subs    x25, x25, #1
    b.ne    9b
    b       8b
10: add     x24, x24, #1
    cmp     x24, #3
    b.ne    8b
    msr     daifset, #2
    str     wzr, [x12, #0x10]
    hvc     #11                     /* X23: 2, X21: the device's INTID */
    hvc     #12                     /* the VMM checks the list register it wrote */
    hvc     #0xff                   /* done: the VMM poisons this vCPU */
3:  b       3b

    /* EL1 vectors: only IRQ from the current EL with SP_ELx is expected:
     * the virtual timer (X20 = 1) or the RTC (X23 + 1), each quietened
     * before its end of interrupt. */
    .balign 2048
guest_vectors:
    .skip   0x280
    cmp     x19, #3
    b.ne    6f
    mrs     x21, icc_iar1_el1
    b       7f
6:  ldr     w21, [x11, #0xc]        /* GICC_IAR */
7:  cmp     x21, #27
    b.ne    8f
    msr     cntv_ctl_el0, xzr
    mov     x20, #1
    b       9f
8:  mov     w13, #1
    str     w13, [x12, #0x1c]       /* RTCICR */
    add     x23, x23, #1
9:  cmp     x19, #3
    b.ne    10f
    msr     icc_eoir1_el1, x21
    eret
10: str     w21, [x11, #0x10]       /* GICC_EOIR */
    and     x21, x21, #0x3ff
    eret

/* A second vCPU (regs.c): every register set to a value of its own from
 * the table the root wrote at REGS_PATTERN (X0..X30, SP_EL1, SP_EL0), NZCV
 * = N and C; then exits that change nothing: hvc (delivered with the GPRs,
 * answered with MTD 0), smc (the VMM reads and writes back), hvc, smc. */
    .balign 64
    .global guest_regs, guest_regs_smc1, guest_regs_smc2
guest_regs:
    movz    x30, #(REGS_PATTERN >> 16), lsl #16
    movk    x30, #(REGS_PATTERN & 0xffff)
    ldp     x0, x1, [x30, #8 * 31]
    mov     sp, x0
    msr     sp_el0, x1
    mov     x0, #0xa0000000                 /* N and C */
    msr     nzcv, x0
    ldp     x0, x1, [x30, #8 * 0]
    ldp     x2, x3, [x30, #8 * 2]
    ldp     x4, x5, [x30, #8 * 4]
    ldp     x6, x7, [x30, #8 * 6]
    ldp     x8, x9, [x30, #8 * 8]
    ldp     x10, x11, [x30, #8 * 10]
    ldp     x12, x13, [x30, #8 * 12]
    ldp     x14, x15, [x30, #8 * 14]
    ldp     x16, x17, [x30, #8 * 16]
    ldp     x18, x19, [x30, #8 * 18]
    ldp     x20, x21, [x30, #8 * 20]
    ldp     x22, x23, [x30, #8 * 22]
    ldp     x24, x25, [x30, #8 * 24]
    ldp     x26, x27, [x30, #8 * 26]
    ldp     x28, x29, [x30, #8 * 28]
    ldr     x30, [x30, #8 * 30]
    hvc     #0x21
guest_regs_smc1:
    smc     #0
    hvc     #0x22
guest_regs_smc2:
    smc     #0
1:  b       1b
    .balign 4096
guest_blob_end:
