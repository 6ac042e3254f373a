/* Binary buddy allocator over the kernel pool: blocks of 2^order pages,
 * order 0 (4 KiB) to BUDDY_MAX_ORDER (2 MiB), naturally aligned.
 * docs/kernel-memory.md describes the design. Callers hold the kmem lock
 * (kmem.c); nothing here locks. */
#ifndef LIBNOVA_BUDDY_H
#define LIBNOVA_BUDDY_H

#include "types.h"

#define BUDDY_MAX_ORDER 9u
#define BUDDY_BLOCK_MAX (PAGE_SIZE << BUDDY_MAX_ORDER)
/* The largest pool the static metadata covers; pool bytes beyond it stay unused. */
#define BUDDY_POOL_MAX (UINT64_C(1) << 30)

/* Take over [pool, pool + size): whole pages only, any earlier pool is forgotten. */
void buddy_init(void *pool, uint64_t size);
/* 2^order zeroed pages aligned to their size, or NULL (no state changed). */
void *buddy_alloc(unsigned order);
/* Give back a block from buddy_alloc with the same order; panics on a block
 * outside the pool, misaligned or already free. */
void buddy_free(void *block, unsigned order);
uint64_t buddy_free_bytes(void);
/* Bytes the pool manages: its whole pages, up to BUDDY_POOL_MAX. */
uint64_t buddy_pool_bytes(void);
/* The order whose block holds at least bytes (bytes <= BUDDY_BLOCK_MAX). */
unsigned buddy_order_for(uint64_t bytes);

#endif
