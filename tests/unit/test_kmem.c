/* libnova/kmem.c: the pool gives out whole zeroed pages and zeroed objects
 * from its range, counts its free bytes, takes everything back and says NULL
 * when empty. */
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

static void kmem_objects_come_from_the_pool_and_are_zeroed(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    char *pool = (char *)arch_host_ram() + 0x100000;
    memset(pool, 0xa5, POOL_PAGES * PAGE_SIZE);
    kmem_init(pool, POOL_PAGES * PAGE_SIZE);
    unsigned char *o = kmem_alloc(200);
    assert_non_null(o);
    assert_true((char *)o >= pool && (char *)o + 200 <= pool + POOL_PAGES * PAGE_SIZE);
    assert_int_equal((uintptr_t)o % 16, 0);
    for (unsigned b = 0; b < 200; b++)
        assert_int_equal(o[b], 0);
    assert_int_equal(kmem_free_bytes(), (POOL_PAGES - 1) * PAGE_SIZE);
    assert_int_equal(kmem_free_pages(), POOL_PAGES - 1);
    kmem_free(o, 200);
    assert_int_equal(kmem_free_bytes(), POOL_PAGES * PAGE_SIZE);
}

static void kmem_create_then_destroy_restores_free_bytes(void **state)
{
    (void)state;
    arch_host_kmem_reset(64);
    uint64_t start = kmem_free_bytes();
    assert_int_equal(start, 64 * PAGE_SIZE);
    static const size_t sizes[] = {24, 24, 96, 200, 200, 640, 1500, 3000, 40, 4096};
    static void *obj[10][20];
    for (unsigned n = 0; n < 20; n++)
        for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++)
            assert_non_null(obj[i][n] = kmem_alloc(sizes[i]));
    void *page = kmem_alloc_page();
    assert_non_null(page);
    assert_true(kmem_free_bytes() < start);
    for (unsigned n = 0; n < 20; n++)
        for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++)
            kmem_free(obj[i][n], sizes[i]);
    kmem_free_page(page);
    assert_int_equal(kmem_free_bytes(), start);
}

static void kmem_exhaustion_leaves_the_pool_unchanged(void **state)
{
    (void)state;
    arch_host_kmem_reset(1);
    void *page = kmem_alloc_page();
    assert_non_null(page);
    assert_null(kmem_alloc(16));
    assert_null(kmem_alloc_page());
    assert_int_equal(kmem_free_bytes(), 0);
    kmem_free_page(page);
    assert_null(kmem_alloc(0));
    assert_null(kmem_alloc((size_t)4 << 20));
    assert_int_equal(kmem_free_bytes(), PAGE_SIZE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kmem_init_counts_whole_pages),
        cmocka_unit_test(kmem_alloc_gives_distinct_zeroed_pages_in_pool),
        cmocka_unit_test(kmem_free_returns_page_zeroed_on_reuse),
        cmocka_unit_test(kmem_empty_pool),
        cmocka_unit_test(kmem_objects_come_from_the_pool_and_are_zeroed),
        cmocka_unit_test(kmem_create_then_destroy_restores_free_bytes),
        cmocka_unit_test(kmem_exhaustion_leaves_the_pool_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
