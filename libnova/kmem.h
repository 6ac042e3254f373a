/* Kernel memory: 4 KiB pages from the pool the image sets aside
 * (kernel_memory in the image description). */
#ifndef LIBNOVA_KMEM_H
#define LIBNOVA_KMEM_H

#include "types.h"

void kmem_init(void *pool, uint64_t size);
void *kmem_alloc_page(void); /* zeroed, or NULL when the pool is empty */
void kmem_free_page(void *page);
uint64_t kmem_free_pages(void);

#endif
