/* Object caches for kernel objects: fixed size classes from 16 to
 * SLAB_SIZE_MAX bytes, each filling slabs of buddy blocks; larger requests
 * take whole buddy blocks. docs/kernel-memory.md describes the design.
 * Callers hold the kmem lock (kmem.c); nothing here locks. */
#ifndef LIBNOVA_SLAB_H
#define LIBNOVA_SLAB_H

#include "types.h"

#define SLAB_ALIGN 16u
#define SLAB_SIZE_MAX 2048u

/* Forget every slab (the buddy allocator was given a new pool). */
void slab_init(void);
/* size (1 to BUDDY_BLOCK_MAX) zeroed bytes aligned to SLAB_ALIGN, or NULL
 * with no state changed. */
void *slab_alloc(size_t size);
/* Give back p from slab_alloc(size) with the same size; an emptied slab goes
 * back to the buddy allocator at once. Panics on a pointer that is not a
 * live object of that size. */
void slab_free(void *p, size_t size);

#endif
