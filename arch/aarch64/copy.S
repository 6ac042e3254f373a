/* void arch_copy_words(uint64_t *dst, const uint64_t *src, size_t n):
 * IPC message words, UTCB to UTCB (both 16-byte aligned, n >= 1). The
 * largest units general registers allow: 64 bytes a loop iteration in
 * post-indexed pairs, the remainder of 1, 2 and 4 words first. */
    .text
    .global arch_copy_words
    .type   arch_copy_words, %function
arch_copy_words:
    tbz     x2, #0, 1f
    ldr     x3, [x1], #8
    str     x3, [x0], #8
1:  tbz     x2, #1, 2f
    ldp     x3, x4, [x1], #16
    stp     x3, x4, [x0], #16
2:  tbz     x2, #2, 3f
    ldp     x3, x4, [x1], #16
    ldp     x5, x6, [x1], #16
    stp     x3, x4, [x0], #16
    stp     x5, x6, [x0], #16
3:  lsr     x2, x2, #3
    cbz     x2, 5f
4:  ldp     x3, x4, [x1], #16
    ldp     x5, x6, [x1], #16
    ldp     x7, x8, [x1], #16
    ldp     x9, x10, [x1], #16
    stp     x3, x4, [x0], #16
    stp     x5, x6, [x0], #16
    stp     x7, x8, [x0], #16
    stp     x9, x10, [x0], #16
    subs    x2, x2, #1
    b.ne    4b
5:  ret
    .size   arch_copy_words, . - arch_copy_words

    .section .note.GNU-stack, "", %progbits
