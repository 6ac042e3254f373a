/* libnova/memmap.c: usable RAM = banks minus holes, page aligned, sorted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "memmap.h"

#define R(b, s) ((struct mem_range){pa_init(b), (s)})

static struct mem_range out[MEMMAP_MAX];

static void expect_range(unsigned i, uint64_t base, uint64_t size)
{
    assert_int_equal(pa_addr(out[i].base), base);
    assert_int_equal(out[i].size, size);
}

static void memmap_without_holes_is_the_banks(void **state)
{
    (void)state;
    const struct mem_range ram[] = {R(0x80000000, 0x1000000), R(0x40000000, 0x1000000)};
    assert_int_equal(memmap_usable(ram, 2, NULL, 0, out, MEMMAP_MAX), 2);
    expect_range(0, 0x40000000, 0x1000000);
    expect_range(1, 0x80000000, 0x1000000);
}

static void memmap_hole_in_the_middle_splits_a_bank(void **state)
{
    (void)state;
    const struct mem_range ram[] = {R(0x40000000, 0x10000000)};
    const struct mem_range holes[] = {R(0x48000000, 0x100000)};
    assert_int_equal(memmap_usable(ram, 1, holes, 1, out, MEMMAP_MAX), 2);
    expect_range(0, 0x40000000, 0x8000000);
    expect_range(1, 0x48100000, 0x7f00000);
}

static void memmap_holes_at_the_edges_trim_and_whole_bank_holes_remove(void **state)
{
    (void)state;
    const struct mem_range ram[] = {R(0x40000000, 0x100000), R(0x50000000, 0x100000)};
    const struct mem_range holes[] = {R(0x40000000, 0x1000), R(0x400ff000, 0x1000),
                                      R(0x4ff00000, 0x300000)};
    assert_int_equal(memmap_usable(ram, 2, holes, 3, out, MEMMAP_MAX), 1);
    expect_range(0, 0x40001000, 0xfe000);
}

static void memmap_rounds_inwards_to_pages(void **state)
{
    (void)state;
    const struct mem_range ram[] = {R(0x40000010, 0x4000)}; /* pages 1..3 whole */
    const struct mem_range holes[] = {R(0x40001ff0, 0x20)}; /* touches pages 1 and 2 */
    assert_int_equal(memmap_usable(ram, 1, holes, 1, out, MEMMAP_MAX), 1);
    expect_range(0, 0x40003000, 0x1000);
}

static void memmap_never_writes_more_than_max(void **state)
{
    (void)state;
    const struct mem_range ram[] = {R(0x40000000, 0x100000)};
    const struct mem_range holes[] = {R(0x40010000, 0x1000), R(0x40020000, 0x1000),
                                      R(0x40030000, 0x1000)};
    struct mem_range small[2];
    assert_int_equal(memmap_usable(ram, 1, holes, 3, small, 2), 2);
    for (unsigned i = 0; i < 2; i++) /* out of room: RAM is dropped, no hole reported */
        for (unsigned h = 0; h < 3; h++) {
            uint64_t s = pa_addr(small[i].base), e = s + small[i].size;
            uint64_t hs = pa_addr(holes[h].base), he = hs + holes[h].size;
            assert_true(e <= hs || s >= he);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memmap_without_holes_is_the_banks),
        cmocka_unit_test(memmap_hole_in_the_middle_splits_a_bank),
        cmocka_unit_test(memmap_holes_at_the_edges_trim_and_whole_bank_holes_remove),
        cmocka_unit_test(memmap_rounds_inwards_to_pages),
        cmocka_unit_test(memmap_never_writes_more_than_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
