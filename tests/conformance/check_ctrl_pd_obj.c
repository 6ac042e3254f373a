/* spec 5.4.1 ctrl_pd: the status of every parameter error, and delegation
 * between object spaces. Host spaces: check_ctrl_pd_hst.c. */
#include "conformance.h"
#include "fixture.h"

#define SELNUM NOVA_SELNUM
#define HST_PAGES (NOVA_HVA_END >> 12) /* host-virtual page numbers: 2^27 */
#define BEYOND_PA (UINT64_C(1) << 40)  /* page number of 2^52: beyond any Arm PA range */
#define MAD_CA4 4u                     /* reserved CA encoding (spec 7.7.5) */
#define MAD_SH1 MAD(MAD_CA_MEM_WB, 1u) /* reserved SH encoding */

struct ctrl_pd_case {
    const char *name;
    uint64_t src, dst, ssb, dsb;
    unsigned ord, pmm;
    uint32_t mad;
    enum nova_status expect;
};

#define S FX_SCRATCH
#define ROOT SEL_ROOT_OBJ
#define VPN FX_VPN(1)  /* never mapped */
#define VPN2 FX_VPN(2) /* never mapped */

static const struct ctrl_pd_case cases[] = {
    /* BAD_CAP: src or dst is not a space with TAKE / GRANT */
    {"ctrl_pd.src_null_is_bad_cap", FX_NULL, ROOT, FX_NULL, S, 0, PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.dst_null_is_bad_cap", ROOT, FX_NULL, FX_NULL, S, 0, PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.src_beyond_selnum_is_bad_cap", SELNUM, ROOT, FX_NULL, S, 0, PMM_ALL, 0,
     STATUS_BAD_CAP},
    {"ctrl_pd.dst_beyond_selnum_is_bad_cap", ROOT, UINT64_C(1) << 40, FX_NULL, S, 0, PMM_ALL, 0,
     STATUS_BAD_CAP},
    {"ctrl_pd.obj_to_obj.src_without_take_is_bad_cap", FX_ROOT_OBJ_GRANT, ROOT, FX_NULL, S, 0,
     PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.obj_to_obj.dst_without_grant_is_bad_cap", ROOT, FX_ROOT_OBJ_TAKE, FX_NULL, S, 0,
     PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.obj_to_obj.dst_nova_obj_take_only_is_bad_cap", ROOT, SEL_ROOT_NOVA_OBJ, FX_NULL, S, 0,
     PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.hst_to_hst.src_without_take_is_bad_cap", FX_ROOT_HST_GRANT, FX_ROOT_HST, VPN, VPN, 0,
     PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.hst_to_hst.dst_without_grant_is_bad_cap", FX_NOVA_HST, FX_ROOT_HST_TAKE, 0, VPN, 0,
     PMM_ALL, RT_MAD_MEMORY, STATUS_BAD_CAP},
    {"ctrl_pd.hst_to_hst.dst_nova_hst_take_only_is_bad_cap", FX_ROOT_HST, FX_NOVA_HST, VPN, 0, 0,
     PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.obj_to_hst_is_bad_cap", ROOT, FX_ROOT_HST, FX_NULL, VPN, 0, PMM_ALL, 0,
     STATUS_BAD_CAP},
    {"ctrl_pd.hst_to_obj_is_bad_cap", FX_ROOT_HST, ROOT, VPN, S, 0, PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.src_pd_cap_is_bad_cap", SEL_ROOT_PD, ROOT, FX_NULL, S, 0, PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.src_ec_cap_is_bad_cap", SEL_ROOT_EC, ROOT, FX_NULL, S, 0, PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.dst_sc_cap_is_bad_cap", ROOT, SEL_ROOT_SC, FX_NULL, S, 0, PMM_ALL, 0, STATUS_BAD_CAP},
    {"ctrl_pd.dst_pd_cap_is_bad_cap", ROOT, SEL_ROOT_PD, FX_NULL, S, 0, PMM_ALL, 0, STATUS_BAD_CAP},

    /* BAD_PAR: selector bases not order-aligned */
    {"ctrl_pd.obj_to_obj.ssb_misaligned_ord1_is_bad_par", ROOT, ROOT, 1, S, 1, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.obj_to_obj.ssb_misaligned_ord4_is_bad_par", ROOT, ROOT, 0x8, S, 4, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.obj_to_obj.dsb_misaligned_ord1_is_bad_par", ROOT, ROOT, 0, S + 1, 1, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.obj_to_obj.dsb_misaligned_ord5_is_bad_par", ROOT, ROOT, 0, S + 0x10, 5, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.obj_to_obj.dsb_misaligned_ord8_is_bad_par", ROOT, ROOT, 0, S, 8, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.hst_to_hst.ssb_misaligned_ord3_is_bad_par", FX_NOVA_HST, FX_ROOT_HST, 4, VPN, 3,
     PMM_ALL, RT_MAD_MEMORY, STATUS_BAD_PAR},
    {"ctrl_pd.hst_to_hst.dsb_misaligned_ord9_is_bad_par", FX_NOVA_HST, FX_ROOT_HST, 0, VPN2 + 2, 9,
     PMM_ALL, RT_MAD_MEMORY, STATUS_BAD_PAR},

    /* BAD_PAR: ssb + 2^ord - 1 or dsb + 2^ord - 1 beyond the last selector */
    {"ctrl_pd.obj_to_obj.ssb_at_selnum_is_bad_par", ROOT, ROOT, SELNUM, S, 0, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.obj_to_obj.dsb_at_selnum_is_bad_par", ROOT, ROOT, FX_NULL, SELNUM, 0, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.obj_to_obj.ord_above_selnum_is_bad_par", ROOT, ROOT, 0, 0, 19, PMM_ALL, 0,
     STATUS_BAD_PAR},
    {"ctrl_pd.hst_to_hst.dsb_at_2_27_pages_is_bad_par", FX_ROOT_HST, FX_ROOT_HST, VPN, HST_PAGES, 0,
     PMM_ALL, 0, STATUS_BAD_PAR},
    {"ctrl_pd.hst_to_hst.ssb_at_2_27_pages_is_bad_par", FX_ROOT_HST, FX_ROOT_HST, HST_PAGES, VPN, 0,
     PMM_ALL, 0, STATUS_BAD_PAR},
    {"ctrl_pd.hst_to_hst.ord_28_beyond_hva_range_is_bad_par", FX_ROOT_HST, FX_ROOT_HST, 0, 0, 28,
     PMM_ALL, 0, STATUS_BAD_PAR},
    {"ctrl_pd.hst_to_hst.nova_ssb_beyond_pa_range_is_bad_par", FX_NOVA_HST, FX_ROOT_HST, BEYOND_PA,
     VPN, 0, PMM_ALL, RT_MAD_MEMORY, STATUS_BAD_PAR},

    /* BAD_PAR: reserved MAD encodings from the NOVA host space (docs/abi-choices.md) */
    {"ctrl_pd.hst_to_hst.nova_mad_ca_4_is_bad_par", FX_NOVA_HST, FX_ROOT_HST, 0, VPN, 0, PMM_ALL,
     MAD_CA4, STATUS_BAD_PAR},
    {"ctrl_pd.hst_to_hst.nova_mad_sh_1_is_bad_par", FX_NOVA_HST, FX_ROOT_HST, 0, VPN, 0, PMM_ALL,
     MAD_SH1, STATUS_BAD_PAR},

    /* SUCCESS: null capabilities delegate (the destination becomes null) */
    {"ctrl_pd.obj_to_obj.null_source_succeeds", ROOT, ROOT, FX_NULL, S, 0, PMM_ALL, 0,
     STATUS_SUCCESS},
    {"ctrl_pd.obj_to_obj.last_selector_in_place_succeeds", ROOT, ROOT, SELNUM - 1, SELNUM - 1, 0,
     PMM_ALL, 0, STATUS_SUCCESS},
    {"ctrl_pd.hst_to_hst.unmapped_source_succeeds", FX_ROOT_HST, FX_ROOT_HST, VPN, VPN2, 0, PMM_ALL,
     0, STATUS_SUCCESS},
};

#undef S
#undef ROOT
#undef VPN
#undef VPN2

static void check_cases(void)
{
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct ctrl_pd_case *c = &cases[i];
        check_status(c->name, c->expect,
                     nova_ctrl_pd(c->src, c->dst, c->ssb, c->dsb, c->ord, c->pmm, c->mad));
    }
}

/* Permission masking (spec 5.4.1), observed through later uses of the copy. */
static void check_masking(void)
{
    const uint64_t s = FX_SCRATCH;

    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_OBJ, s, 0, PERM_SPACE_GRANT, 0);
    check_status("ctrl_pd.obj_to_obj.grant_only_copy_is_no_source", STATUS_BAD_CAP,
                 nova_ctrl_pd(s, SEL_ROOT_OBJ, FX_NULL, s + 1, 0, PMM_ALL, 0));
    check_status("ctrl_pd.obj_to_obj.grant_only_copy_is_a_destination", STATUS_SUCCESS,
                 nova_ctrl_pd(SEL_ROOT_OBJ, s, FX_NULL, s + 1, 0, PMM_ALL, 0));
    check_true("ctrl_pd.obj_to_obj.zero_pmm_gives_null",
               nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, s, 0, 0, 0) ==
                       STATUS_SUCCESS &&
                   fixture_is_null(s),
               "a null capability");
    check_true("ctrl_pd.obj_to_obj.undefined_bits_only_gives_null",
               nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_SC, s, 0, 0x1e, 0) ==
                       STATUS_SUCCESS &&
                   fixture_is_null(s),
               "a null capability (SC defines CTRL only)");

    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, s, 0, PMM_ALL, 0);
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, FX_NULL, s, 0, PMM_ALL, 0);
    check_true("ctrl_pd.obj_to_obj.null_source_revokes_destination", fixture_is_null(s),
               "a null capability");

    /* An order-3 block: eight selectors, each delegated in place. */
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, s + 8 + 5, 0, PMM_ALL, 0);
    check_status("ctrl_pd.obj_to_obj.ord_3_succeeds", STATUS_SUCCESS,
                 nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, s + 8, s + 16, 3, PMM_ALL, 0));
    check_true("ctrl_pd.obj_to_obj.ord_3_keeps_offsets",
               !fixture_is_null(s + 16 + 5) && fixture_is_null(s + 16 + 4),
               "the capability at offset 5 only");
    for (unsigned i = 0; i < 24; i++)
        fixture_revoke(s + i);
}

void check_ctrl_pd_obj(void)
{
    check_cases();
    check_masking();
}
