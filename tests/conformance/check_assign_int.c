/* spec 5.5.2 assign_int, and ctrl_sm (5.4.5) on interrupt semaphores
 * (6.1.3.1). The pins used are the last two the HIP counts, which no
 * device of QEMU virt is wired to: nothing fires. */
#include "conformance.h"
#include "objects.h"

#define M ASSIGN_INT_MASK
#define T ASSIGN_INT_LEVEL
#define STC_PAST 1u /* an absolute timeout that has passed */

static enum nova_status assign(uint64_t sm, unsigned flags, unsigned cpu)
{
    uint32_t addr = 0xdead;
    uint16_t data = 0xbeef;
    enum nova_status s = nova_assign_int(sm, flags, cpu, 0, &addr, &data);
    if (s == STATUS_SUCCESS)
        check_true("assign_int.pin_returns_msi_addr_and_data_0", addr == 0 && data == 0,
                   "msi_addr 0 and msi_data 0");
    return s;
}

void check_assign_int(const struct nova_hip *hip)
{
    uint64_t pin = hip->int_pin - 1u;
    check_true("assign_int.hip_counts_interrupt_pins", hip->int_pin >= 2, "int_pin >= 2");
    check_status("assign_int.setup.take_the_int_sm", STATUS_SUCCESS,
                 nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_INT_BASE + pin, O_INT_SM, 0,
                              0x1f, 0));
    check_value("assign_int.int_sm_perms_assign_dn", PERM_SM_ASSIGN | PERM_SM_CTRL_DN,
                fixture_perms(SEL_ROOT_OBJ, O_INT_SM));
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_INT_SM, O_INT_SM_DN_ONLY, 0, PERM_SM_CTRL_DN, 0);
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_INT_SM, O_INT_SM_ASSIGN_ONLY, 0, PERM_SM_ASSIGN, 0);
    nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_INT_BASE + pin - 1, O_INT_SM_UNASSIGNED,
                 0, 0x1f, 0);

    check_status("assign_int.sm_null_is_bad_cap", STATUS_BAD_CAP, assign(FX_NULL, M, 0));
    check_status("assign_int.sm_is_pd_cap_is_bad_cap", STATUS_BAD_CAP, assign(SEL_ROOT_PD, M, 0));
    check_status("assign_int.created_sm_is_bad_cap", STATUS_BAD_CAP, assign(O_SM, M, 0));
    check_status("assign_int.without_assign_is_bad_cap", STATUS_BAD_CAP,
                 assign(O_INT_SM_DN_ONLY, M, 0));
    check_status("assign_int.cpu_beyond_cpunum_is_bad_cpu", STATUS_BAD_CPU,
                 assign(O_INT_SM, M, hip->cpu_num));
    /* G=1 needs the GIC's virtual CPU interface, which every QEMU
     * configuration of this suite has (virtualization=on) */
    check_status("assign_int.guest_owned_succeeds", STATUS_SUCCESS,
                 assign(O_INT_SM, M | ASSIGN_INT_GUEST, 0));
    check_status("assign_int.active_low_is_bad_ftr", STATUS_BAD_FTR,
                 assign(O_INT_SM, M | ASSIGN_INT_ACTIVE_LOW, 0));
    check_status("assign_int.masked_level_to_cpu_0_succeeds", STATUS_SUCCESS,
                 assign(O_INT_SM_ASSIGN_ONLY, M | T, 0));

    check_status("ctrl_sm.up.int_sm_is_bad_cap", STATUS_BAD_CAP, nova_ctrl_sm(O_INT_SM, 0, 0));
    check_status("ctrl_sm.down.int_sm_without_ctrl_dn_is_bad_cap", STATUS_BAD_CAP,
                 nova_ctrl_sm(O_INT_SM_ASSIGN_ONLY, CTRL_SM_DOWN, 0));
    check_status("ctrl_sm.down.int_sm_routed_here_times_out", STATUS_TIMEOUT,
                 nova_ctrl_sm(O_INT_SM, CTRL_SM_DOWN, STC_PAST));
    check_status("ctrl_sm.down.int_sm_never_assigned_is_bad_cpu", STATUS_BAD_CPU,
                 nova_ctrl_sm(O_INT_SM_UNASSIGNED, CTRL_SM_DOWN, STC_PAST));
    if (hip->cpu_num < 2) {
        check_skip("ctrl_sm.down.int_sm_routed_elsewhere_is_bad_cpu", "one CPU");
        return;
    }
    check_status("assign_int.edge_to_cpu_1_succeeds", STATUS_SUCCESS, assign(O_INT_SM, M, 1));
    check_status("ctrl_sm.down.int_sm_routed_elsewhere_is_bad_cpu", STATUS_BAD_CPU,
                 nova_ctrl_sm(O_INT_SM, CTRL_SM_DOWN, STC_PAST));
}
