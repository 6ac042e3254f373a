/* spec 5.4.1 ctrl_pd into guest spaces (spec 2.1.3, 5.3.1 OP=3), with
 * libnova's choices (docs/abi-choices.md): G = H = 39, a guest space holds
 * GRANT and ASSIGN (never TAKE), host space -> guest space only. What a
 * guest then reads is checked by tests/vm, which runs one. */
#include "conformance.h"
#include "fixture.h"

#define GST (FX_SCRATCH + 0x30)        /* a guest space of the root PD */
#define GST_ASSIGN (FX_SCRATCH + 0x31) /* the same, ASSIGN only */
#define GPN 0x40000u                   /* guest page 0x40000000 */
#define RW (PERM_MEM_R | PERM_MEM_W)

void check_ctrl_pd_gst(void)
{
    uint64_t vpn = (uintptr_t)fx_probe_page >> 12;
    enum nova_status s = nova_create_pd(GST, CREATE_PD_OP_GST, SEL_ROOT_PD);
    check_status("ctrl_pd.gst.create_guest_space", STATUS_SUCCESS, s);
    if (s != STATUS_SUCCESS)
        return;
    check_value("ctrl_pd.gst.guest_space_perms_grant_assign", PERM_SPACE_GRANT | PERM_SPACE_ASSIGN,
                fixture_perms(SEL_ROOT_OBJ, GST));
    check_status("ctrl_pd.gst.second_guest_space_of_a_pd_succeeds", STATUS_SUCCESS,
                 nova_create_pd(GST_ASSIGN, CREATE_PD_OP_GST, SEL_ROOT_PD));
    fixture_revoke(GST_ASSIGN);
    check_status("ctrl_pd.gst.host_to_guest_succeeds", STATUS_SUCCESS,
                 nova_ctrl_pd(FX_ROOT_HST, GST, vpn, GPN, 0, RW, 0));
    check_status("ctrl_pd.gst.nova_host_to_guest_succeeds", STATUS_SUCCESS,
                 nova_ctrl_pd(FX_NOVA_HST, GST, fixture_phys(fx_probe_page) >> 12, GPN + 1, 0, RW,
                              MAD(MAD_CA_MEM_WB, MAD_SH_INNER)));
    check_status("ctrl_pd.gst.guest_as_source_is_bad_cap", STATUS_BAD_CAP,
                 nova_ctrl_pd(GST, FX_ROOT_HST, GPN, FX_VPN(12), 0, RW, 0));
    check_status("ctrl_pd.gst.object_space_to_guest_is_bad_cap", STATUS_BAD_CAP,
                 nova_ctrl_pd(SEL_ROOT_OBJ, GST, FX_NULL, GPN, 0, RW, 0));
    check_status("ctrl_pd.gst.beyond_2_39_is_bad_par", STATUS_BAD_PAR,
                 nova_ctrl_pd(FX_ROOT_HST, GST, vpn, NOVA_HVA_END >> 12, 0, RW, 0));
    check_status("ctrl_pd.gst.unaligned_for_order_is_bad_par", STATUS_BAD_PAR,
                 nova_ctrl_pd(FX_ROOT_HST, GST, vpn & ~1ull, GPN + 1, 1, RW, 0));
    check_status(
        "ctrl_pd.gst.copy_with_assign_only", STATUS_SUCCESS,
        nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, GST, GST_ASSIGN, 0, PERM_SPACE_ASSIGN, 0));
    check_status("ctrl_pd.gst.destination_without_grant_is_bad_cap", STATUS_BAD_CAP,
                 nova_ctrl_pd(FX_ROOT_HST, GST_ASSIGN, vpn, GPN, 0, RW, 0));
    fixture_revoke(GST_ASSIGN);
    fixture_revoke(GST);
    check_value("ctrl_pd.gst.revoked", 1, fixture_is_null(GST));
}
