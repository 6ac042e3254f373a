/* spec 5.4.1 ctrl_pd, issued through hypercall() by the root EC of a root
 * PD built by root_create() (spec 6.1.3, 6.2.3) in fake RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <nova/caps.h>
#include "arch_host_fixture.h"
#include "kmem.h"
#include "pd.h"

/* Selectors in the root object space, set up by setup(). */
#define SEL_HST_NOVA 0x100  /* NOVA host space, TAKE */
#define SEL_HST_ROOT 0x101  /* root host space, GRANT TAKE */
#define SEL_HST_OTHER 0x102 /* another host space, GRANT TAKE */
#define SEL_FREE 0x200      /* first of the free selectors */

#define PFN 0x80000ull /* a physical page number in the NOVA host space */
#define HIP_VPN (NOVA_HIP_HVA >> PAGE_BITS)
#define UTCB_VPN (NOVA_UTCB_HVA >> PAGE_BITS)
#define WB_INNER MAD(MAD_CA_MEM_WB, MAD_SH_INNER)

static struct ec *ec;
static struct space_obj *obj;
static struct space_hst *other;

static uint64_t ctrl_pd(uint64_t src, uint64_t dst, uint64_t ssb, uint64_t dsb, unsigned ord,
                        unsigned pmm, uint32_t mad)
{
    return fixture_ctrl_pd(ec, src, dst, ssb, dsb, ord, pmm, mad);
}

static struct space_hst *root_hst(void) { return ec->pd->space_hst; }

static int setup(void **state)
{
    (void)state;
    ec = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(ec);
    obj = ec->pd->space_obj;
    /* spec 6.1.3.1: the root takes the host spaces from the NOVA object space */
    assert_int_equal(
        ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_HST, SEL_HST_NOVA, 0, 0x1f, 0),
        STATUS_SUCCESS);
    assert_int_equal(
        ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, SEL_HST_ROOT, 0, 0x1f, 0),
        STATUS_SUCCESS);
    assert_int_equal(space_hst_create(&other), STATUS_SUCCESS);
    assert_int_equal(space_obj_store(obj, SEL_HST_OTHER,
                                     cap_make(&other->obj, PERM_SPACE_GRANT | PERM_SPACE_TAKE)),
                     STATUS_SUCCESS);
    return 0;
}

/* BAD_CAP */

static void ctrl_pd_rejects_null_selectors(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_FREE, SEL_ROOT_OBJ, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_FREE, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
    assert_int_equal(ctrl_pd(NOVA_SELNUM, SEL_ROOT_OBJ, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, NOVA_SELNUM + SEL_ROOT_OBJ, 0, 0, 0, 0x1f, 0),
                     STATUS_BAD_CAP);
}

static void ctrl_pd_rejects_source_without_take(void **state)
{
    (void)state;
    assert_int_equal(
        ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_FREE, 0, PERM_SPACE_GRANT, 0),
        STATUS_SUCCESS);
    assert_int_equal(ctrl_pd(SEL_FREE, SEL_ROOT_OBJ, SEL_ROOT_PD, SEL_FREE + 1, 0, 0x1f, 0),
                     STATUS_BAD_CAP);
    assert_null(space_obj_lookup(obj, SEL_FREE + 1).obj);
}

static void ctrl_pd_rejects_destination_without_grant(void **state)
{
    (void)state;
    /* SEL_ROOT_NOVA_OBJ carries TAKE only (spec 6.2.3.1) */
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_NOVA_OBJ, SEL_ROOT_PD, SEL_FREE, 0, 0x1f, 0),
                     STATUS_BAD_CAP);
    /* the NOVA host space carries TAKE only (spec 6.1.3.1) */
    assert_int_equal(ctrl_pd(SEL_HST_ROOT, SEL_HST_NOVA, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
}

static void ctrl_pd_rejects_incompatible_spaces(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_HST_ROOT, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
    assert_int_equal(ctrl_pd(SEL_HST_ROOT, SEL_ROOT_OBJ, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
    /* a PD capability's EC and PD bits coincide with TAKE and GRANT */
    assert_int_equal(ctrl_pd(SEL_ROOT_PD, SEL_ROOT_OBJ, 0, SEL_FREE, 0, 0x1f, 0), STATUS_BAD_CAP);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_PD, 0, SEL_FREE, 0, 0x1f, 0), STATUS_BAD_CAP);
    assert_int_equal(ctrl_pd(SEL_ROOT_EC, SEL_ROOT_SC, 0, 0, 0, 0x1f, 0), STATUS_BAD_CAP);
}

/* BAD_PAR */

static void ctrl_pd_rejects_misaligned_selectors(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, 1, SEL_FREE, 1, 0x1f, 0), STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, 0, SEL_FREE + 4, 3, 0x1f, 0),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN + 2, 0, 2, 0x1f, WB_INNER),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0x200, 10, 0x1f, WB_INNER),
                     STATUS_BAD_PAR);
    assert_null(space_obj_lookup(obj, SEL_FREE + 4).obj);
}

static void ctrl_pd_rejects_object_ranges_past_selnum(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NOVA_SELNUM, SEL_FREE, 0, 0x1f, 0),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, 0, NOVA_SELNUM, 0, 0x1f, 0),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, 0, 0, 31, 0x1f, 0), STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, 0, 0, 19, 0x1f, 0), STATUS_BAD_PAR);
    /* the last aligned block ending at SELNUM is in range */
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NOVA_SELNUM - 8, SEL_FREE, 3, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_ptr_equal(space_obj_lookup(obj, SEL_FREE + 5).obj, &ec->pd->obj); /* SEL_ROOT_PD */
}

static void ctrl_pd_rejects_host_ranges_past_the_space(void **state)
{
    (void)state;
    uint64_t nova_end = UINT64_C(1) << (FIXTURE_PA_BITS - PAGE_BITS);
    uint64_t hva_end = NOVA_HVA_END >> PAGE_BITS;
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, nova_end, 0, 0, 0x1f, WB_INNER),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, nova_end - 4, 0, 3, 0x1f, WB_INNER),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, hva_end, 0, 0x1f, WB_INNER),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_HST_OTHER, SEL_HST_ROOT, hva_end, 0, 0, 0x1f, 0), STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, 0, 0, 31, 0x1f, WB_INNER),
                     STATUS_BAD_PAR);
}

static void ctrl_pd_rejects_reserved_mad_from_nova_host_space(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0, 0, 0x1f, MAD(4, MAD_SH_INNER)),
                     STATUS_BAD_PAR);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0, 0, 0x1f, MAD(MAD_CA_MEM_WB, 1)),
                     STATUS_BAD_PAR);
    assert_int_equal(arch_hst_lookup(other, 0).perm, 0);
}

/* SUCCESS: object space to object space */

static void ctrl_pd_object_delegation_masks_permissions(void **state)
{
    (void)state;
    struct kobject *pd = &ec->pd->obj;
    uint32_t refs = pd->refs;
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, SEL_FREE, 0,
                             PERM_PD_EC | PERM_PD_SC | 0x100, 0xffffffff /* mad ignored */),
                     STATUS_SUCCESS);
    struct capability c = space_obj_lookup(obj, SEL_FREE);
    assert_ptr_equal(c.obj, pd);
    assert_int_equal(c.perm, PERM_PD_EC | PERM_PD_SC);
    assert_int_equal(pd->refs, refs + 1);
    /* the source keeps its capability */
    assert_int_equal(space_obj_lookup(obj, SEL_ROOT_PD).perm, kobject_all_perms(KOBJ_PD));
}

static void ctrl_pd_object_delegation_masked_to_zero_is_null(void **state)
{
    (void)state;
    struct kobject *pd = &ec->pd->obj, *sc = space_obj_lookup(obj, SEL_ROOT_SC).obj;
    uint32_t pd_refs = pd->refs, sc_refs = sc->refs;
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, SEL_FREE, 0, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_int_equal(pd->refs, pd_refs + 1);
    /* SC has CTRL (bit 0) only: pmm without bit 0 leaves nothing, the slot is cleared */
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_SC, SEL_FREE, 0, 0x1e, 0),
                     STATUS_SUCCESS);
    assert_null(space_obj_lookup(obj, SEL_FREE).obj);
    assert_int_equal(space_obj_lookup(obj, SEL_FREE).perm, 0);
    assert_int_equal(pd->refs, pd_refs);
    assert_int_equal(sc->refs, sc_refs);
}

static void ctrl_pd_object_overwrite_revokes(void **state)
{
    (void)state;
    struct kobject *pd = &ec->pd->obj, *sc = space_obj_lookup(obj, SEL_ROOT_SC).obj;
    uint32_t pd_refs = pd->refs, sc_refs = sc->refs;
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, SEL_FREE, 0, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_SC, SEL_FREE, 0, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_ptr_equal(space_obj_lookup(obj, SEL_FREE).obj, sc);
    assert_int_equal(pd->refs, pd_refs);
    assert_int_equal(sc->refs, sc_refs + 1);
    /* a null source capability revokes too */
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_FREE + 1, SEL_FREE, 0, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_null(space_obj_lookup(obj, SEL_FREE).obj);
    assert_int_equal(sc->refs, sc_refs);
}

static void ctrl_pd_object_range_delegation(void **state)
{
    (void)state;
    /* the five root selectors SELNUM-5..SELNUM-1 and their neighbours */
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NOVA_SELNUM - 8, SEL_FREE + 8, 3, 0x1f, 0),
                     STATUS_SUCCESS);
    for (unsigned i = 0; i < 8; i++) {
        struct capability s = space_obj_lookup(obj, NOVA_SELNUM - 8 + i);
        struct capability d = space_obj_lookup(obj, SEL_FREE + 8 + i);
        assert_ptr_equal(d.obj, s.obj);
        assert_int_equal(d.perm, s.perm);
    }
    assert_null(space_obj_lookup(obj, SEL_FREE + 16).obj);
}

/* SUCCESS: host space to host space */

static void ctrl_pd_nova_host_space_grants_physical_pages_with_mad(void **state)
{
    (void)state;
    uint32_t mad = MAD(MAD_CA_DEV_GRE, MAD_SH_OUTER);
    assert_int_equal(
        ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0x1000, 2, PERM_MEM_R | PERM_MEM_W, mad),
        STATUS_SUCCESS);
    for (unsigned i = 0; i < 4; i++) {
        struct mem_cap c = arch_hst_lookup(other, 0x1000 + i);
        assert_int_equal(pa_addr(c.pa), (PFN + i) << PAGE_BITS);
        assert_int_equal(c.perm, PERM_MEM_R | PERM_MEM_W);
        assert_int_equal(c.mad, mad);
    }
    assert_int_equal(arch_hst_lookup(other, 0x1004).perm, 0);
    assert_int_equal(arch_hst_lookup(other, 0xfff).perm, 0);
}

static void ctrl_pd_host_delegation_masked_to_zero_revokes(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0x1000, 0, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(other, 0x1000).perm, PERM_MEM_ALL);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0x1000, 0, 0x10, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(other, 0x1000).perm, 0);
}

static void ctrl_pd_nova_host_space_protected_pages_are_null(void **state)
{
    (void)state;
    /* one whole page, and one page touched by a few bytes */
    space_hst_protect(pa_init((PFN + 0x12) << PAGE_BITS), PAGE_SIZE);
    space_hst_protect(pa_init(((PFN + 0x15) << PAGE_BITS) + 0x800), 0x10);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN + 0x10, 0x2000, 3, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    for (unsigned i = 0; i < 8; i++) {
        bool protected = i == 2 || i == 5;
        assert_int_equal(arch_hst_lookup(other, 0x2000 + i).perm, protected ? 0 : PERM_MEM_ALL);
    }
    /* granting a protected page over an existing one revokes it */
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN + 0x12, 0x2000, 0, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(other, 0x2000).perm, 0);
}

static void ctrl_pd_host_space_inherits_attributes(void **state)
{
    (void)state;
    uint64_t text = FIXTURE_ELF_TEXT >> PAGE_BITS, data = FIXTURE_ELF_DATA >> PAGE_BITS;
    /* mad ignored: even a reserved encoding is accepted */
    assert_int_equal(ctrl_pd(SEL_HST_ROOT, SEL_HST_OTHER, text, 0x3000, 0, 0x1f, MAD(4, 1)),
                     STATUS_SUCCESS);
    assert_int_equal(ctrl_pd(SEL_HST_ROOT, SEL_HST_OTHER, data, 0x3001, 0, PERM_MEM_W, MAD(4, 1)),
                     STATUS_SUCCESS);
    struct mem_cap t = arch_hst_lookup(other, 0x3000), d = arch_hst_lookup(other, 0x3001);
    assert_int_equal(pa_addr(t.pa), FIXTURE_ELF_PA + 0x1000);
    assert_int_equal(t.perm, PERM_MEM_R | PERM_MEM_XU);
    assert_int_equal(t.mad, WB_INNER);
    assert_int_equal(pa_addr(d.pa), FIXTURE_ELF_PA + 0x2000);
    assert_int_equal(d.perm, PERM_MEM_W);
    assert_int_equal(d.mad, WB_INNER);
}

static void ctrl_pd_kernel_pages_cannot_be_taken(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0x10, 1, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(ctrl_pd(SEL_HST_ROOT, SEL_HST_OTHER, HIP_VPN, 0x10, 0, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_int_equal(ctrl_pd(SEL_HST_ROOT, SEL_HST_OTHER, UTCB_VPN, 0x11, 0, 0x1f, 0),
                     STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(other, 0x10).perm, 0);
    assert_int_equal(arch_hst_lookup(other, 0x11).perm, 0);
}

static void ctrl_pd_kernel_pages_cannot_be_overwritten(void **state)
{
    (void)state;
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_ROOT, PFN, UTCB_VPN - 1, 1, 0x1f, WB_INNER),
                     STATUS_BAD_PAR); /* misaligned: UTCB_VPN - 1 is odd */
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_ROOT, PFN, UTCB_VPN - 2, 2, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_ROOT, PFN, UTCB_VPN, 0, 0, WB_INNER),
                     STATUS_SUCCESS); /* null over the UTCB */
    bool kernel;
    struct mem_cap hip = arch_host_hst_peek(root_hst(), HIP_VPN, &kernel);
    assert_true(kernel);
    assert_int_equal(pa_addr(hip.pa), FIXTURE_HIP_PA);
    assert_int_equal(hip.perm, PERM_MEM_R);
    struct mem_cap utcb = arch_host_hst_peek(root_hst(), UTCB_VPN, &kernel);
    assert_true(kernel);
    assert_int_equal(pa_addr(utcb.pa), pa_addr(arch_virt_to_phys(ec->utcb)));
    assert_int_equal(utcb.perm, PERM_MEM_R | PERM_MEM_W);
    /* the pages below were granted */
    assert_int_equal(pa_addr(arch_hst_lookup(root_hst(), UTCB_VPN - 2).pa), PFN << PAGE_BITS);
    assert_int_equal(pa_addr(arch_hst_lookup(root_hst(), UTCB_VPN - 1).pa), (PFN + 1) << PAGE_BITS);
}

static void drain_kmem_to(uint64_t pages)
{
    while (kmem_free_pages() > pages)
        assert_non_null(kmem_alloc_page());
}

static void ctrl_pd_host_partial_failure_keeps_first_pages(void **state)
{
    (void)state;
    /* 1024 pages span two last-level tables; memory for one only */
    drain_kmem_to(2);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0, 10, 0x1f, WB_INNER),
                     STATUS_MEM_CAP);
    assert_int_equal(arch_hst_lookup(other, 0).perm, PERM_MEM_ALL);
    assert_int_equal(pa_addr(arch_hst_lookup(other, 511).pa), (PFN + 511) << PAGE_BITS);
    assert_int_equal(arch_hst_lookup(other, 512).perm, 0);
    assert_int_equal(arch_hst_lookup(other, 1023).perm, 0);
}

static void ctrl_pd_host_within_mco_fails_whole(void **state)
{
    (void)state;
    /* spec 6.3 MCOHST = 9: an aligned 512-page update fails whole or not at all */
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0, 0, 0x1f, WB_INNER),
                     STATUS_SUCCESS);
    drain_kmem_to(0);
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 512, 9, 0x1f, WB_INNER),
                     STATUS_MEM_CAP);
    for (unsigned i = 512; i < 1024; i++)
        assert_int_equal(arch_hst_lookup(other, i).perm, 0);
    /* removing needs no memory */
    assert_int_equal(ctrl_pd(SEL_HST_NOVA, SEL_HST_OTHER, PFN, 0, 9, 0, WB_INNER), STATUS_SUCCESS);
    assert_int_equal(arch_hst_lookup(other, 0).perm, 0);
}

static void ctrl_pd_object_partial_failure_keeps_first_slots(void **state)
{
    (void)state;
    /* fill 512 source slots (two leaves), then grant them where no leaf exists */
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(space_obj_store(obj, 0x1000 + i, cap_make(&ec->pd->obj, PERM_PD_EC)),
                         STATUS_SUCCESS);
    drain_kmem_to(1);
    assert_int_equal(ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, 0x1000, 0x2000, 9, 0x1f, 0),
                     STATUS_MEM_CAP);
    assert_non_null(space_obj_lookup(obj, 0x2000).obj);
    assert_non_null(space_obj_lookup(obj, 0x20ff).obj);
    assert_null(space_obj_lookup(obj, 0x2100).obj);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(ctrl_pd_rejects_null_selectors),
        T(ctrl_pd_rejects_source_without_take),
        T(ctrl_pd_rejects_destination_without_grant),
        T(ctrl_pd_rejects_incompatible_spaces),
        T(ctrl_pd_rejects_misaligned_selectors),
        T(ctrl_pd_rejects_object_ranges_past_selnum),
        T(ctrl_pd_rejects_host_ranges_past_the_space),
        T(ctrl_pd_rejects_reserved_mad_from_nova_host_space),
        T(ctrl_pd_object_delegation_masks_permissions),
        T(ctrl_pd_object_delegation_masked_to_zero_is_null),
        T(ctrl_pd_object_overwrite_revokes),
        T(ctrl_pd_object_range_delegation),
        T(ctrl_pd_nova_host_space_grants_physical_pages_with_mad),
        T(ctrl_pd_host_delegation_masked_to_zero_revokes),
        T(ctrl_pd_nova_host_space_protected_pages_are_null),
        T(ctrl_pd_host_space_inherits_attributes),
        T(ctrl_pd_kernel_pages_cannot_be_taken),
        T(ctrl_pd_kernel_pages_cannot_be_overwritten),
        T(ctrl_pd_host_partial_failure_keeps_first_pages),
        T(ctrl_pd_host_within_mco_fails_whole),
        T(ctrl_pd_object_partial_failure_keeps_first_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
