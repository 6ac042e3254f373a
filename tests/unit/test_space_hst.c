/* libnova/space_hst.c: host spaces, the computed NOVA host space (spec
 * 6.1.3.2), protected memory, kernel-owned pages and delegation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <nova/caps.h>
#include "arch_host.h"
#include "kmem.h"
#include "space_hst.h"

#define WB_INNER MAD(MAD_CA_MEM_WB, MAD_SH_INNER)
#define PA_BITS 36

static struct space_hst nova;
static struct space_hst *space;

static int setup(void **state)
{
    (void)state;
    arch_host_kmem_reset(16);
    space_hst_init_nova(&nova, PA_BITS);
    assert_int_equal(space_hst_create(&space), STATUS_SUCCESS);
    return 0;
}

static void space_hst_create_out_of_memory(void **state)
{
    (void)state;
    struct space_hst *s = NULL;
    arch_host_kmem_reset(0);
    assert_int_equal(space_hst_create(&s), STATUS_MEM_OBJ);
    /* the object fits, its table does not: the object page goes back */
    arch_host_kmem_reset(1);
    assert_int_equal(space_hst_create(&s), STATUS_MEM_OBJ);
    assert_null(s);
    assert_int_equal(kmem_free_pages(), 1);
}

static void space_hst_selector_counts(void **state)
{
    (void)state;
    assert_true(nova.is_nova);
    assert_int_equal(nova.obj.type, KOBJ_SPACE_HST);
    assert_int_equal(space_hst_selectors(&nova), UINT64_C(1) << (PA_BITS - PAGE_BITS));
    assert_false(space->is_nova);
    assert_int_equal(space->obj.type, KOBJ_SPACE_HST);
    assert_int_equal(space_hst_selectors(space), NOVA_HVA_END >> PAGE_BITS);
}

static void space_hst_nova_delegation_is_identity_with_mad(void **state)
{
    (void)state;
    uint32_t mad = MAD(MAD_CA_DEV, MAD_SH_NONE);
    assert_int_equal(space_hst_delegate(&nova, space, 0x1234, 0x42, 0, 0x1f, mad), STATUS_SUCCESS);
    struct mem_cap c = arch_hst_lookup(space, 0x42);
    assert_int_equal(pa_addr(c.pa), 0x1234000);
    assert_int_equal(c.perm, PERM_MEM_ALL);
    assert_int_equal(c.mad, mad);
}

static void space_hst_delegation_masks_permissions(void **state)
{
    (void)state;
    assert_int_equal(
        space_hst_delegate(&nova, space, 0x1000, 0x10, 1, PERM_MEM_R | PERM_MEM_XS, WB_INNER),
        STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(space, 0x10).perm, PERM_MEM_R | PERM_MEM_XS);
    assert_int_equal(arch_hst_lookup(space, 0x11).perm, PERM_MEM_R | PERM_MEM_XS);
    assert_int_equal(space_hst_delegate(&nova, space, 0x1000, 0x10, 1, 0, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(space, 0x10).perm, 0);
    assert_int_equal(arch_hst_lookup(space, 0x11).perm, 0);
}

static void space_hst_protected_memory_is_null(void **state)
{
    (void)state;
    space_hst_protect(pa_init(0x2001000), 0x2000); /* pages 0x2001, 0x2002 */
    space_hst_protect(pa_init(0x2004fff), 1);      /* last byte of page 0x2004 */
    assert_int_equal(space_hst_delegate(&nova, space, 0x2000, 0x100, 3, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    static const uint8_t expect[8] = {PERM_MEM_ALL, 0,           0, PERM_MEM_ALL, 0, PERM_MEM_ALL,
                                      PERM_MEM_ALL, PERM_MEM_ALL};
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(arch_hst_lookup(space, 0x100 + i).perm, expect[i]);
}

/* The GIC virtual CPU interface: a guest space gets it, a host space a
 * null capability (spec 7.2.1, libnova's exception for guests). */
static void space_hst_guest_only_memory_reaches_guest_spaces_only(void **state)
{
    (void)state;
    space_hst_guest_only(pa_init(0x3000000), 0x2000);
    assert_int_equal(space_hst_delegate(&nova, space, 0x3000, 0x200, 1, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(space, 0x200).perm, 0);
    assert_int_equal(arch_hst_lookup(space, 0x201).perm, 0);
    struct space_hst *guest;
    assert_int_equal(space_hst_create(&guest), STATUS_SUCCESS);
    guest->obj.type = KOBJ_SPACE_GST;
    assert_int_equal(space_hst_delegate(&nova, guest, 0x3000, 0x200, 1, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(guest, 0x200).perm, PERM_MEM_ALL);
    assert_int_equal(pa_addr(arch_hst_lookup(guest, 0x201).pa), 0x3001000);
    space_hst_destroy(guest);
}

static void space_hst_kernel_pages_hidden_and_kept(void **state)
{
    (void)state;
    assert_int_equal(space_hst_map_kernel(space, 0x500, pa_init(0x7000), PERM_MEM_R),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(space, 0x500).perm, 0);
    bool kernel;
    struct mem_cap c = arch_host_hst_peek(space, 0x500, &kernel);
    assert_true(kernel);
    assert_int_equal(pa_addr(c.pa), 0x7000);
    assert_int_equal(c.perm, PERM_MEM_R);
    assert_int_equal(c.mad, WB_INNER);
    /* neither granting over it nor taking from it changes anything */
    assert_int_equal(space_hst_delegate(&nova, space, 0x1000, 0x500, 0, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(space_hst_delegate(&nova, space, 0x1000, 0x500, 0, 0, WB_INNER),
                     STATUS_SUCCESS);
    c = arch_host_hst_peek(space, 0x500, &kernel);
    assert_true(kernel);
    assert_int_equal(pa_addr(c.pa), 0x7000);
    struct space_hst *other;
    assert_int_equal(space_hst_create(&other), STATUS_SUCCESS);
    assert_int_equal(space_hst_delegate(&nova, other, 0x1000, 0x500, 0, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(space_hst_delegate(space, other, 0x500, 0x500, 0, 0x1f, 0), STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(other, 0x500).perm, 0);
}

static void space_hst_delegation_out_of_memory(void **state)
{
    (void)state;
    arch_host_kmem_reset(0);
    assert_int_equal(space_hst_delegate(&nova, space, 0x1000, 0, 0, 0x1f, WB_INNER),
                     STATUS_MEM_CAP);
    assert_int_equal(arch_hst_lookup(space, 0).perm, 0);
    assert_int_equal(space_hst_map_kernel(space, 0, pa_init(0x7000), PERM_MEM_R), STATUS_MEM_CAP);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(space_hst_create_out_of_memory),
        T(space_hst_selector_counts),
        T(space_hst_nova_delegation_is_identity_with_mad),
        T(space_hst_delegation_masks_permissions),
        T(space_hst_protected_memory_is_null),
        T(space_hst_guest_only_memory_reaches_guest_spaces_only),
        T(space_hst_kernel_pages_hidden_and_kept),
        T(space_hst_delegation_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
