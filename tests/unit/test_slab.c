/* libnova/slab.c: objects of any size up to 2 MiB, zeroed and 16-byte
 * aligned, reused after free, slabs back to the buddy allocator as soon as
 * they empty, so the pool's free bytes return exactly to where they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "arch_host.h"
#include "buddy.h"
#include "kmem.h"
#include "slab.h"

#define POOL_PAGES 256

static int fresh_pool(void **state)
{
    (void)state;
    arch_host_kmem_reset(POOL_PAGES);
    return 0;
}

static bool is_zero(const unsigned char *p, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (p[i])
            return false;
    return true;
}

static void slab_objects_are_zeroed_aligned_and_reused(void **state)
{
    (void)state;
    static const size_t sizes[] = {1,   8,    15,   16,   17,   40,   48,   100,  200,  300,  500,
                                   700, 1000, 1500, 2000, 2048, 2049, 4096, 5000, 8192, 20000};
    for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
        size_t size = sizes[i];
        unsigned char *a = slab_alloc(size), *b = slab_alloc(size);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(a + size <= b || b + size <= a);
        assert_int_equal((uintptr_t)a % SLAB_ALIGN, 0);
        assert_int_equal((uintptr_t)b % SLAB_ALIGN, 0);
        if (size > SLAB_SIZE_MAX)
            assert_int_equal((uintptr_t)a % PAGE_SIZE, 0);
        assert_true(is_zero(a, size));
        memset(a, 0xff, size);
        memset(b, 0xee, size);
        slab_free(a, size);
        unsigned char *c = slab_alloc(size);
        assert_ptr_equal(c, a);
        assert_true(is_zero(c, size));
        slab_free(c, size);
        slab_free(b, size);
    }
    assert_int_equal(buddy_free_bytes(), POOL_PAGES * PAGE_SIZE);
}

static void slab_shares_a_page_then_takes_the_next(void **state)
{
    (void)state;
    uint64_t start = buddy_free_bytes();
    static char *obj[64];
    obj[0] = slab_alloc(256);
    assert_int_equal(buddy_free_bytes(), start - PAGE_SIZE);
    unsigned n = 1;
    while (n < 64 && buddy_free_bytes() == start - PAGE_SIZE)
        obj[n++] = slab_alloc(256);
    unsigned per_slab = n - 1; /* the last one opened a second slab */
    assert_true(per_slab >= 10);
    for (unsigned i = 0; i < per_slab; i++)
        assert_int_equal(ALIGN_DOWN((uintptr_t)obj[i], PAGE_SIZE),
                         ALIGN_DOWN((uintptr_t)obj[0], PAGE_SIZE));
    assert_int_not_equal(ALIGN_DOWN((uintptr_t)obj[per_slab], PAGE_SIZE),
                         ALIGN_DOWN((uintptr_t)obj[0], PAGE_SIZE));
    assert_int_equal(buddy_free_bytes(), start - 2 * PAGE_SIZE);
    slab_free(obj[per_slab], 256);
    assert_int_equal(buddy_free_bytes(), start - PAGE_SIZE);
    for (unsigned i = 0; i < per_slab; i++)
        slab_free(obj[i], 256);
    assert_int_equal(buddy_free_bytes(), start);
}

static void slab_returns_its_block_when_it_empties(void **state)
{
    (void)state;
    uint64_t start = buddy_free_bytes();
    void *a = slab_alloc(64), *b = slab_alloc(64);
    assert_int_equal(buddy_free_bytes(), start - PAGE_SIZE);
    slab_free(a, 64);
    assert_int_equal(buddy_free_bytes(), start - PAGE_SIZE);
    slab_free(b, 64);
    assert_int_equal(buddy_free_bytes(), start);
    void *big = slab_alloc(2048); /* an order-3 slab */
    assert_int_equal(buddy_free_bytes(), start - 8 * PAGE_SIZE);
    slab_free(big, 2048);
    assert_int_equal(buddy_free_bytes(), start);
}

static void slab_exhaustion_returns_null_without_side_effects(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    assert_null(slab_alloc(16));
    assert_null(slab_alloc(8192));
    arch_host_kmem_reset(1);
    assert_null(slab_alloc(2048)); /* needs 8 pages */
    assert_null(slab_alloc(5000)); /* needs 2 */
    assert_int_equal(buddy_free_bytes(), PAGE_SIZE);
    static char *obj[512];
    unsigned n = 0;
    while ((obj[n] = slab_alloc(128))) {
        memset(obj[n], (int)n + 1, 128);
        n++;
    }
    assert_true(n >= 10);
    assert_null(slab_alloc(16)); /* no page left for a new 16-byte slab */
    assert_null(slab_alloc(128));
    assert_int_equal(buddy_free_bytes(), 0);
    for (unsigned i = 0; i < n; i++)
        for (unsigned b = 0; b < 128; b++)
            assert_int_equal((unsigned char)obj[i][b], (unsigned char)(i + 1));
    for (unsigned i = 0; i < n; i++)
        slab_free(obj[i], 128);
    assert_int_equal(buddy_free_bytes(), PAGE_SIZE);
}

static void slab_rejects_zero_and_oversized_requests(void **state)
{
    (void)state;
    assert_null(slab_alloc(0));
    assert_null(slab_alloc(BUDDY_BLOCK_MAX + 1));
    assert_int_equal(buddy_free_bytes(), POOL_PAGES * PAGE_SIZE);
}

static uint32_t rng = 2024;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Mostly kernel-object sizes, now and then a multi-page one. */
static size_t random_size(void)
{
    uint32_t r = next_random();
    if (r % 16 == 0)
        return 1 + next_random() % (5 * PAGE_SIZE);
    return 1 + next_random() % 1200;
}

static void slab_storm_restores_free_bytes_exactly(void **state)
{
    (void)state;
    uint64_t start = buddy_free_bytes();
    static unsigned char *live[512];
    static size_t size[512];
    for (unsigned step = 0; step < 50000; step++) {
        unsigned i = next_random() % 512;
        if (live[i]) {
            assert_int_equal(live[i][0], (unsigned char)i);
            assert_int_equal(live[i][size[i] - 1], (unsigned char)i);
            slab_free(live[i], size[i]);
            live[i] = NULL;
            continue;
        }
        size[i] = random_size();
        uint64_t before = buddy_free_bytes();
        live[i] = slab_alloc(size[i]);
        if (!live[i]) {
            assert_int_equal(buddy_free_bytes(), before);
            continue;
        }
        assert_true(is_zero(live[i], size[i]));
        memset(live[i], (int)i, size[i]);
    }
    for (unsigned i = 0; i < 512; i++)
        if (live[i])
            slab_free(live[i], size[i]);
    assert_int_equal(buddy_free_bytes(), start);
    unsigned pages = 0;
    while (slab_alloc(PAGE_SIZE))
        pages++;
    assert_int_equal(pages, start / PAGE_SIZE);
}

static void slab_free_panics_on_bad_pointers(void **state)
{
    (void)state;
    char *a = slab_alloc(64), *b = slab_alloc(64);
    assert_true(ARCH_HOST_HALTS(slab_free(a + 16, 64))); /* inside an object */
    assert_true(ARCH_HOST_HALTS(slab_free(a, 128)));     /* another size class */
    assert_true(ARCH_HOST_HALTS(slab_free(a, 0)));
    slab_free(a, 64);
    assert_true(ARCH_HOST_HALTS(slab_free(a, 64))); /* twice */
    slab_free(b, 64);
    assert_int_equal(buddy_free_bytes(), POOL_PAGES * PAGE_SIZE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(slab_objects_are_zeroed_aligned_and_reused, fresh_pool),
        cmocka_unit_test_setup(slab_shares_a_page_then_takes_the_next, fresh_pool),
        cmocka_unit_test_setup(slab_returns_its_block_when_it_empties, fresh_pool),
        cmocka_unit_test_setup(slab_exhaustion_returns_null_without_side_effects, fresh_pool),
        cmocka_unit_test_setup(slab_rejects_zero_and_oversized_requests, fresh_pool),
        cmocka_unit_test_setup(slab_storm_restores_free_bytes_exactly, fresh_pool),
        cmocka_unit_test_setup(slab_free_panics_on_bad_pointers, fresh_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
