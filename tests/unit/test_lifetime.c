/* libnova/kobject.c and the *_destroy functions: an object dies when its
 * last capability is overwritten (spec 5.4.1), what waits on it learns so,
 * and its memory returns to the pool. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <nova/utcb.h>

#include "arch_host_fixture.h"
#include "kmem.h"
#include "pd.h"
#include "sc.h"
#include "sm.h"

#define FREE 0x100u
#define NULL_SEL 0x3000u /* stays null: the source for revocations */

static struct ec *root;

static int setup(void **state)
{
    (void)state;
    root = fixture_root_create(512);
    assert_non_null(root);
    sched_ready(root->sc);
    assert_ptr_equal(fixture_resume(), root);
    return 0;
}

static uint64_t hc(unsigned nr, unsigned flags, uint64_t a0, uint64_t x1, uint64_t x2, uint64_t x3,
                   uint64_t x4)
{
    return fixture_hypercall(root, nr, flags, a0, x1, x2, x3, x4);
}

/* Overwrite 2^ord capabilities from sel with null ones. */
static void revoke(uint64_t sel, unsigned ord)
{
    assert_int_equal(fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, NULL_SEL, sel, ord, 0x1f, 0),
                     0);
}

/* Make the object-space tables behind sel exist (they outlive objects). */
static void prime(uint64_t sel)
{
    assert_int_equal(hc(HC_CREATE_SM, 0, sel, SEL_ROOT_PD, 0, 0, 0), 0);
    revoke(sel, 0);
}

static struct kobject *obj(uint64_t sel) { return space_obj_lookup(root->pd->space_obj, sel).obj; }

/* A PD with both spaces at FREE+1 (spaces FREE+2, FREE+3). */
static void make_pd(void)
{
    assert_int_equal(hc(HC_CREATE_PD, 0, FREE + 1, SEL_ROOT_PD, 0, 0, 0), 0);
    assert_int_equal(hc(HC_CREATE_PD, 1, FREE + 2, FREE + 1, 0, 0, 0), 0);
    assert_int_equal(hc(HC_CREATE_PD, 2, FREE + 3, FREE + 1, 0, 0, 0), 0);
}

static void revoking_the_last_capability_frees_a_semaphore(void **state)
{
    (void)state;
    prime(FREE);
    uint64_t before = kmem_free_bytes();
    assert_int_equal(hc(HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 3, 0, 0), 0);
    struct kobject *sm = obj(FREE);
    assert_int_equal(sm->refs, 1);
    /* a second capability keeps it alive */
    assert_int_equal(fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, FREE, FREE + 1, 0, 0x1f, 0),
                     0);
    assert_int_equal(sm->refs, 2);
    revoke(FREE, 0);
    assert_int_equal(sm->refs, 1);
    assert_int_equal(hc(HC_CTRL_SM, 0, FREE + 1, 0, 0, 0, 0), 0);
    revoke(FREE + 1, 0);
    assert_int_equal(kmem_free_bytes(), before);
}

static void a_whole_pd_with_ecs_scs_portals_returns_all_memory(void **state)
{
    (void)state;
    prime(FREE); /* one leaf holds the 32 selectors used here */
    uint64_t before = kmem_free_bytes();
    make_pd();
    assert_int_equal(hc(HC_CREATE_EC, 0, FREE + 4, FREE + 1, 0x100ull << 12, 0, 0), 0);
    assert_int_equal(hc(HC_CREATE_EC, CREATE_EC_GLOBAL | CREATE_EC_FPU, FREE + 5, FREE + 1,
                        0x101ull << 12, 0, 0),
                     0);
    assert_int_equal(hc(HC_CREATE_SC, 0, FREE + 6, SEL_ROOT_PD, FREE + 5, SCD(10, 1, 0), 0), 0);
    assert_int_equal(hc(HC_CREATE_PT, 0, FREE + 7, SEL_ROOT_PD, FREE + 4, 0x1000, 0), 0);
    assert_int_equal(hc(HC_CREATE_SM, 0, FREE + 8, FREE + 1, 0, 0, 0), 0);
    /* memory delegated into the PD's host space */
    assert_int_equal(
        fixture_ctrl_pd(root, SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_HST, FREE + 9, 0, 0x1f, 0),
        0);
    assert_int_equal(fixture_ctrl_pd(root, FREE + 9, FREE + 3, 0x40010, 0x200, 4, PERM_MEM_ALL,
                                     MAD(MAD_CA_MEM_WB, MAD_SH_INNER)),
                     0);
    revoke(FREE, 5);
    assert_int_equal(kmem_free_bytes(), before);
}

static void a_dying_semaphore_aborts_its_waiters(void **state)
{
    (void)state;
    assert_int_equal(hc(HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 0, 0, 0), 0);
    assert_int_equal(hc(HC_CREATE_SM, 0, FREE + 1, SEL_ROOT_PD, 0, 0, 0), 0);
    /* a global EC waits on FREE; the root deletes FREE */
    assert_int_equal(
        hc(HC_CREATE_EC, CREATE_EC_GLOBAL, FREE + 2, SEL_ROOT_PD, 0x200ull << 12, 0, 0), 0);
    struct ec *w = (struct ec *)obj(FREE + 2);
    assert_int_equal(hc(HC_CREATE_SC, 0, FREE + 3, SEL_ROOT_PD, FREE + 2, SCD(10, 127, 0), 0), 0);
    w->startup_pending = false;
    fixture_hypercall(root, HC_CTRL_SM, CTRL_SM_DOWN, FREE + 1, 5000, 0, 0, 0);
    assert_ptr_equal(fixture_resume(), w);
    fixture_hypercall(w, HC_CTRL_SM, CTRL_SM_DOWN, FREE, 0, 0, 0, 0);
    assert_ptr_equal(fixture_resume(), root); /* the root's timeout at 5000 */
    w->regs.x[0] = 0xdead;
    revoke(FREE, 0);
    assert_int_equal(w->regs.x[0], STATUS_ABORTED);
    assert_true(w->sc->queued);
}

static void a_dying_server_aborts_its_caller(void **state)
{
    (void)state;
    make_pd();
    assert_int_equal(hc(HC_CREATE_EC, 0, FREE + 4, FREE + 1, 0x100ull << 12, 0, 0), 0);
    assert_int_equal(hc(HC_CREATE_PT, 0, FREE + 5, SEL_ROOT_PD, FREE + 4, 0x1000, 0), 0);
    struct ec *server = (struct ec *)obj(FREE + 4);
    fixture_hypercall(root, HC_IPC_CALL, 0, FREE + 5, 0, 0, 0, 0);
    assert_ptr_equal(fixture_resume(), server);
    /* the last capabilities of the server go (as if another EC revoked
     * them: the root itself is waiting in its call) */
    space_obj_store(root->pd->space_obj, FREE + 4, cap_make(NULL, 0));
    root->regs.x[0] = 0xdead;
    space_obj_store(root->pd->space_obj, FREE + 5, cap_make(NULL, 0));
    assert_int_equal(root->regs.x[0], STATUS_ABORTED);
    assert_ptr_equal(fixture_resume(), root);
}

static void host_spaces_come_and_go_without_running_out_of_vmids(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 600; i++) {
        assert_int_equal(hc(HC_CREATE_PD, 2, FREE, SEL_ROOT_PD, 0, 0, 0), STATUS_ABORTED);
        assert_int_equal(hc(HC_CREATE_PD, 0, FREE, SEL_ROOT_PD, 0, 0, 0), 0);
        assert_int_equal(hc(HC_CREATE_PD, 2, FREE + 1, FREE, 0, 0, 0), 0);
        revoke(FREE, 1);
    }
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(revoking_the_last_capability_frees_a_semaphore),
        T(a_whole_pd_with_ecs_scs_portals_returns_all_memory),
        T(a_dying_semaphore_aborts_its_waiters),
        T(a_dying_server_aborts_its_caller),
        T(host_spaces_come_and_go_without_running_out_of_vmids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
