/* spec 5.4.1 ctrl_pd between host spaces, observed by reading the pages
 * (never by writing a read-only one: that fault would end the root task),
 * and spec 6.2.3.2 / 6.3 for the kernel-owned HIP and UTCB pages. */
#include "conformance.h"
#include "fixture.h"

#define MARK_A UINT64_C(0xa11a5a11a5a11a5a)
#define MARK_B UINT64_C(0x0b5e4ed0b5e4ed00)
#define MARK_UTCB UINT64_C(0x75746362206b6570)

/* Pages used here (fixture.h: FX_VPN(0..2) belong to other groups). */
#define VPN_RW_A FX_VPN(3)
#define VPN_RW_B FX_VPN(4)
#define VPN_R FX_VPN(5)
#define VPN_COPY FX_VPN(6)
#define VPN_HIP_COPY FX_VPN(7)
#define VPN_ORD1 FX_VPN(8) /* 2-page aligned */
#define VPN_NOVA FX_VPN(10)

static void check_aliasing(uint64_t pa)
{
    volatile uint64_t *a = FX_VA(VPN_RW_A), *b = FX_VA(VPN_RW_B), *r = FX_VA(VPN_R);

    enum nova_status rw_a = fixture_map(pa, VPN_RW_A, PERM_MEM_R | PERM_MEM_W);
    enum nova_status rw_b = fixture_map(pa, VPN_RW_B, PERM_MEM_R | PERM_MEM_W);
    enum nova_status ro = fixture_map(pa, VPN_R, PERM_MEM_R);

    check_status("ctrl_pd.hst_to_hst.nova_page_rw_succeeds", STATUS_SUCCESS, rw_a);
    check_status("ctrl_pd.hst_to_hst.same_page_at_second_hva_succeeds", STATUS_SUCCESS, rw_b);
    check_status("ctrl_pd.hst_to_hst.nova_page_read_only_succeeds", STATUS_SUCCESS, ro);
    if (rw_a != STATUS_SUCCESS || rw_b != STATUS_SUCCESS || ro != STATUS_SUCCESS)
        return; /* reading an unmapped page would end the root task */
    a[0] = MARK_A;
    check_value("ctrl_pd.hst_to_hst.write_at_one_hva_reads_at_the_other", MARK_A, b[0]);
    check_value("ctrl_pd.hst_to_hst.mapping_aliases_the_root_elf_page", MARK_A, fx_probe_page[0]);
    fx_probe_page[1] = MARK_B;
    check_value("ctrl_pd.hst_to_hst.read_only_mapping_reads_the_page", MARK_B, r[1]);

    /* From the root host space (not NOVA): the page and its attributes are
     * inherited, mad is ignored, even a reserved encoding (spec 5.4.1). */
    enum nova_status copy =
        nova_ctrl_pd(FX_ROOT_HST, FX_ROOT_HST, VPN_RW_A, VPN_COPY, 0, PERM_MEM_R, 4);
    check_status("ctrl_pd.hst_to_hst.mad_ignored_unless_nova_source", STATUS_SUCCESS, copy);
    if (copy == STATUS_SUCCESS)
        check_value("ctrl_pd.hst_to_hst.root_hst_copy_reads_the_page", MARK_A, FX_VA(VPN_COPY)[0]);
}

/* spec 6.3, docs/abi-choices.md: kernel-owned pages stay where they are. */
static void check_kernel_pages(uint64_t pa, const struct nova_hip *hip)
{
    volatile uint64_t *utcb = (volatile uint64_t *)(uintptr_t)NOVA_UTCB_HVA;

    check_status("ctrl_pd.hst_to_hst.over_hip_succeeds", STATUS_SUCCESS,
                 fixture_map(pa, HIP_VPN, PERM_MEM_R));
    check_value("ctrl_pd.hst_to_hst.over_hip_leaves_the_hip", HIP_SIGNATURE, hip->signature);
    utcb[510] = MARK_UTCB;
    check_status("ctrl_pd.hst_to_hst.over_utcb_succeeds", STATUS_SUCCESS,
                 fixture_map(pa, UTCB_VPN, PERM_MEM_R | PERM_MEM_W));
    check_value("ctrl_pd.hst_to_hst.over_utcb_leaves_the_utcb", MARK_UTCB, utcb[510]);

    check_status("ctrl_pd.hst_to_hst.hip_as_source_succeeds", STATUS_SUCCESS,
                 nova_ctrl_pd(FX_ROOT_HST, FX_ROOT_HST, HIP_VPN, VPN_HIP_COPY, 0, PERM_MEM_R, 0));
    check_status("ctrl_pd.hst_to_hst.protected_nova_page_as_source_succeeds", STATUS_SUCCESS,
                 fixture_map(hip->nova_start & ~UINT64_C(0xfff), VPN_NOVA, PERM_MEM_R));
    check_skip("ctrl_pd.hst_to_hst.hip_and_protected_sources_give_null",
               "an absent page is seen only by touching it, and that fault ends the root task "
               "until the root task installs an exception portal for itself");
}

/* An order-1 block from the NOVA host space: two pages of the root ELF's
 * text, starting at the first even page number, compared with the pages
 * the kernel mapped at boot (offsets in the ELF equal offsets in memory). */
static void check_order(const struct nova_hip *hip)
{
    uint64_t ppn = ((hip->root_start >> 12) + 1) & ~UINT64_C(1);
    const uint8_t *orig = __ehdr_start + ((ppn << 12) - hip->root_start);
    enum nova_status s =
        nova_ctrl_pd(FX_NOVA_HST, FX_ROOT_HST, ppn, VPN_ORD1, 1, PERM_MEM_R, RT_MAD_MEMORY);

    check_status("ctrl_pd.hst_to_hst.nova_ord_1_succeeds", STATUS_SUCCESS, s);
    if (s != STATUS_SUCCESS)
        return;
    check_value("ctrl_pd.hst_to_hst.nova_ord_1_first_page", *(const volatile uint64_t *)orig,
                FX_VA(VPN_ORD1)[0]);
    check_value("ctrl_pd.hst_to_hst.nova_ord_1_second_page",
                *(const volatile uint64_t *)(orig + 4096), FX_VA(VPN_ORD1 + 1)[0]);
}

void check_ctrl_pd_hst(const struct nova_hip *hip)
{
    uint64_t pa = fixture_phys(fx_probe_page);

    check_true("ctrl_pd.hst_to_hst.probe_page_found", pa && !(pa & 0xfff),
               "a page-aligned physical address");
    if (!pa)
        return;
    check_aliasing(pa);
    check_kernel_pages(pa, hip);
    check_order(hip);
}
