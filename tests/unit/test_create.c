/* libnova/create.c, pd.c, ec.c, sc.c, pt.c, sm.c: the create_* hypercalls
 * and ctrl_pt (spec 5.3, 5.4.4), every status they can give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <nova/utcb.h>

#include "arch_host_fixture.h"
#include "ec.h"
#include "kmem.h"
#include "pd.h"
#include "pt.h"
#include "sc.h"
#include "sm.h"

#define FREE 0x100u /* free selectors in the root object space from here on */

static struct ec *root;

static int setup(void **state)
{
    (void)state;
    root = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(root);
    return 0;
}

static uint64_t create_pd(unsigned op, uint64_t sel, uint64_t pd)
{
    return fixture_hypercall(root, HC_CREATE_PD, op, sel, pd, 0, 0, 0);
}

static uint64_t create_ec(unsigned flags, uint64_t sel, uint64_t pd, uint64_t hvp, unsigned cpu)
{
    return fixture_hypercall(root, HC_CREATE_EC, flags, sel, pd, hvp << 12 | cpu, 0x8000, 0x40);
}

static struct kobject *object_at(uint64_t sel, unsigned *perm)
{
    struct capability cap = space_obj_lookup(root->pd->space_obj, sel);
    if (perm)
        *perm = cap.perm;
    return cap.obj;
}

/* A copy of the root PD capability with only the bits in perm. */
static uint64_t pd_with(unsigned perm, uint64_t sel)
{
    assert_int_equal(
        fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, sel, 0, perm, 0),
        STATUS_SUCCESS);
    return sel;
}

/* A new PD with both spaces at FREE+1..3; returns the PD's selector. */
static uint64_t pd_with_spaces(void)
{
    assert_int_equal(create_pd(CREATE_PD_OP_PD, FREE + 1, SEL_ROOT_PD), STATUS_SUCCESS);
    assert_int_equal(create_pd(CREATE_PD_OP_OBJ, FREE + 2, FREE + 1), STATUS_SUCCESS);
    assert_int_equal(create_pd(CREATE_PD_OP_HST, FREE + 3, FREE + 1), STATUS_SUCCESS);
    return FREE + 1;
}

static void create_pd_makes_pd_with_inherited_permissions(void **state)
{
    (void)state;
    uint64_t limited = pd_with(PERM_PD_PD | PERM_PD_SM, FREE);
    unsigned perm;
    assert_int_equal(create_pd(CREATE_PD_OP_PD, FREE + 1, limited), STATUS_SUCCESS);
    struct kobject *obj = object_at(FREE + 1, &perm);
    assert_non_null(obj);
    assert_int_equal(obj->type, KOBJ_PD);
    assert_int_equal(perm, PERM_PD_PD | PERM_PD_SM);
    assert_int_equal(obj->refs, 1);
}

static void create_pd_spaces_bind_once(void **state)
{
    (void)state;
    uint64_t pd = pd_with_spaces();
    unsigned perm;
    struct pd *p = (struct pd *)object_at(pd, NULL);
    assert_ptr_equal(&p->space_obj->obj, object_at(FREE + 2, &perm));
    assert_int_equal(perm, PERM_SPACE_GRANT | PERM_SPACE_TAKE);
    assert_ptr_equal(&p->space_hst->obj, object_at(FREE + 3, &perm));
    assert_int_equal(perm, PERM_SPACE_GRANT | PERM_SPACE_TAKE);
    assert_int_equal(create_pd(CREATE_PD_OP_OBJ, FREE + 4, pd), STATUS_ABORTED);
    assert_int_equal(create_pd(CREATE_PD_OP_HST, FREE + 4, pd), STATUS_ABORTED);
    assert_null(object_at(FREE + 4, NULL));
}

static void create_pd_refuses_bad_selectors_and_ops(void **state)
{
    (void)state;
    assert_int_equal(create_pd(CREATE_PD_OP_PD, SEL_ROOT_EC, SEL_ROOT_PD), STATUS_BAD_CAP);
    assert_int_equal(create_pd(CREATE_PD_OP_PD, NOVA_SELNUM, SEL_ROOT_PD), STATUS_BAD_CAP);
    assert_int_equal(create_pd(CREATE_PD_OP_PD, FREE, SEL_ROOT_EC), STATUS_BAD_CAP);
    assert_int_equal(create_pd(CREATE_PD_OP_PD, FREE, FREE + 7), STATUS_BAD_CAP);
    uint64_t no_pd_bit = pd_with(PERM_PD_EC | PERM_PD_SC | PERM_PD_PT | PERM_PD_SM, FREE + 8);
    assert_int_equal(create_pd(CREATE_PD_OP_PD, FREE, no_pd_bit), STATUS_BAD_CAP);
    for (unsigned op = CREATE_PD_OP_DMA; op <= CREATE_PD_OP_MSR; op++)
        assert_int_equal(create_pd(op, FREE, SEL_ROOT_PD), STATUS_BAD_FTR);
    for (unsigned op = 7; op < 16; op++)
        assert_int_equal(create_pd(op, FREE, SEL_ROOT_PD), STATUS_BAD_PAR);
    assert_null(object_at(FREE, NULL));
}

/* Every amount of free memory from none up: a create either succeeds or
 * fails with MEM_CAP/MEM_OBJ, leaving the slot null and the pool as it was. */
static void create_pd_out_of_memory_leaves_nothing(void **state)
{
    (void)state;
    void *pages[FIXTURE_KMEM_PAGES];
    unsigned n = 0;
    while ((pages[n] = kmem_alloc_page()))
        n++;
    for (;;) {
        uint64_t free_before = kmem_free_bytes();
        uint64_t s = create_pd(CREATE_PD_OP_PD, 0x20000, SEL_ROOT_PD);
        if (s == STATUS_SUCCESS)
            break;
        assert_true(s == STATUS_MEM_CAP || s == STATUS_MEM_OBJ);
        assert_null(object_at(0x20000, NULL));
        /* a table page may stay allocated for the slot; nothing else may */
        assert_true(free_before - kmem_free_bytes() <= PAGE_SIZE);
        assert_true(n > 0);
        kmem_free_page(pages[--n]);
    }
    assert_non_null(object_at(0x20000, NULL));
    while (n)
        kmem_free_page(pages[--n]);
}

static void create_ec_checks_every_parameter(void **state)
{
    (void)state;
    uint64_t pd = pd_with_spaces();
    assert_int_equal(create_ec(0, SEL_ROOT_EC, pd, 0x100, 0), STATUS_BAD_CAP);
    assert_int_equal(create_ec(0, FREE + 10, pd_with(PERM_PD_PD, FREE + 9), 0x100, 0),
                     STATUS_BAD_CAP);
    assert_int_equal(create_ec(CREATE_EC_GUEST, FREE + 10, pd, 0x100, 1), STATUS_BAD_CPU);
    assert_int_equal(create_ec(0, FREE + 10, pd, 0x100, 1), STATUS_BAD_CPU);
    assert_int_equal(create_ec(0, FREE + 10, pd, NOVA_HVA_END >> 12, 0), STATUS_BAD_PAR);
    assert_int_equal(create_pd(CREATE_PD_OP_PD, FREE + 11, SEL_ROOT_PD), STATUS_SUCCESS);
    assert_int_equal(create_ec(0, FREE + 10, FREE + 11, 0x100, 0), STATUS_ABORTED);
    assert_int_equal(create_ec(CREATE_EC_GUEST, FREE + 10, FREE + 11, 0x100, 0), STATUS_ABORTED);
    assert_null(object_at(FREE + 10, NULL));
}

/* Overwrite sel with a null capability (FREE + 100 is never used). */
static void revoke(uint64_t sel)
{
    assert_int_equal(fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, FREE + 100, sel, 0, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_null(object_at(sel, NULL));
}

/* spec 5.3.1 OP=3, 5.3.2 G=1: any number of guest spaces; a vCPU has no
 * UTCB, so its hvp is not checked, and destroying it frees everything. */
static void guest_space_and_vcpu_come_and_go(void **state)
{
    (void)state;
    uint64_t pd = pd_with_spaces(), free_before = kmem_free_bytes();
    assert_int_equal(create_pd(CREATE_PD_OP_GST, FREE + 20, pd), STATUS_SUCCESS);
    assert_int_equal(create_pd(CREATE_PD_OP_GST, FREE + 21, pd), STATUS_SUCCESS);
    assert_int_equal(object_at(FREE + 20, NULL)->type, KOBJ_SPACE_GST);
    assert_int_equal(create_ec(CREATE_EC_GUEST, FREE + 22, pd, NOVA_HVA_END >> 12, 0),
                     STATUS_SUCCESS);
    struct ec *vcpu = (struct ec *)object_at(FREE + 22, NULL);
    assert_true(vcpu->is_guest && vcpu->is_global && !vcpu->utcb);
    revoke(FREE + 20);
    revoke(FREE + 21);
    revoke(FREE + 22);
    assert_int_equal(kmem_free_bytes(), free_before);
}

static void create_ec_maps_utcb_kernel_owned(void **state)
{
    (void)state;
    uint64_t pd = pd_with_spaces();
    unsigned perm;
    assert_int_equal(create_ec(CREATE_EC_GLOBAL | CREATE_EC_FPU, FREE + 10, pd, 0x100, 0),
                     STATUS_SUCCESS);
    struct ec *ec = (struct ec *)object_at(FREE + 10, &perm);
    assert_int_equal(perm, PERM_EC_CTRL | PERM_EC_BIND_PT | PERM_EC_BIND_SC);
    assert_true(ec->is_global);
    assert_true(ec->fpu);
    assert_int_equal(ec->regs.sp, 0x8000);
    assert_int_equal(ec->evt, 0x40);
    /* the UTCB page is not delegatable, and a second UTCB cannot go there */
    assert_int_equal(arch_hst_lookup(ec->pd->space_hst, 0x100).perm, 0);
    assert_int_equal(create_ec(0, FREE + 11, pd, 0x100, 0), STATUS_BAD_PAR);
    assert_null(object_at(FREE + 11, NULL));
}

static void create_sc_binds_to_global_ecs_only(void **state)
{
    (void)state;
    uint64_t pd = pd_with_spaces();
    assert_int_equal(create_ec(0, FREE + 10, pd, 0x100, 0), STATUS_SUCCESS); /* local */
    assert_int_equal(create_ec(CREATE_EC_GLOBAL, FREE + 11, pd, 0x101, 0),
                     STATUS_SUCCESS); /* global */
    uint64_t x = 0;
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 10, SCD(10, 5, 0),
                          0);
    assert_int_equal(x, STATUS_BAD_CAP);
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11, SCD(0, 5, 0),
                          0);
    assert_int_equal(x, STATUS_BAD_PAR);
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11, SCD(10, 0, 0),
                          0);
    assert_int_equal(x, STATUS_BAD_PAR);
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11,
                          SCD(10, 5, 0) | UINT64_C(1) << 23, 0);
    assert_int_equal(x, STATUS_BAD_PAR); /* COS unsupported: must be 0 */
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 12, SEL_ROOT_PD, FREE + 11, SCD(10, 5, 0),
                          0);
    assert_int_equal(x, STATUS_SUCCESS);
    unsigned perm;
    struct sc *sc = (struct sc *)object_at(FREE + 12, &perm);
    assert_int_equal(perm, PERM_SC_CTRL);
    assert_int_equal(sc->prio, 5);
    assert_int_equal(sc->budget, 10 * arch_stc_frequency() / 1000);
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 13, SEL_ROOT_PD, FREE + 11, SCD(10, 5, 0),
                          0);
    assert_int_equal(x, STATUS_ABORTED);
    /* the EC capability needs BIND_SC, the PD capability SC */
    assert_int_equal(fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, FREE + 11, FREE + 14, 0,
                                     PERM_EC_CTRL | PERM_EC_BIND_PT, 0),
                     STATUS_SUCCESS);
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 13, SEL_ROOT_PD, FREE + 14, SCD(10, 5, 0),
                          0);
    assert_int_equal(x, STATUS_BAD_CAP);
    x = fixture_hypercall(root, HC_CREATE_SC, 0, FREE + 13, pd_with(PERM_PD_EC, FREE + 15),
                          FREE + 11, SCD(10, 5, 0), 0);
    assert_int_equal(x, STATUS_BAD_CAP);
}

static void create_pt_binds_to_local_ecs_and_ctrl_pt_sets_pid_mtd(void **state)
{
    (void)state;
    uint64_t pd = pd_with_spaces();
    assert_int_equal(create_ec(0, FREE + 10, pd, 0x100, 0), STATUS_SUCCESS);
    assert_int_equal(create_ec(CREATE_EC_GLOBAL, FREE + 11, pd, 0x101, 0), STATUS_SUCCESS);
    uint64_t x =
        fixture_hypercall(root, HC_CREATE_PT, 0, FREE + 12, SEL_ROOT_PD, FREE + 11, 0x1234, 0);
    assert_int_equal(x, STATUS_BAD_CAP);
    x = fixture_hypercall(root, HC_CREATE_PT, 0, FREE + 12, SEL_ROOT_PD, FREE + 10, 0x1234, 0);
    assert_int_equal(x, STATUS_SUCCESS);
    unsigned perm;
    struct pt *pt = (struct pt *)object_at(FREE + 12, &perm);
    assert_int_equal(perm, PERM_PT_CTRL | PERM_PT_CALL | PERM_PT_EVENT);
    assert_int_equal(pt->ip, 0x1234);
    assert_int_equal(pt->pid, 0);
    assert_int_equal(pt->mtd, 0);
    x = fixture_hypercall(root, HC_CTRL_PT, 0, FREE + 12, 0xabcd, 0x1234567890ull, 0, 0);
    assert_int_equal(x, STATUS_SUCCESS);
    assert_int_equal(pt->pid, 0xabcd);
    assert_int_equal(pt->mtd, 0x34567890);
    /* ctrl_pt needs CTRL */
    assert_int_equal(fixture_ctrl_pd(root, SEL_ROOT_OBJ, SEL_ROOT_OBJ, FREE + 12, FREE + 13, 0,
                                     PERM_PT_CALL | PERM_PT_EVENT, 0),
                     STATUS_SUCCESS);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_PT, 0, FREE + 13, 1, 1, 0, 0), STATUS_BAD_CAP);
    assert_int_equal(fixture_hypercall(root, HC_CTRL_PT, 0, SEL_ROOT_EC, 1, 1, 0, 0),
                     STATUS_BAD_CAP);
}

static void create_sm_sets_counter(void **state)
{
    (void)state;
    uint64_t x = fixture_hypercall(root, HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 42, 0, 0);
    assert_int_equal(x, STATUS_SUCCESS);
    unsigned perm;
    struct sm *sm = (struct sm *)object_at(FREE, &perm);
    assert_int_equal(sm->counter, 42);
    assert_int_equal(perm, PERM_SM_CTRL_UP | PERM_SM_CTRL_DN);
    x = fixture_hypercall(root, HC_CREATE_SM, 0, FREE + 1, pd_with(PERM_PD_PT, FREE + 2), 0, 0, 0);
    assert_int_equal(x, STATUS_BAD_CAP);
    assert_int_equal(fixture_hypercall(root, HC_CREATE_SM, 0, FREE, SEL_ROOT_PD, 0, 0, 0),
                     STATUS_BAD_CAP);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(create_pd_makes_pd_with_inherited_permissions),
        T(create_pd_spaces_bind_once),
        T(create_pd_refuses_bad_selectors_and_ops),
        T(create_pd_out_of_memory_leaves_nothing),
        T(create_ec_checks_every_parameter),
        T(create_ec_maps_utcb_kernel_owned),
        T(guest_space_and_vcpu_come_and_go),
        T(create_sc_binds_to_global_ecs_only),
        T(create_pt_binds_to_local_ecs_and_ctrl_pt_sets_pid_mtd),
        T(create_sm_sets_counter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
