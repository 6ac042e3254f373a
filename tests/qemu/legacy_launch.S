/* The spec's legacy launch (7.1.1.3) on QEMU, which cannot set X1 itself:
 * QEMU's generic loader starts the CPU here, and this sets the registers a
 * legacy bootloader would and enters the bare kernel ELF. */
    .text
    ldr     x0, =0x40000000     /* FDT: QEMU virt puts it at the base of RAM */
    ldr     x1, =0x48000000     /* root task ELF, placed by the loader */
    mov     x2, xzr
    ldr     x3, =0x40200000     /* kernel ELF entry (physical) */
    br      x3
