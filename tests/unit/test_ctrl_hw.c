/* spec 5.5.1 ctrl_hw on Arm: only the root PD may call it; OP 0 with S5
 * (power off) and 7 (reset) reach PSCI, which the host shim records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch_host_fixture.h"
#include "pd.h"

static struct ec *root;

static uint64_t ctrl_hw(struct ec *ec, unsigned op, uint64_t desc)
{
    return fixture_hypercall(ec, HC_CTRL_HW, op, desc, 0, 0, 0, 0);
}

static int setup(void **state)
{
    (void)state;
    root = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(root);
    arch_host_power_off_calls = arch_host_reset_calls = 0;
    return 0;
}

static void ctrl_hw_rejects_non_root_pd(void **state)
{
    (void)state;
    struct pd *pd;
    struct ec *ec;
    assert_int_equal(pd_create(&pd), STATUS_SUCCESS);
    assert_int_equal(ec_create_host(pd, 0, 0, &ec), STATUS_SUCCESS);
    assert_int_equal(ctrl_hw(ec, CTRL_HW_OP_SSTATE, CTRL_HW_SSTATE_S5), STATUS_BAD_HYP);
    assert_int_equal(ctrl_hw(ec, CTRL_HW_OP_SSTATE, CTRL_HW_SSTATE_RESET), STATUS_BAD_HYP);
    assert_int_equal(ctrl_hw(ec, 4, 0), STATUS_BAD_HYP);
    assert_int_equal(arch_host_power_off_calls, 0);
    assert_int_equal(arch_host_reset_calls, 0);
}

static void ctrl_hw_s5_powers_off(void **state)
{
    (void)state;
    /* the firmware "returned": the call fails with BAD_FTR and says so */
    assert_int_equal(ctrl_hw(root, CTRL_HW_OP_SSTATE, CTRL_HW_SSTATE_S5), STATUS_BAD_FTR);
    assert_int_equal(arch_host_power_off_calls, 1);
    assert_int_equal(arch_host_reset_calls, 0);
    assert_true(fixture_console_contains("power off failed"));
}

static void ctrl_hw_s5_ignores_a_and_b(void **state)
{
    (void)state;
    uint64_t desc = 0x1ffull << 3 | CTRL_HW_SSTATE_S5; /* A and B all ones */
    assert_int_equal(ctrl_hw(root, CTRL_HW_OP_SSTATE, desc), STATUS_BAD_FTR);
    assert_int_equal(arch_host_power_off_calls, 1);
}

static void ctrl_hw_7_resets(void **state)
{
    (void)state;
    assert_int_equal(ctrl_hw(root, CTRL_HW_OP_SSTATE, CTRL_HW_SSTATE_RESET), STATUS_BAD_FTR);
    assert_int_equal(arch_host_reset_calls, 1);
    assert_int_equal(arch_host_power_off_calls, 0);
    assert_true(fixture_console_contains("reset failed"));
}

static void ctrl_hw_sleep_states_unsupported(void **state)
{
    (void)state;
    for (unsigned s = 1; s <= 4; s++)
        assert_int_equal(ctrl_hw(root, CTRL_HW_OP_SSTATE, s), STATUS_BAD_FTR);
    assert_int_equal(arch_host_power_off_calls + arch_host_reset_calls, 0);
}

static void ctrl_hw_undefined_s_values_bad_par(void **state)
{
    (void)state;
    assert_int_equal(ctrl_hw(root, CTRL_HW_OP_SSTATE, 0), STATUS_BAD_PAR);
    assert_int_equal(ctrl_hw(root, CTRL_HW_OP_SSTATE, 6), STATUS_BAD_PAR);
    assert_int_equal(arch_host_power_off_calls + arch_host_reset_calls, 0);
}

static void ctrl_hw_qos_ops_unsupported(void **state)
{
    (void)state;
    for (unsigned op = 4; op <= 7; op++)
        assert_int_equal(ctrl_hw(root, op, CTRL_HW_SSTATE_S5), STATUS_BAD_FTR);
    assert_int_equal(arch_host_power_off_calls, 0);
}

static void ctrl_hw_undefined_ops_bad_par(void **state)
{
    (void)state;
    static const unsigned ops[] = {1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15};
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        assert_int_equal(ctrl_hw(root, ops[i], CTRL_HW_SSTATE_S5), STATUS_BAD_PAR);
    assert_int_equal(arch_host_power_off_calls, 0);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(ctrl_hw_rejects_non_root_pd),      T(ctrl_hw_s5_powers_off),
        T(ctrl_hw_s5_ignores_a_and_b),       T(ctrl_hw_7_resets),
        T(ctrl_hw_sleep_states_unsupported), T(ctrl_hw_undefined_s_values_bad_par),
        T(ctrl_hw_qos_ops_unsupported),      T(ctrl_hw_undefined_ops_bad_par),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
