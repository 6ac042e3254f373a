/* Kernel memory: the lock around the buddy allocator and the object caches.
 *
 * Locking: one pool lock protects the buddy allocator's free lists, bitmaps
 * and counters (buddy.c) and every object cache (slab.c). It is a leaf lock:
 * nothing here takes another lock or calls out of kmem. Today every
 * caller holds the kernel lock (libnova/sched.c, docs/locking.md), so
 * kmem_lock()/kmem_unlock() are empty; they become a spinlock's acquire and
 * release when the kernel lock is split. */
#include "buddy.h"
#include "kmem.h"
#include "slab.h"

static void kmem_lock(void) {}
static void kmem_unlock(void) {}

void kmem_init(void *pool, uint64_t size)
{
    kmem_lock();
    buddy_init(pool, size);
    slab_init();
    kmem_unlock();
}

void *kmem_alloc_page(void)
{
    kmem_lock();
    void *page = buddy_alloc(0);
    kmem_unlock();
    return page;
}

void kmem_free_page(void *page)
{
    kmem_lock();
    buddy_free(page, 0);
    kmem_unlock();
}

uint64_t kmem_free_pages(void) { return kmem_free_bytes() / PAGE_SIZE; }

void *kmem_alloc(size_t size)
{
    kmem_lock();
    void *p = slab_alloc(size);
    kmem_unlock();
    return p;
}

void kmem_free(void *p, size_t size)
{
    kmem_lock();
    slab_free(p, size);
    kmem_unlock();
}

uint64_t kmem_free_bytes(void)
{
    kmem_lock();
    uint64_t bytes = buddy_free_bytes();
    kmem_unlock();
    return bytes;
}
