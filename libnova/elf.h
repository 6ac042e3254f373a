/* Checking a root task ELF against spec 6.2.1 before it is mapped. */
#ifndef LIBNOVA_ELF_H
#define LIBNOVA_ELF_H

#include "types.h"

#define ELF_MAX_SEGMENTS 16

struct elf_segment {
    uint64_t offset, vaddr, size; /* p_filesz == p_memsz */
    unsigned perm;                /* PERM_MEM_* from p_flags */
};

struct elf_image {
    uint64_t entry;
    unsigned count;
    struct elf_segment segment[ELF_MAX_SEGMENTS];
};

/* Parse the ELF in [data, data + size). machine is the required e_machine,
 * vaddr_end the first host-virtual address a segment may not reach. On
 * failure returns false and points *why at a description of the problem. */
bool elf_parse(const void *data, uint64_t size, unsigned machine, uint64_t vaddr_end,
               struct elf_image *out, const char **why) __boot;

/* The bytes an ELF at data occupies (headers and PT_LOAD contents), read
 * without going past avail bytes; 0 when it is not an ELF that fits. For an
 * ELF placed by a loader, whose size nobody passes (legacy launch). */
uint64_t elf_extent(const void *data, uint64_t avail) __boot;

#endif
