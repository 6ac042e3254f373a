/* Binary buddy allocator over the kernel pool.
 *
 * Blocks are 2^order pages, aligned to their size in the address space: the
 * page index of a block counts from `origin`, the pool start rounded down to
 * BUDDY_BLOCK_MAX, so the buddy of the block at index i is i ^ 2^order. Free
 * blocks sit on one doubly linked list per order, threaded through their
 * first bytes. Whether a block is free is recorded out of band, in a static
 * bitmap per order (one bit per possible block of that order, sized for
 * BUDDY_POOL_MAX): the pool gives every page to its users and a used page's
 * contents are never trusted.
 *
 * Protected by the kmem lock (kmem.c); all loops are bounded by
 * BUDDY_MAX_ORDER or by the pool's page count. */
#include <string.h>
#include "buddy.h"
#include "console.h"

#define ORDERS (BUDDY_MAX_ORDER + 1)
#define MAX_PAGES (UINT64_C(1) << BUDDY_MAX_ORDER)
/* Pages the bitmaps cover: the pool plus rounding to BUDDY_BLOCK_MAX at both ends. */
#define SPAN_PAGES (BUDDY_POOL_MAX / PAGE_SIZE + 2 * MAX_PAGES)
#define MAP_WORDS (2 * SPAN_PAGES / 64 + ORDERS)

struct buddy_block {
    struct buddy_block *next, *prev;
};

static uintptr_t origin;              /* address of page index 0 */
static uint64_t pool_first, pool_end; /* pool pages [pool_first, pool_end), as indices */
static uint64_t free_bytes;
static struct buddy_block *lists[ORDERS]; /* free blocks of each order, NULL-ended */
static uint64_t map[MAP_WORDS];           /* bit set: block of that order is free */
static uint64_t map_base[ORDERS];         /* first word of each order's bitmap */

static uint64_t *map_word(unsigned order, uint64_t idx)
{
    return &map[map_base[order] + (idx >> order) / 64];
}

static uint64_t map_bit(unsigned order, uint64_t idx)
{
    return UINT64_C(1) << ((idx >> order) % 64);
}

static bool is_free(unsigned order, uint64_t idx)
{
    return *map_word(order, idx) & map_bit(order, idx);
}

static struct buddy_block *block_at(uint64_t idx)
{
    return (struct buddy_block *)(origin + idx * PAGE_SIZE);
}

static uint64_t index_of(const void *p) { return ((uintptr_t)p - origin) / PAGE_SIZE; }

static void push(unsigned order, uint64_t idx)
{
    struct buddy_block *b = block_at(idx);
    b->prev = NULL;
    b->next = lists[order];
    if (b->next)
        b->next->prev = b;
    lists[order] = b;
    *map_word(order, idx) |= map_bit(order, idx);
}

static void pull(unsigned order, struct buddy_block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        lists[order] = b->next;
    if (b->next)
        b->next->prev = b->prev;
    uint64_t idx = index_of(b);
    *map_word(order, idx) &= ~map_bit(order, idx);
}

void buddy_init(void *pool, uint64_t size)
{
    uintptr_t start = ALIGN_UP((uintptr_t)pool, PAGE_SIZE);
    uint64_t pages =
        size > start - (uintptr_t)pool ? (size - (start - (uintptr_t)pool)) / PAGE_SIZE : 0;
    if (pages > BUDDY_POOL_MAX / PAGE_SIZE)
        pages = BUDDY_POOL_MAX / PAGE_SIZE;
    origin = ALIGN_DOWN(start, BUDDY_BLOCK_MAX);
    pool_first = (start - origin) / PAGE_SIZE;
    pool_end = pool_first + pages;
    free_bytes = 0;
    uint64_t word = 0;
    for (unsigned k = 0; k < ORDERS; k++) {
        lists[k] = NULL;
        map_base[k] = word;
        word += (SPAN_PAGES >> k) / 64 + 1;
    }
    memset(map, 0, sizeof(map));
    /* Carve the pool into the largest aligned blocks that fit. */
    for (uint64_t idx = pool_first; idx < pool_end;) {
        unsigned k = BUDDY_MAX_ORDER;
        while (k && ((idx & ((UINT64_C(1) << k) - 1)) || idx + (UINT64_C(1) << k) > pool_end))
            k--;
        push(k, idx);
        idx += UINT64_C(1) << k;
        free_bytes += PAGE_SIZE << k;
    }
}

void *buddy_alloc(unsigned order)
{
    if (order > BUDDY_MAX_ORDER)
        return NULL;
    unsigned k = order;
    while (k <= BUDDY_MAX_ORDER && !lists[k])
        k++;
    if (k > BUDDY_MAX_ORDER)
        return NULL;
    struct buddy_block *b = lists[k];
    pull(k, b);
    uint64_t idx = index_of(b);
    while (k > order) {
        k--;
        push(k, idx + (UINT64_C(1) << k));
    }
    free_bytes -= PAGE_SIZE << order;
    memset(b, 0, PAGE_SIZE << order);
    return b;
}

/* The block must lie in the pool, be aligned to its order and not overlap a
 * free block at its first page (a double free). */
static void check_block(const void *block, unsigned order)
{
    uint64_t idx = index_of(block);
    uint64_t pages = UINT64_C(1) << order;
    if (order > BUDDY_MAX_ORDER || (uintptr_t)block < origin || (uintptr_t)block % PAGE_SIZE ||
        idx < pool_first || idx >= pool_end || pages > pool_end - idx || (idx & (pages - 1)))
        panic("buddy_free: %p order %u is not a pool block", block, order);
    for (unsigned k = 0; k < ORDERS; k++)
        if (is_free(k, idx))
            panic("buddy_free: %p order %u is already free", block, order);
}

void buddy_free(void *block, unsigned order)
{
    check_block(block, order);
    free_bytes += PAGE_SIZE << order;
    uint64_t idx = index_of(block);
    /* Merge with the buddy while it is free as a whole; blocks outside the
     * pool are never marked free, so merging stops at its edges. */
    while (order < BUDDY_MAX_ORDER) {
        uint64_t buddy = idx ^ (UINT64_C(1) << order);
        if (!is_free(order, buddy))
            break;
        pull(order, block_at(buddy));
        idx &= ~(UINT64_C(1) << order);
        order++;
    }
    push(order, idx);
}

uint64_t buddy_free_bytes(void) { return free_bytes; }

uint64_t buddy_pool_bytes(void) { return (pool_end - pool_first) * PAGE_SIZE; }

unsigned buddy_order_for(uint64_t bytes)
{
    unsigned order = 0;
    while (order < BUDDY_MAX_ORDER && (PAGE_SIZE << order) < bytes)
        order++;
    return order;
}
