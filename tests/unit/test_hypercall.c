/* libnova/hypercall.c: dispatch on X0[3:0] (spec 7.8); numbers without a
 * handler answer BAD_HYP (spec 5.1.2); the status lands in X0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch_host_fixture.h"

static struct ec *root;

static int setup(void **state)
{
    (void)state;
    root = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(root);
    return 0;
}

static void hypercall_unimplemented_numbers_bad_hyp(void **state)
{
    (void)state;
    static const unsigned numbers[] = {0xe, 0xf};
    for (unsigned i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        for (unsigned flags = 0; flags < 16; flags += 5) {
            root->regs.x[5] = 0x5555;
            uint64_t x0 = fixture_hypercall(root, numbers[i], flags, SEL_ROOT_PD, 1, 2, 3, 4);
            assert_int_equal(x0, STATUS_BAD_HYP);
            /* only X0 changes */
            assert_int_equal(root->regs.x[1], 1);
            assert_int_equal(root->regs.x[4], 4);
            assert_int_equal(root->regs.x[5], 0x5555);
        }
    }
}

static void hypercall_dispatches_ctrl_pd(void **state)
{
    (void)state;
    /* null source selector: ctrl_pd's own answer, not BAD_HYP */
    assert_int_equal(fixture_ctrl_pd(root, 0x300, SEL_ROOT_OBJ, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
    assert_int_equal(
        fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, 0x300, 0, 0x1f, 0),
        STATUS_SUCCESS);
    assert_int_equal(root->regs.x[1], SEL_ROOT_OBJ);
}

static void hypercall_dispatches_ctrl_hw(void **state)
{
    (void)state;
    assert_int_equal(fixture_hypercall(root, HC_CTRL_HW, 0, 6, 0, 0, 0, 0), STATUS_BAD_PAR);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_HW, 4, 0, 0, 0, 0, 0), STATUS_BAD_FTR);
}

static void hypercall_status_replaces_whole_x0(void **state)
{
    (void)state;
    uint64_t x0 = fixture_hypercall(root, 0xf, 0xf, UINT64_MAX >> 8, 0, 0, 0, 0);
    assert_int_equal(x0, STATUS_BAD_HYP);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(hypercall_unimplemented_numbers_bad_hyp),
        T(hypercall_dispatches_ctrl_pd),
        T(hypercall_dispatches_ctrl_hw),
        T(hypercall_status_replaces_whole_x0),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
