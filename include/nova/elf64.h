/* The ELF64 headers a root task image consists of (spec 6.2.1), for the
 * kernel's checks, the runtime's own look at its image and the tests:
 * freestanding code has no <elf.h>. */
#ifndef NOVA_ELF64_H
#define NOVA_ELF64_H

#include <stdint.h>

struct elf64_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1u
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u

#endif
