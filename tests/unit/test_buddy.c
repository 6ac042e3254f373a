/* libnova/buddy.c: blocks of 2^order pages aligned to their size, split on
 * allocation, merged with their buddy on free, zeroed, and NULL without side
 * effects when no block is large enough. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "arch_host.h"
#include "buddy.h"

/* A 2 MiB aligned address in the lower (test) half of the fake RAM. */
static char *aligned_pool(void)
{
    return (char *)ALIGN_UP((uintptr_t)arch_host_ram(), BUDDY_BLOCK_MAX);
}

static void buddy_aligned_pool_is_one_max_block(void **state)
{
    (void)state;
    char *pool = aligned_pool();
    buddy_init(pool, BUDDY_BLOCK_MAX);
    assert_int_equal(buddy_free_bytes(), BUDDY_BLOCK_MAX);
    assert_int_equal(buddy_pool_bytes(), BUDDY_BLOCK_MAX);
    assert_ptr_equal(buddy_alloc(BUDDY_MAX_ORDER), pool);
    assert_int_equal(buddy_free_bytes(), 0);
    assert_null(buddy_alloc(0));
    buddy_free(pool, BUDDY_MAX_ORDER);
    assert_int_equal(buddy_free_bytes(), BUDDY_BLOCK_MAX);
}

static void buddy_alloc_splits_and_free_coalesces(void **state)
{
    (void)state;
    char *pool = aligned_pool();
    buddy_init(pool, BUDDY_BLOCK_MAX);
    char *page = buddy_alloc(0);
    assert_ptr_equal(page, pool);
    assert_int_equal(buddy_free_bytes(), BUDDY_BLOCK_MAX - PAGE_SIZE);
    /* The split left one free block of each order 0..8 above the page. */
    char *half = buddy_alloc(BUDDY_MAX_ORDER - 1);
    assert_ptr_equal(half, pool + BUDDY_BLOCK_MAX / 2);
    assert_null(buddy_alloc(BUDDY_MAX_ORDER));
    assert_ptr_equal(buddy_alloc(0), pool + PAGE_SIZE);
    buddy_free(pool + PAGE_SIZE, 0);
    buddy_free(page, 0);
    assert_null(buddy_alloc(BUDDY_MAX_ORDER)); /* the upper half is still out */
    buddy_free(half, BUDDY_MAX_ORDER - 1);
    assert_ptr_equal(buddy_alloc(BUDDY_MAX_ORDER), pool);
}

static void buddy_blocks_are_aligned_in_an_unaligned_pool(void **state)
{
    (void)state;
    char *pool = aligned_pool() + 3 * PAGE_SIZE;
    const uint64_t size = BUDDY_BLOCK_MAX - 3 * PAGE_SIZE + 5 * PAGE_SIZE;
    buddy_init(pool, size);
    assert_int_equal(buddy_free_bytes(), size);
    static void *blocks[1024];
    static unsigned orders[1024];
    unsigned n = 0;
    uint64_t taken = 0;
    for (int k = BUDDY_MAX_ORDER; k >= 0; k--) {
        char *b;
        while ((b = buddy_alloc((unsigned)k))) {
            assert_int_equal((uintptr_t)b % (PAGE_SIZE << k), 0);
            assert_true(b >= pool && b + (PAGE_SIZE << k) <= pool + size);
            blocks[n] = b;
            orders[n++] = (unsigned)k;
            taken += PAGE_SIZE << k;
        }
    }
    assert_int_equal(taken, size);
    assert_int_equal(buddy_free_bytes(), 0);
    for (unsigned i = 0; i < n; i++)
        buddy_free(blocks[i], orders[i]);
    assert_int_equal(buddy_free_bytes(), size);
    assert_null(buddy_alloc(BUDDY_MAX_ORDER)); /* no aligned 2 MiB inside */
    assert_non_null(buddy_alloc(BUDDY_MAX_ORDER - 1));
}

static void buddy_exhaustion_returns_null_and_changes_nothing(void **state)
{
    (void)state;
    char *pool = aligned_pool();
    buddy_init(pool, 3 * PAGE_SIZE); /* an order-1 block and a page */
    assert_null(buddy_alloc(2));
    assert_null(buddy_alloc(BUDDY_MAX_ORDER + 1));
    assert_int_equal(buddy_free_bytes(), 3 * PAGE_SIZE);
    assert_ptr_equal(buddy_alloc(1), pool);
    assert_null(buddy_alloc(1));
    assert_int_equal(buddy_free_bytes(), PAGE_SIZE);
    assert_ptr_equal(buddy_alloc(0), pool + 2 * PAGE_SIZE);
    assert_null(buddy_alloc(0));
    assert_int_equal(buddy_free_bytes(), 0);
}

static void buddy_memory_is_zeroed(void **state)
{
    (void)state;
    char *pool = aligned_pool();
    memset(pool, 0xa5, 16 * PAGE_SIZE);
    buddy_init(pool, 16 * PAGE_SIZE);
    unsigned char *b = buddy_alloc(3);
    for (uint64_t i = 0; i < 8 * PAGE_SIZE; i++)
        assert_int_equal(b[i], 0);
    memset(b, 0xff, 8 * PAGE_SIZE);
    buddy_free(b, 3);
    b = buddy_alloc(4);
    assert_ptr_equal(b, pool);
    for (uint64_t i = 0; i < 16 * PAGE_SIZE; i++)
        assert_int_equal(b[i], 0);
}

static uint32_t rng = 12345;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void buddy_storm_coalesces_back_to_whole_blocks(void **state)
{
    (void)state;
    char *pool = aligned_pool();
    buddy_init(pool, BUDDY_BLOCK_MAX);
    static void *live[256];
    static unsigned order[256];
    for (unsigned step = 0; step < 20000; step++) {
        unsigned i = next_random() % 256;
        if (live[i]) {
            assert_int_equal(*(unsigned char *)live[i], (unsigned char)i);
            buddy_free(live[i], order[i]);
            live[i] = NULL;
            continue;
        }
        order[i] = next_random() % 6;
        uint64_t before = buddy_free_bytes();
        live[i] = buddy_alloc(order[i]);
        if (!live[i]) {
            assert_int_equal(buddy_free_bytes(), before);
            continue;
        }
        assert_int_equal(buddy_free_bytes(), before - (PAGE_SIZE << order[i]));
        memset(live[i], (int)i, PAGE_SIZE << order[i]);
    }
    for (unsigned i = 0; i < 256; i++)
        if (live[i])
            buddy_free(live[i], order[i]);
    assert_int_equal(buddy_free_bytes(), BUDDY_BLOCK_MAX);
    assert_ptr_equal(buddy_alloc(BUDDY_MAX_ORDER), pool);
}

static void buddy_free_panics_on_foreign_or_free_blocks(void **state)
{
    (void)state;
    char *pool = aligned_pool();
    buddy_init(pool, 8 * PAGE_SIZE);
    char *b = buddy_alloc(1);
    assert_true(ARCH_HOST_HALTS(buddy_free(b + PAGE_SIZE, 1)));        /* misaligned */
    assert_true(ARCH_HOST_HALTS(buddy_free(pool + 8 * PAGE_SIZE, 0))); /* beyond */
    assert_true(ARCH_HOST_HALTS(buddy_free(pool - PAGE_SIZE, 0)));     /* below */
    assert_true(ARCH_HOST_HALTS(buddy_free(b + 8, 0)));                /* not a page */
    assert_true(ARCH_HOST_HALTS(buddy_free(pool + 4 * PAGE_SIZE, 0))); /* inside a free block */
    assert_int_equal(buddy_free_bytes(), 6 * PAGE_SIZE);
    buddy_free(b, 1);
    assert_true(ARCH_HOST_HALTS(buddy_free(b, 1))); /* twice */
    assert_int_equal(buddy_free_bytes(), 8 * PAGE_SIZE);
}

static void buddy_order_for_rounds_up_to_a_block(void **state)
{
    (void)state;
    assert_int_equal(buddy_order_for(1), 0);
    assert_int_equal(buddy_order_for(PAGE_SIZE), 0);
    assert_int_equal(buddy_order_for(PAGE_SIZE + 1), 1);
    assert_int_equal(buddy_order_for(3 * PAGE_SIZE), 2);
    assert_int_equal(buddy_order_for(BUDDY_BLOCK_MAX), BUDDY_MAX_ORDER);
}

static void buddy_empty_pool(void **state)
{
    (void)state;
    buddy_init(aligned_pool() + 1, PAGE_SIZE); /* rounding leaves no whole page */
    assert_int_equal(buddy_free_bytes(), 0);
    assert_null(buddy_alloc(0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buddy_aligned_pool_is_one_max_block),
        cmocka_unit_test(buddy_alloc_splits_and_free_coalesces),
        cmocka_unit_test(buddy_blocks_are_aligned_in_an_unaligned_pool),
        cmocka_unit_test(buddy_exhaustion_returns_null_and_changes_nothing),
        cmocka_unit_test(buddy_memory_is_zeroed),
        cmocka_unit_test(buddy_storm_coalesces_back_to_whole_blocks),
        cmocka_unit_test(buddy_free_panics_on_foreign_or_free_blocks),
        cmocka_unit_test(buddy_order_for_rounds_up_to_a_block),
        cmocka_unit_test(buddy_empty_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
