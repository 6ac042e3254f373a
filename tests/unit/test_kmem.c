/* libnova/kmem.c: the pool gives out whole zeroed pages from its range,
 * counts them, takes them back and says NULL when empty. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "arch_host.h"
#include "kmem.h"

#define POOL_PAGES 8

static void kmem_init_counts_whole_pages(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    assert_int_equal(kmem_free_pages(), 0);
    char *pool = (char *)arch_host_ram() + 0x100000;
    kmem_init(pool, POOL_PAGES * PAGE_SIZE + PAGE_SIZE - 1); /* partial page ignored */
    assert_int_equal(kmem_free_pages(), POOL_PAGES);
}

static void kmem_alloc_gives_distinct_zeroed_pages_in_pool(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    char *pool = (char *)arch_host_ram() + 0x100000;
    memset(pool, 0xa5, POOL_PAGES * PAGE_SIZE);
    kmem_init(pool, POOL_PAGES * PAGE_SIZE);
    char *pages[POOL_PAGES];
    for (unsigned i = 0; i < POOL_PAGES; i++) {
        pages[i] = kmem_alloc_page();
        assert_non_null(pages[i]);
        assert_true(pages[i] >= pool && pages[i] < pool + POOL_PAGES * PAGE_SIZE);
        assert_int_equal((uintptr_t)(pages[i] - pool) % PAGE_SIZE, 0);
        for (unsigned b = 0; b < PAGE_SIZE; b++)
            assert_int_equal(pages[i][b], 0);
        for (unsigned j = 0; j < i; j++)
            assert_ptr_not_equal(pages[i], pages[j]);
        assert_int_equal(kmem_free_pages(), POOL_PAGES - 1 - i);
    }
    assert_null(kmem_alloc_page());
    assert_int_equal(kmem_free_pages(), 0);
}

static void kmem_free_returns_page_zeroed_on_reuse(void **state)
{
    (void)state;
    arch_host_kmem_reset(1);
    char *p = kmem_alloc_page();
    assert_non_null(p);
    assert_null(kmem_alloc_page());
    memset(p, 0xff, PAGE_SIZE);
    kmem_free_page(p);
    assert_int_equal(kmem_free_pages(), 1);
    char *q = kmem_alloc_page();
    assert_ptr_equal(q, p);
    for (unsigned b = 0; b < PAGE_SIZE; b++)
        assert_int_equal(q[b], 0);
}

static void kmem_empty_pool(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    kmem_init(arch_host_ram(), PAGE_SIZE - 1);
    assert_int_equal(kmem_free_pages(), 0);
    assert_null(kmem_alloc_page());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kmem_init_counts_whole_pages),
        cmocka_unit_test(kmem_alloc_gives_distinct_zeroed_pages_in_pool),
        cmocka_unit_test(kmem_free_returns_page_zeroed_on_reuse),
        cmocka_unit_test(kmem_empty_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
