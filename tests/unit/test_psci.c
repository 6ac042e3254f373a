/* Tests for examples/vmm/psci.c: each PSCI 1.0 / SMCCC 1.1 function the
 * guest may call, with its results and errors (Arm DEN 0022, DEN 0028). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "psci.h"

#define NOT_SUPPORTED 0xffffffffffffffffull

static struct psci psci;
static struct psci_ops ops;

static struct {
    unsigned cpu_on_calls, cpu_off_calls, off_calls, reset_calls;
    unsigned last_vcpu;
    uint64_t last_entry, last_context;
    bool cpu_on_result;
    uint64_t bad_entry;
} vmm;

static bool vmm_cpu_on(void *ctx, unsigned vcpu, uint64_t entry, uint64_t context)
{
    assert_ptr_equal(ctx, &vmm);
    /* the state is already ON_PENDING while the VMM starts the vCPU */
    assert_int_equal(psci_vcpu_state(&psci, vcpu), PSCI_VCPU_ON_PENDING);
    vmm.cpu_on_calls++;
    vmm.last_vcpu = vcpu;
    vmm.last_entry = entry;
    vmm.last_context = context;
    return vmm.cpu_on_result;
}

static void vmm_cpu_off(void *ctx, unsigned vcpu)
{
    vmm.cpu_off_calls++;
    vmm.last_vcpu = vcpu;
}

static void vmm_system_off(void *ctx) { vmm.off_calls++; }

static void vmm_system_reset(void *ctx) { vmm.reset_calls++; }

static bool vmm_entry_is_valid(void *ctx, uint64_t entry) { return entry != vmm.bad_entry; }

static int setup(void **state)
{
    memset(&vmm, 0, sizeof(vmm));
    vmm.cpu_on_result = true;
    vmm.bad_entry = 0xdead0000;
    ops = (struct psci_ops){
        .cpu_on = vmm_cpu_on,
        .cpu_off = vmm_cpu_off,
        .system_off = vmm_system_off,
        .system_reset = vmm_system_reset,
        .entry_is_valid = vmm_entry_is_valid,
    };
    assert_true(psci_init(&psci, 4, &ops, &vmm));
    return 0;
}

/* One call from `vcpu`; returns x0 and checks that x1..x3 are kept. */
static uint64_t call(unsigned vcpu, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    uint64_t x[4] = {fn, a1, a2, a3};

    assert_true(psci_call(&psci, vcpu, x));
    assert_int_equal(x[1], a1);
    assert_int_equal(x[2], a2);
    assert_int_equal(x[3], a3);
    return x[0];
}

static void version_is_psci_1_0(void **state)
{
    assert_int_equal(call(0, PSCI_VERSION, 0, 0, 0), 0x00010000);
}

static void smccc_version_is_1_1(void **state)
{
    assert_int_equal(call(0, SMCCC_VERSION, 0, 0, 0), 0x00010001);
    /* Linux finds SMCCC 1.1 only if PSCI_FEATURES lists SMCCC_VERSION */
    assert_int_equal(call(0, PSCI_FEATURES, SMCCC_VERSION, 0, 0), 0);
}

static void arch_features_offers_no_workarounds(void **state)
{
    assert_int_equal(call(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_2, 0, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3, 0, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0), 0);
    /* the workaround calls themselves are unknown functions */
    assert_int_equal(call(0, SMCCC_ARCH_WORKAROUND_1, 0, 0, 0), NOT_SUPPORTED);
}

static void unknown_functions_are_not_supported(void **state)
{
    static const uint64_t fns[] = {
        PSCI_MIGRATE,
        PSCI_MIGRATE | PSCI_FN_SMC64,
        PSCI_MIGRATE_INFO_UP_CPU,
        0x8400000b /* CPU_FREEZE */,
        0x8400000e /* SYSTEM_SUSPEND */,
        0xc4000012 /* SYSTEM_RESET2 */,
        0x84000013 /* MEM_PROTECT */,
        0xc4000000 /* PSCI_VERSION has no SMC64 form */,
        0xc4000002,
        0xc4000008,
        0x82000000 /* SiP */,
        0xbf000000 /* vendor hypervisor */,
        0,
    };

    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        assert_int_equal(call(0, fns[i], 1, 2, 3), NOT_SUPPORTED);
        assert_int_equal(call(0, PSCI_FEATURES, fns[i], 0, 0), NOT_SUPPORTED);
    }
    assert_int_equal(vmm.cpu_on_calls + vmm.cpu_off_calls + vmm.off_calls + vmm.reset_calls, 0);
}

static void function_id_is_w0(void **state)
{
    assert_int_equal(call(0, 0xffffffff00000000ull | PSCI_VERSION, 0, 0, 0), 0x10000);
}

static void features_lists_the_mandatory_functions(void **state)
{
    static const uint32_t fns[] = {
        PSCI_VERSION,    PSCI_CPU_SUSPEND,  PSCI_CPU_SUSPEND_64,    PSCI_CPU_OFF,
        PSCI_CPU_ON,     PSCI_CPU_ON_64,    PSCI_AFFINITY_INFO,     PSCI_AFFINITY_INFO_64,
        PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_MIGRATE_INFO_TYPE, PSCI_FEATURES,
    };

    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
        assert_int_equal(call(0, PSCI_FEATURES, fns[i], 0, 0), 0);
    /* CPU_SUSPEND flags: original power_state format, no OS-initiated mode */
    assert_int_equal(call(0, PSCI_FEATURES, PSCI_CPU_SUSPEND, 0, 0) & 3, 0);
}

static void missing_callbacks_make_functions_unsupported(void **state)
{
    static const struct psci_ops none = {0};
    uint64_t x[4] = {PSCI_SYSTEM_OFF, 0, 0, 0};

    assert_true(psci_init(&psci, 2, &none, NULL));
    assert_true(psci_call(&psci, 0, x));
    assert_int_equal(x[0], NOT_SUPPORTED);
    assert_int_equal(call(0, PSCI_CPU_ON, 1, 0x40080000, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, PSCI_FEATURES, PSCI_CPU_ON, 0, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, PSCI_FEATURES, PSCI_SYSTEM_RESET, 0, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, PSCI_FEATURES, PSCI_CPU_OFF, 0, 0), NOT_SUPPORTED);
    assert_int_equal(call(0, PSCI_VERSION, 0, 0, 0), 0x10000);
}

static void init_rejects_bad_vcpu_counts(void **state)
{
    assert_false(psci_init(&psci, 0, &ops, NULL));
    assert_false(psci_init(&psci, PSCI_MAX_VCPUS + 1, &ops, NULL));
    assert_false(psci_init(&psci, 1, NULL, NULL));
    assert_true(psci_init(&psci, PSCI_MAX_VCPUS, &ops, NULL));
    assert_int_equal(psci_vcpu_state(&psci, 0), PSCI_VCPU_ON);
    assert_int_equal(psci_vcpu_state(&psci, PSCI_MAX_VCPUS - 1), PSCI_VCPU_OFF);
}

static void mpidr_of_vcpu_k_is_k_in_aff0(void **state)
{
    assert_int_equal(psci_vcpu_mpidr(0), 0x80000000);
    assert_int_equal(psci_vcpu_mpidr(3), 0x80000003);
}

static void cpu_on_64_starts_the_target(void **state)
{
    assert_int_equal(call(0, PSCI_CPU_ON_64, 2, 0x40201000, 0x1122334455667788ull), 0);
    assert_int_equal(vmm.cpu_on_calls, 1);
    assert_int_equal(vmm.last_vcpu, 2);
    assert_int_equal(vmm.last_entry, 0x40201000);
    assert_int_equal(vmm.last_context, 0x1122334455667788ull);
    assert_int_equal(psci_vcpu_state(&psci, 2), PSCI_VCPU_ON_PENDING);
    psci_vcpu_started(&psci, 2);
    assert_int_equal(psci_vcpu_state(&psci, 2), PSCI_VCPU_ON);
}

static void cpu_on_32_uses_the_w_registers(void **state)
{
    assert_int_equal(
        call(0, PSCI_CPU_ON, 0xffffffff00000001ull, 0xffffffff40080000ull, 0xaaaaaaaa00000007ull),
        0);
    assert_int_equal(vmm.last_vcpu, 1);
    assert_int_equal(vmm.last_entry, 0x40080000);
    assert_int_equal(vmm.last_context, 7);
}

static void cpu_on_accepts_an_mpidr_el1_value(void **state)
{
    /* bit 31 (RES1) as read from MPIDR_EL1 is not an affinity field */
    assert_int_equal(call(0, PSCI_CPU_ON_64, psci_vcpu_mpidr(3), 0x40080000, 0), 0);
    assert_int_equal(vmm.last_vcpu, 3);
}

static void cpu_on_reports_already_on_and_on_pending(void **state)
{
    assert_int_equal(call(0, PSCI_CPU_ON_64, 0, 0x40080000, 0), (uint64_t)PSCI_RET_ALREADY_ON);
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0), 0);
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0), (uint64_t)PSCI_RET_ON_PENDING);
    psci_vcpu_started(&psci, 1);
    assert_int_equal(call(0, PSCI_CPU_ON, 1, 0x40080000, 0), (uint64_t)PSCI_RET_ALREADY_ON);
    assert_int_equal(vmm.cpu_on_calls, 1);
}

static void cpu_on_rejects_cpus_that_do_not_exist(void **state)
{
    static const uint64_t targets[] = {4, 0xff, 0x100 /* Aff1 1 */, 0x10000 /* Aff2 1 */,
                                       0x100000000ull /* Aff3 1 */};

    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
        assert_int_equal(call(0, PSCI_CPU_ON_64, targets[i], 0x40080000, 0),
                         (uint64_t)PSCI_RET_INVALID_PARAMETERS);
    /* SMC32: Aff3 is not there, the upper word is ignored */
    assert_int_equal(call(0, PSCI_CPU_ON, 0x100000001ull, 0x40080000, 0), 0);
    assert_int_equal(vmm.cpu_on_calls, 1);
}

static void cpu_on_rejects_an_invalid_entry(void **state)
{
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0xdead0000, 0), (uint64_t)PSCI_RET_INVALID_ADDRESS);
    assert_int_equal(psci_vcpu_state(&psci, 1), PSCI_VCPU_OFF);
    assert_int_equal(vmm.cpu_on_calls, 0);
}

static void cpu_on_failing_in_the_vmm_leaves_the_cpu_off(void **state)
{
    vmm.cpu_on_result = false;
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0),
                     (uint64_t)PSCI_RET_INTERNAL_FAILURE);
    assert_int_equal(psci_vcpu_state(&psci, 1), PSCI_VCPU_OFF);
    vmm.cpu_on_result = true;
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0), 0);
}

static void cpu_off_stops_the_caller(void **state)
{
    uint64_t x[4] = {PSCI_CPU_OFF, 0, 0, 0};

    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0), 0);
    psci_vcpu_started(&psci, 1);
    assert_false(psci_call(&psci, 1, x));
    assert_int_equal(vmm.cpu_off_calls, 1);
    assert_int_equal(vmm.last_vcpu, 1);
    assert_int_equal(psci_vcpu_state(&psci, 1), PSCI_VCPU_OFF);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO, 1, 0, 0), PSCI_AFFINITY_OFF);
    /* and it can be started again */
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0), 0);
}

static void affinity_info_reports_each_state(void **state)
{
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 0, 0, 0), PSCI_AFFINITY_ON);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFFINITY_OFF);
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0), 0);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFFINITY_ON_PENDING);
    psci_vcpu_started(&psci, 1);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO, 0x80000001, 0, 0), PSCI_AFFINITY_ON);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 4, 0, 0),
                     (uint64_t)PSCI_RET_INVALID_PARAMETERS);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 0x100, 0, 0),
                     (uint64_t)PSCI_RET_INVALID_PARAMETERS);
}

static void affinity_info_above_level_0_covers_the_cluster(void **state)
{
    /* cluster 0 holds every vCPU; vCPU 0 is on */
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 0x3, 1, 0), PSCI_AFFINITY_ON);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 0x0, 3, 0), PSCI_AFFINITY_ON);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 0x100, 1, 0),
                     (uint64_t)PSCI_RET_INVALID_PARAMETERS);
    assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 0, 4, 0),
                     (uint64_t)PSCI_RET_INVALID_PARAMETERS);
    /* only vCPU 0, switched off: the cluster is off; pending shows */
    assert_true(psci_init(&psci, 2, &ops, &vmm));
    uint64_t x[4] = {PSCI_CPU_OFF, 0, 0, 0};
    assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40080000, 0), 0);
    assert_false(psci_call(&psci, 0, x));
    assert_int_equal(call(1, PSCI_AFFINITY_INFO_64, 0, 1, 0), PSCI_AFFINITY_ON_PENDING);
    psci_vcpu_started(&psci, 1);
    x[0] = PSCI_CPU_OFF;
    assert_false(psci_call(&psci, 1, x));
    assert_int_equal(call(1, PSCI_AFFINITY_INFO_64, 0, 1, 0), PSCI_AFFINITY_OFF);
}

static void cpu_suspend_standby_returns_success(void **state)
{
    assert_int_equal(call(0, PSCI_CPU_SUSPEND, 0, 0, 0), 0);
    assert_int_equal(call(0, PSCI_CPU_SUSPEND_64, 0x0000ffff, 0x40080000, 1), 0);
    /* power-down (StateType, bit 16) is not offered */
    assert_int_equal(call(0, PSCI_CPU_SUSPEND_64, 0x00010000, 0x40080000, 1),
                     (uint64_t)PSCI_RET_INVALID_PARAMETERS);
    assert_int_equal(call(0, PSCI_CPU_SUSPEND, 0x01010000, 0x40080000, 1),
                     (uint64_t)PSCI_RET_INVALID_PARAMETERS);
    assert_int_equal(psci_vcpu_state(&psci, 0), PSCI_VCPU_ON);
}

static void migrate_info_type_says_no_trusted_os(void **state)
{
    assert_int_equal(call(0, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
}

static void system_off_and_reset_reach_the_vmm(void **state)
{
    uint64_t x[4] = {PSCI_SYSTEM_OFF, 0, 0, 0};

    assert_false(psci_call(&psci, 0, x));
    assert_int_equal(vmm.off_calls, 1);
    x[0] = PSCI_SYSTEM_RESET;
    assert_false(psci_call(&psci, 0, x));
    assert_int_equal(vmm.reset_calls, 1);
}

static void calls_from_a_vcpu_that_does_not_exist_are_refused(void **state)
{
    uint64_t x[4] = {PSCI_SYSTEM_OFF, 0, 0, 0};

    assert_true(psci_call(&psci, 4, x));
    assert_int_equal(x[0], NOT_SUPPORTED);
    assert_int_equal(vmm.off_calls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(version_is_psci_1_0, setup),
        cmocka_unit_test_setup(smccc_version_is_1_1, setup),
        cmocka_unit_test_setup(arch_features_offers_no_workarounds, setup),
        cmocka_unit_test_setup(unknown_functions_are_not_supported, setup),
        cmocka_unit_test_setup(function_id_is_w0, setup),
        cmocka_unit_test_setup(features_lists_the_mandatory_functions, setup),
        cmocka_unit_test_setup(missing_callbacks_make_functions_unsupported, setup),
        cmocka_unit_test_setup(init_rejects_bad_vcpu_counts, setup),
        cmocka_unit_test_setup(mpidr_of_vcpu_k_is_k_in_aff0, setup),
        cmocka_unit_test_setup(cpu_on_64_starts_the_target, setup),
        cmocka_unit_test_setup(cpu_on_32_uses_the_w_registers, setup),
        cmocka_unit_test_setup(cpu_on_accepts_an_mpidr_el1_value, setup),
        cmocka_unit_test_setup(cpu_on_reports_already_on_and_on_pending, setup),
        cmocka_unit_test_setup(cpu_on_rejects_cpus_that_do_not_exist, setup),
        cmocka_unit_test_setup(cpu_on_rejects_an_invalid_entry, setup),
        cmocka_unit_test_setup(cpu_on_failing_in_the_vmm_leaves_the_cpu_off, setup),
        cmocka_unit_test_setup(cpu_off_stops_the_caller, setup),
        cmocka_unit_test_setup(affinity_info_reports_each_state, setup),
        cmocka_unit_test_setup(affinity_info_above_level_0_covers_the_cluster, setup),
        cmocka_unit_test_setup(cpu_suspend_standby_returns_success, setup),
        cmocka_unit_test_setup(migrate_info_type_says_no_trusted_os, setup),
        cmocka_unit_test_setup(system_off_and_reset_reach_the_vmm, setup),
        cmocka_unit_test_setup(calls_from_a_vcpu_that_does_not_exist_are_refused, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
