/* Root task entry (spec 7.1.2).
 *
 * The kernel enters _start at EL0 with SP = HVA of the HIP, a read-only
 * page, X0 = FDT physical address, X1 = the bootloader's X1, X2 = boot
 * manifest physical address (or 0). The ELF has no NOBITS sections (spec
 * 6.2.1), so the stack and .bss are already zero: nothing to clear. */

#define RT_STACK_SIZE (32 * 1024)

    .section .text.start, "ax"
    .global _start
    .type   _start, %function
_start:
    /* Remember the HIP and move off its read-only page onto our stack. */
    mov     x9, sp
    adrp    x10, rt_hip
    str     x9, [x10, :lo12:rt_hip]
    adrp    x10, rt_stack_top
    add     x10, x10, :lo12:rt_stack_top
    mov     sp, x10

    /* main(hip, fdt, x1, manifest): shift the boot registers up by one. */
    mov     x3, x2
    mov     x2, x1
    mov     x1, x0
    mov     x0, x9
    mov     x29, xzr
    mov     x30, xzr
    bl      main

    /* main returned its exit code in w0: power off (0) or reset. */
    bl      rt_exit
1:  b       1b
    .size   _start, . - _start

    .data
    .balign 8
    .global rt_hip
    .type   rt_hip, %object
rt_hip:
    .quad   0
    .size   rt_hip, 8

    /* In .bss, which root.ld places inside the file-backed .data segment. */
    .bss
    .balign 16
rt_stack:
    .space  RT_STACK_SIZE
rt_stack_top:

    .section .note.GNU-stack, "", %progbits
