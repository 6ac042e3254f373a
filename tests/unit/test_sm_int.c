/* libnova/sm_int.c on the host shim: interrupt semaphores (spec 6.1.3.1),
 * assign_int (5.5.2), what an interrupt does to its semaphore and when a
 * level-triggered pin is masked and unmasked again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "arch_host_fixture.h"
#include "pd.h"
#include "sm.h"
#include "space_obj.h"

#define INT_SM 0x100u /* the root's copy of pin PIN's semaphore */
#define PIN 7u

static struct ec *root;

static struct sm *int_sm(void)
{
    return (struct sm *)space_obj_lookup(root->pd->space_obj, INT_SM).obj;
}

static uint64_t assign(unsigned flags, unsigned cpu)
{
    return fixture_hypercall(root, HC_ASSIGN_INT, flags, INT_SM, cpu, 0x1234, 0, 0);
}

static uint64_t down(uint64_t deadline)
{
    return fixture_hypercall(root, HC_CTRL_SM, CTRL_SM_DOWN, INT_SM, deadline, 0, 0, 0);
}

static int setup(void **state)
{
    (void)state;
    memset(arch_host_int, 0, sizeof(arch_host_int));
    root = fixture_root_create(256);
    assert_non_null(root);
    sched_ready(root->sc);
    assert_ptr_equal(fixture_resume(), root);
    assert_int_equal(fixture_ctrl_pd(root, SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_INT_BASE + PIN,
                                     INT_SM, 0, 0x1f, 0),
                     0);
    return 0;
}

static void every_pin_has_a_semaphore_with_assign_and_ctrl_dn(void **state)
{
    (void)state;
    struct space_obj *nova =
        (struct space_obj *)space_obj_lookup(root->pd->space_obj, SEL_ROOT_NOVA_OBJ).obj;
    assert_non_null(nova);
    for (unsigned pin = 0; pin < ARCH_HOST_INT_PINS; pin++) {
        struct capability c = space_obj_lookup(nova, SEL_NOVA_INT_BASE + pin);
        assert_non_null(c.obj);
        assert_int_equal(c.obj->type, KOBJ_SM);
        assert_int_equal(c.perm, PERM_SM_ASSIGN | PERM_SM_CTRL_DN);
        assert_true(((struct sm *)c.obj)->is_int);
        assert_int_equal(((struct sm *)c.obj)->pin, pin);
    }
    assert_null(space_obj_lookup(nova, SEL_NOVA_INT_BASE + ARCH_HOST_INT_PINS).obj);
}

static void assign_int_configures_routes_and_unmasks(void **state)
{
    (void)state;
    assert_int_equal(assign(ASSIGN_INT_LEVEL, 0), STATUS_SUCCESS);
    assert_true(arch_host_int[PIN].configured);
    assert_true(arch_host_int[PIN].level);
    assert_false(arch_host_int[PIN].masked);
    assert_int_equal(arch_host_int[PIN].cpu, 0);
    assert_int_equal(root->regs.x[1], 0); /* msi_addr */
    assert_int_equal(root->regs.x[2], 0); /* msi_data */
    assert_int_equal(assign(ASSIGN_INT_MASK, 0), STATUS_SUCCESS);
    assert_true(arch_host_int[PIN].masked);
    assert_false(arch_host_int[PIN].level);
    assert_int_equal(assign(0, 1), STATUS_BAD_CPU); /* the host has one CPU */
    assert_int_equal(assign(ASSIGN_INT_ACTIVE_LOW, 0), STATUS_BAD_FTR);
}

static void a_guest_pin_stays_unmasked_and_only_its_assigner_may_deactivate_it(void **state)
{
    (void)state;
    struct pd *other;
    assert_int_equal(pd_create(&other), STATUS_SUCCESS);
    assert_int_not_equal(other->serial, root->pd->serial);
    assert_false(sm_int_guest_owned(PIN, root->pd)); /* never assigned */
    assert_int_equal(assign(ASSIGN_INT_GUEST | ASSIGN_INT_LEVEL, 0), STATUS_SUCCESS);
    assert_true(arch_host_int[PIN].configured);
    assert_false(arch_host_int[PIN].masked);
    assert_true(sm_int_guest_owned(PIN, root->pd));
    assert_false(sm_int_guest_owned(PIN, other));
    assert_false(sm_int_guest_owned(PIN + 1, root->pd));
    assert_false(sm_int_guest_owned(ARCH_HOST_INT_PINS, root->pd));
    /* its signal leaves it unmasked and active: the guest deactivates it */
    assert_true(sm_interrupt(PIN));
    assert_false(arch_host_int[PIN].masked);
    assert_int_equal(int_sm()->counter, 1);
    assert_int_equal(down(0), STATUS_SUCCESS);
    assert_int_equal(down(1), STATUS_TIMEOUT);
    assert_false(arch_host_int[PIN].masked);
    /* host-owned again: the kernel ends it, the guest may not */
    assert_int_equal(assign(ASSIGN_INT_LEVEL, 0), STATUS_SUCCESS);
    assert_false(sm_int_guest_owned(PIN, root->pd));
    assert_false(sm_interrupt(PIN));
    assert_true(arch_host_int[PIN].masked);
    kobject_put(&other->obj);
}

static void guest_pins_need_a_gic_that_can_leave_them_active(void **state)
{
    (void)state;
    arch_host_int_guest = false;
    assert_int_equal(assign(ASSIGN_INT_GUEST, 0), STATUS_BAD_FTR);
    arch_host_int_guest = true;
    assert_false(arch_host_int[PIN].configured); /* nothing half-done */
    assert_false(sm_int_guest_owned(PIN, root->pd));
}

static void a_level_pin_stays_masked_from_its_signal_until_the_driver_waits(void **state)
{
    (void)state;
    assert_int_equal(assign(ASSIGN_INT_LEVEL, 0), STATUS_SUCCESS);
    sm_interrupt(PIN);
    assert_true(arch_host_int[PIN].masked);
    assert_int_equal(int_sm()->counter, 1);
    /* the down that takes the signal: the driver serves the device next */
    assert_int_equal(down(0), STATUS_SUCCESS);
    assert_true(arch_host_int[PIN].masked);
    /* the next down finds nothing counted: the driver waits, the pin opens */
    assert_int_equal(down(1), STATUS_TIMEOUT);
    assert_false(arch_host_int[PIN].masked);
    /* a pin the driver masked stays masked through a down */
    assert_int_equal(assign(ASSIGN_INT_LEVEL | ASSIGN_INT_MASK, 0), STATUS_SUCCESS);
    sm_interrupt(PIN);
    assert_int_equal(down(0), STATUS_SUCCESS);
    assert_int_equal(down(1), STATUS_TIMEOUT);
    assert_true(arch_host_int[PIN].masked);
}

static void an_edge_pin_counts_its_signals_and_stays_unmasked(void **state)
{
    (void)state;
    assert_int_equal(assign(0, 0), STATUS_SUCCESS);
    sm_interrupt(PIN);
    sm_interrupt(PIN);
    assert_false(arch_host_int[PIN].masked);
    assert_int_equal(int_sm()->counter, 2);
    assert_int_equal(down(0), STATUS_SUCCESS);
    assert_int_equal(down(0), STATUS_SUCCESS);
    assert_int_equal(int_sm()->counter, 0);
}

static void a_waiting_driver_is_woken_by_its_interrupt(void **state)
{
    (void)state;
    assert_int_equal(assign(ASSIGN_INT_LEVEL, 0), STATUS_SUCCESS);
    fixture_hypercall(root, HC_CTRL_SM, CTRL_SM_DOWN, INT_SM, 0, 0, 0, 0);
    assert_ptr_equal(int_sm()->wait_head, root); /* blocked */
    sm_interrupt(PIN);
    assert_null(int_sm()->wait_head);
    assert_ptr_equal(fixture_resume(), root);
    assert_int_equal(root->regs.x[0], STATUS_SUCCESS);
}

static void down_before_assign_or_before_a_pin_outside_the_range(void **state)
{
    (void)state;
    assert_int_equal(down(0), STATUS_BAD_CPU); /* not assigned yet */
    sm_interrupt(ARCH_HOST_INT_PINS);          /* no such pin: ignored */
    assert_int_equal(int_sm()->counter, 0);
    /* up needs CTRL_UP, which interrupt semaphores do not have */
    assert_int_equal(fixture_hypercall(root, HC_CTRL_SM, 0, INT_SM, 0, 0, 0, 0), STATUS_BAD_CAP);
    /* a created semaphore is no interrupt semaphore */
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, INT_SM + 1, SEL_ROOT_PD, 0, 0, 0), 0);
    assert_int_equal(fixture_hypercall(root, HC_ASSIGN_INT, 0, INT_SM + 1, 0, 0, 0, 0),
                     STATUS_BAD_CAP);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(every_pin_has_a_semaphore_with_assign_and_ctrl_dn),
        T(assign_int_configures_routes_and_unmasks),
        T(a_level_pin_stays_masked_from_its_signal_until_the_driver_waits),
        T(a_guest_pin_stays_unmasked_and_only_its_assigner_may_deactivate_it),
        T(guest_pins_need_a_gic_that_can_leave_them_active),
        T(an_edge_pin_counts_its_signals_and_stays_unmasked),
        T(a_waiting_driver_is_woken_by_its_interrupt),
        T(down_before_assign_or_before_a_pin_outside_the_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
