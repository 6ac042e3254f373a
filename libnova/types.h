/* Address types: a physical address, a kernel-virtual address and a
 * host-virtual (user) address are different types, so one can never be
 * passed where another is expected without an explicit conversion. */
#ifndef LIBNOVA_TYPES_H
#define LIBNOVA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t value;
} paddr_t;

typedef struct {
    uint64_t value;
} hva_t;

static inline paddr_t pa_init(uint64_t value) { return (paddr_t){value}; }
static inline uint64_t pa_addr(paddr_t pa) { return pa.value; }
static inline paddr_t pa_add(paddr_t pa, uint64_t offset) { return (paddr_t){pa.value + offset}; }

static inline hva_t hva_init(uint64_t value) { return (hva_t){value}; }
static inline uint64_t hva_addr(hva_t va) { return va.value; }

#define PAGE_BITS 12
#define PAGE_SIZE (UINT64_C(1) << PAGE_BITS)
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + (uint64_t)(a)-1, (a))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/* Code that runs once at boot (__boot) or seldom (__rare: kernel messages,
 * interrupt configuration): GCC compiles cold functions for size and keeps
 * them apart from the hot paths (.text.unlikely), which keeps the kernel's
 * .text within its budget (docs/bench.md). */
#define __boot __attribute__((cold))
#define __rare __attribute__((cold))

#endif
