/* Kernel entry (aarch64). spec 7.1.1: entered with the MMU off (or an
 * identity map) and interrupts masked, at EL3, EL2 or (wrongly) EL1.
 * X0 = FDT (legacy launch, QEMU, U-Boot booti), X1 = root ELF (legacy
 * launch only). Builds boot page tables that map the whole image at its link
 * address plus an identity map for the switch, turns the MMU on and calls
 * kernel_main(boot_x0, boot_x1, boot_x2, load_pa, entry_el). */
#include "sysreg.h"

/* Before the MMU is on, PC-relative addressing yields physical addresses. */
.macro adr_pa reg, sym
    adrp    \reg, \sym
    add     \reg, \reg, :lo12:\sym
.endm

    .section .text.head, "ax"
    .global _start
_start:
    /* arm64 Image header (Linux Documentation/arm64/booting.rst layout) */
    b       boot_entry                  /* code0 */
    .long   0                           /* code1 */
    .quad   0                           /* text_offset: load at a 2 MiB boundary */
    .quad   __kernel_end - _start       /* image_size incl. bss and pool */
    .quad   0xa                         /* LE, 4 KiB pages, anywhere in RAM */
    .quad   0, 0, 0                     /* reserved */
    .ascii  "ARM\x64"                   /* magic */
    .long   0                           /* no PE header */

boot_entry:
    /* Nothing may touch x19-x23 until kernel_main: they keep the boot
     * registers, the load address and the entry EL. */
    mov     x19, x0
    mov     x20, x1
    mov     x21, x2
    msr     daifset, #0xf
    adr     x22, _start                 /* physical load address */
    mrs     x23, CurrentEL
    lsr     x23, x23, #2

    cmp     x23, #3
    b.ne    1f
    bl      el3_drop_to_el2
    mov     x23, #3                     /* remember we came from EL3 */
1:
    /* Zero bss (page tables included) with the MMU off. */
    adr_pa  x0, __bss_start
    adr_pa  x1, __bss_end
    mov     x3, x0
2:  stp     xzr, xzr, [x3], #16
    cmp     x3, x1
    b.lo    2b
    /* Drop stale cache lines over bss: the loader may have had caches on. */
    bl      dcache_inval_range

    bl      boot_build_tables
    mrs     x0, CurrentEL
    cmp     x0, #(1 << 2)
    b.eq    3f
    bl      boot_mmu_on_el2
    b       4f
3:  bl      boot_mmu_on_el1
4:
    /* MMU on, still on the identity map: jump to the link address. */
    ldr     x0, =boot_virtual
    br      x0

boot_virtual:
    ldr     x0, =boot_stack_top
    mov     sp, x0
    mov     x29, xzr
    mov     x0, x19
    mov     x1, x20
    mov     x2, x21
    mov     x3, x22
    mov     x4, x23
    bl      kernel_main
5:  wfe
    b       5b

/* Secondary CPU entry (PSCI CPU_ON, from smp.c): MMU and caches off, at
 * EL2, interrupts masked, X0 = kernel VA of this CPU's struct percpu, whose
 * first word is its stack top. The boot CPU has built boot_l0 (with the
 * identity map, which stays) and the kernel map, so this CPU only switches
 * its own MMU on with the boot CPU's settings and jumps to the link
 * address. Anything but EL2 parks the CPU; smp.c then times it out. */
    .global secondary_entry
secondary_entry:
    msr     daifset, #0xf
    mov     x19, x0
    mrs     x0, CurrentEL
    cmp     x0, #(2 << 2)
    b.ne    secondary_park
    bl      boot_mmu_on_el2
    ldr     x0, =secondary_virtual
    br      x0

/* MMU on at the link address: stack and TPIDR_EL2 from the per-CPU block. */
secondary_virtual:
    ldr     x0, [x19]
    mov     sp, x0
    msr     tpidr_el2, x19
    mov     x29, xzr
    mov     x0, x19
    bl      smp_secondary_main
secondary_park:
    wfe
    b       secondary_park

/* EL3 -> EL2: no secure firmware will run; make EL2 non-secure AArch64 with
 * access to FP, the GICv3 system registers and the counters, then eret. */
el3_drop_to_el2:
    mov     x0, #(SCR_NS | SCR_RES1 | SCR_HCE | SCR_RW | SCR_SMD)
    msr     scr_el3, x0
    msr     cptr_el3, xzr
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4             /* GIC system register interface */
    cbz     x0, 1f
    mov     x0, #0xf                    /* ICC_SRE_EL3: SRE, DFB, DIB, Enable */
    msr     S3_6_C12_C12_5, x0
    isb
1:  mov     x0, #(PSR_MODE_EL2H | PSR_DAIF)
    msr     spsr_el3, x0
    msr     elr_el3, x30
    eret

/* x0 = start, x1 = end (physical): invalidate data cache lines. */
dcache_inval_range:
    mrs     x3, ctr_el0
    ubfx    x3, x3, #16, #4
    mov     x2, #4
    lsl     x2, x2, x3                  /* line size in bytes */
    sub     x3, x2, #1
    bic     x0, x0, x3
1:  dc      ivac, x0
    add     x0, x0, x2
    cmp     x0, x1
    b.lo    1b
    dsb     sy
    ret

/* Boot page tables (4 KiB granule, 48-bit VA, 4 levels):
 *   L0[0]   -> boot_l1_id: identity map of the image's 1 GiB region, 2 MiB blocks
 *   L0[511] -> boot_l1_kernel -> boot_l2_kernel: KERNEL_VA -> load address
 * Both map the image with 2 MiB normal write-back blocks; the image (kernel,
 * payload, bss, pool) must fit in 1 GiB and not straddle a 1 GiB boundary
 * in the identity map (checked: we stop if it does). */
boot_build_tables:
    adr_pa  x0, boot_l0
    adr_pa  x1, boot_l1_id
    adr_pa  x2, boot_l2_id
    adr_pa  x3, boot_l1_kernel
    adr_pa  x4, boot_l2_kernel

    /* identity: L0[pa >> 39] -> l1_id; l1_id[(pa >> 30) & 511] -> l2_id */
    lsr     x5, x22, #39
    orr     x6, x1, #PTE_TABLE
    str     x6, [x0, x5, lsl #3]
    ubfx    x5, x22, #30, #9
    orr     x6, x2, #PTE_TABLE
    str     x6, [x1, x5, lsl #3]
    /* kernel: L0[511] -> l1_kernel; l1_kernel[0] -> l2_kernel */
    orr     x6, x3, #PTE_TABLE
    mov     x5, #511
    str     x6, [x0, x5, lsl #3]
    orr     x6, x4, #PTE_TABLE
    str     x6, [x3]

    /* 2 MiB blocks for [load, load + size) in both l2 tables */
    adr_pa  x7, __kernel_end
    sub     x7, x7, x22                 /* image size */
    ldr     x8, =PTE_BOOT_BLOCK
    lsr     x10, x22, #21
    and     x10, x10, #511              /* first identity index */
    mov     x11, #0                     /* kernel index */
    mov     x12, x22                    /* pa */
1:  orr     x6, x12, x8
    str     x6, [x2, x10, lsl #3]
    str     x6, [x4, x11, lsl #3]
    add     x10, x10, #1
    add     x11, x11, #1
    add     x12, x12, #(1 << 21)
    sub     x13, x12, x22
    cmp     x13, x7
    b.hs    2f
    cmp     x10, #512
    b.lo    1b
    b       boot_too_large
2:  dsb     sy
    ret

boot_too_large:
    wfe
    b       boot_too_large

/* x1 = PARange capped at 48 bits: 52-bit output needs LPA2 descriptors. */
pa_range:
    mrs     x1, id_aa64mmfr0_el1
    and     x1, x1, #0xf
    cmp     x1, #PARANGE_48
    mov     x2, #PARANGE_48
    csel    x1, x1, x2, ls
    ret

/* MMU on at EL2 with boot_l0, the same on every CPU. Clobbers x0-x2, x15. */
boot_mmu_on_el2:
    mov     x15, x30
    ldr     x0, =MAIR_VALUE
    msr     mair_el2, x0
    bl      pa_range
    ldr     x0, =TCR_EL2_VALUE
    orr     x0, x0, x1, lsl #16         /* PS */
    msr     tcr_el2, x0
    adr_pa  x0, boot_l0
    msr     ttbr0_el2, x0
    ldr     x0, =CPTR_EL2_RES1          /* FP/SIMD allowed: libfdt uses it at boot */
    msr     cptr_el2, x0
    mov     x0, #HCR_RW
    msr     hcr_el2, x0
    isb
    tlbi    alle2
    ic      iallu
    dsb     sy
    isb
    ldr     x0, =SCTLR_EL2_VALUE
    msr     sctlr_el2, x0
    isb
    ret     x15

/* Entered at EL1 (no virtualization): map the same tables with the EL1
 * regime only far enough to report that EL2 is required. */
boot_mmu_on_el1:
    mov     x15, x30
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    bl      pa_range
    ldr     x0, =TCR_EL1_VALUE
    orr     x0, x0, x1, lsl #32         /* IPS */
    msr     tcr_el1, x0
    adr_pa  x0, boot_l0
    msr     ttbr0_el1, x0
    mov     x0, #(3 << 20)              /* CPACR_EL1.FPEN */
    msr     cpacr_el1, x0
    isb
    tlbi    vmalle1
    ic      iallu
    dsb     sy
    isb
    ldr     x0, =SCTLR_EL1_VALUE
    msr     sctlr_el1, x0
    isb
    ret     x15

    .section .bss.page_tables, "aw", %nobits
    .balign 4096
    .global boot_l0
boot_l0:        .skip 4096
boot_l1_id:     .skip 4096
boot_l2_id:     .skip 4096
    .global boot_l1_kernel
boot_l1_kernel: .skip 4096
boot_l2_kernel: .skip 4096
    .balign 16
boot_stack:     .skip 16384
    .global boot_stack_top
boot_stack_top:
