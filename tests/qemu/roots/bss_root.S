/* A root task the spec does not allow (6.2.1: p_filesz must equal p_memsz):
 * its .bss makes a PT_LOAD with more memory than file bytes. */
    .text
    .global _start
_start:
    b       _start
    .bss
    .skip   8192
