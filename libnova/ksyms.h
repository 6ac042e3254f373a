/* Kernel symbol table for fault reports. The image builder links the kernel
 * twice and embeds the sorted function symbols in section .ksyms. */
#ifndef LIBNOVA_KSYMS_H
#define LIBNOVA_KSYMS_H

#include "types.h"

struct ksym {
    uint64_t addr;
    uint32_t name; /* offset of the NUL-terminated name from the table start */
    uint32_t reserved;
};

/* The function containing addr, or "?" when unknown. */
const char *ksyms_lookup(uint64_t addr);

#endif
