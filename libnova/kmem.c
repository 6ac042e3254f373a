/* Page allocator for the kernel pool: a LIFO free list threaded through the
 * free pages. Locking: boot CPU only until SMP brings a pool lock. */
#include <string.h>
#include "kmem.h"

struct free_page {
    struct free_page *next;
};

static struct free_page *free_list;
static uint64_t free_count;

void kmem_init(void *pool, uint64_t size)
{
    char *p = pool;
    for (uint64_t off = ALIGN_DOWN(size, PAGE_SIZE); off; off -= PAGE_SIZE)
        kmem_free_page(p + off - PAGE_SIZE);
}

void *kmem_alloc_page(void)
{
    struct free_page *page = free_list;
    if (!page)
        return NULL;
    free_list = page->next;
    free_count--;
    memset(page, 0, PAGE_SIZE);
    return page;
}

void kmem_free_page(void *page)
{
    struct free_page *f = page;
    f->next = free_list;
    free_list = f;
    free_count++;
}

uint64_t kmem_free_pages(void) { return free_count; }
