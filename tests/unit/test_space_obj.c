/* libnova/space_obj.c: capability slots, reference counts, allocation of
 * table pages on first use and MEM_CAP when kmem runs out (spec 2.1.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch_host.h"
#include "kmem.h"
#include "space_obj.h"

static struct space_obj *space;
static struct kobject a, b;

static int setup(void **state)
{
    (void)state;
    arch_host_kmem_reset(32);
    assert_int_equal(space_obj_create(&space), STATUS_SUCCESS);
    kobject_init(&a, KOBJ_SM);
    kobject_init(&b, KOBJ_PD);
    return 0;
}

static void space_obj_create_out_of_memory(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    struct space_obj *s = NULL;
    assert_int_equal(space_obj_create(&s), STATUS_MEM_OBJ);
    assert_null(s);
}

static void space_obj_new_space_is_empty(void **state)
{
    (void)state;
    assert_int_equal(space->obj.type, KOBJ_SPACE_OBJ);
    static const uint64_t sels[] = {0, 1, 255, 256, 0x1ffff, 0x20000, NOVA_SELNUM - 1};
    for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
        assert_null(space_obj_lookup(space, sels[i]).obj);
        assert_int_equal(space_obj_lookup(space, sels[i]).perm, 0);
    }
}

static void space_obj_store_and_lookup(void **state)
{
    (void)state;
    static const uint64_t sels[] = {0, 255, 256, 0x1ffff, 0x20000, NOVA_SELNUM - 1};
    for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++)
        assert_int_equal(space_obj_store(space, sels[i], cap_make(&a, i + 1)), STATUS_SUCCESS);
    for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
        struct capability c = space_obj_lookup(space, sels[i]);
        assert_ptr_equal(c.obj, &a);
        assert_int_equal(c.perm, i + 1);
    }
    assert_null(space_obj_lookup(space, 1).obj);
    assert_null(space_obj_lookup(space, 254).obj);
    assert_null(space_obj_lookup(space, NOVA_SELNUM - 2).obj);
    assert_int_equal(a.refs, 1 + 6);
}

static void space_obj_selectors_past_selnum_are_null(void **state)
{
    (void)state;
    assert_int_equal(space_obj_store(space, NOVA_SELNUM - 1, cap_make(&a, 1)), STATUS_SUCCESS);
    assert_null(space_obj_lookup(space, NOVA_SELNUM).obj);
    assert_null(space_obj_lookup(space, NOVA_SELNUM + NOVA_SELNUM - 1).obj);
    assert_null(space_obj_lookup(space, UINT64_MAX).obj);
    assert_int_not_equal(space_obj_store(space, NOVA_SELNUM, cap_make(&b, 1)), STATUS_SUCCESS);
    assert_null(space_obj_lookup(space, NOVA_SELNUM).obj);
    assert_int_equal(b.refs, 1);
}

static void space_obj_overwrite_moves_references(void **state)
{
    (void)state;
    assert_int_equal(space_obj_store(space, 7, cap_make(&a, 1)), STATUS_SUCCESS);
    assert_int_equal(a.refs, 2);
    assert_int_equal(space_obj_store(space, 7, cap_make(&b, 3)), STATUS_SUCCESS);
    assert_int_equal(a.refs, 1);
    assert_int_equal(b.refs, 2);
    assert_ptr_equal(space_obj_lookup(space, 7).obj, &b);
    assert_int_equal(space_obj_lookup(space, 7).perm, 3);
    /* the same object again: count unchanged */
    assert_int_equal(space_obj_store(space, 7, cap_make(&b, 1)), STATUS_SUCCESS);
    assert_int_equal(b.refs, 2);
    assert_int_equal(space_obj_store(space, 7, cap_make(NULL, 0)), STATUS_SUCCESS);
    assert_int_equal(b.refs, 1);
    assert_null(space_obj_lookup(space, 7).obj);
}

static void space_obj_storing_null_allocates_nothing(void **state)
{
    (void)state;
    uint64_t free = kmem_free_pages();
    assert_int_equal(space_obj_store(space, 0x30000, cap_make(NULL, 0)), STATUS_SUCCESS);
    assert_int_equal(kmem_free_pages(), free);
    arch_host_kmem_reset(0);
    assert_int_equal(space_obj_store(space, 0x30001, cap_make(NULL, 0)), STATUS_SUCCESS);
}

static void space_obj_store_out_of_memory_is_mem_cap(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    assert_int_equal(space_obj_store(space, 0, cap_make(&a, 1)), STATUS_MEM_CAP);
    assert_null(space_obj_lookup(space, 0).obj);
    assert_int_equal(a.refs, 1);
    /* room for the middle table only */
    arch_host_kmem_reset(1);
    assert_int_equal(space_obj_store(space, 0, cap_make(&a, 1)), STATUS_MEM_CAP);
    assert_null(space_obj_lookup(space, 0).obj);
    assert_int_equal(a.refs, 1);
    /* and then the leaf */
    arch_host_kmem_reset(1);
    assert_int_equal(space_obj_store(space, 0, cap_make(&a, 1)), STATUS_SUCCESS);
    assert_ptr_equal(space_obj_lookup(space, 0).obj, &a);
}

static void space_obj_delegate_partial_failure(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(space_obj_store(space, i, cap_make(&a, 1)), STATUS_SUCCESS);
    struct space_obj *dst;
    assert_int_equal(space_obj_create(&dst), STATUS_SUCCESS);
    arch_host_kmem_reset(2); /* middle table and one leaf */
    assert_int_equal(space_obj_delegate(space, dst, 0, 512, 9, 0x1f), STATUS_MEM_CAP);
    assert_ptr_equal(space_obj_lookup(dst, 512).obj, &a);
    assert_ptr_equal(space_obj_lookup(dst, 767).obj, &a);
    assert_null(space_obj_lookup(dst, 768).obj);
    assert_int_equal(a.refs, 1 + 512 + 256);
}

static void space_obj_delegate_within_mco_fails_whole(void **state)
{
    (void)state;
    /* spec 6.3 MCOOBJ = 8: an aligned 256-slot update fails whole or not at all */
    for (unsigned i = 0; i < 256; i++)
        assert_int_equal(space_obj_store(space, i, cap_make(&a, 1)), STATUS_SUCCESS);
    arch_host_kmem_reset(0);
    assert_int_equal(space_obj_delegate(space, space, 0, 256, 8, 0x1f), STATUS_MEM_CAP);
    for (unsigned i = 256; i < 512; i++)
        assert_null(space_obj_lookup(space, i).obj);
    assert_int_equal(a.refs, 1 + 256);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(space_obj_create_out_of_memory),
        T(space_obj_new_space_is_empty),
        T(space_obj_store_and_lookup),
        T(space_obj_selectors_past_selnum_are_null),
        T(space_obj_overwrite_moves_references),
        T(space_obj_storing_null_allocates_nothing),
        T(space_obj_store_out_of_memory_is_mem_cap),
        T(space_obj_delegate_partial_failure),
        T(space_obj_delegate_within_mco_fails_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
