/* Kernel memory: everything the kernel allocates at run time comes from the
 * pool the image sets aside (kernel_memory in the image description), through
 * the buddy allocator (pages, buddy.c) and the object caches (slab.c).
 * docs/kernel-memory.md describes the design. Every function takes the kmem
 * lock; none sleeps or fails other than by returning NULL. */
#ifndef LIBNOVA_KMEM_H
#define LIBNOVA_KMEM_H

#include "types.h"

/* Make [pool, pool + size) the pool: whole pages, at most BUDDY_POOL_MAX
 * bytes; everything handed out from an earlier pool is forgotten. */
void kmem_init(void *pool, uint64_t size);

/* One zeroed page, or NULL when the pool has none. */
void *kmem_alloc_page(void);
void kmem_free_page(void *page);
/* Pages the pool can still hand out as whole pages (kmem_free_bytes / PAGE_SIZE). */
uint64_t kmem_free_pages(void);

/* size zeroed bytes aligned to 16 (sizes above 2 KiB: to 4 KiB), or NULL when
 * the pool cannot hold them or size is 0 or above 2 MiB; NULL changes no state. */
void *kmem_alloc(size_t size);
/* Give back p from kmem_alloc(size); size must be the one allocated with. */
void kmem_free(void *p, size_t size);

/* Pool bytes not handed out: neither in a live page nor in a slab. Freeing
 * everything allocated since a given point restores it exactly. */
uint64_t kmem_free_bytes(void);

#endif
