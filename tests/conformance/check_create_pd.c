/* spec 5.3.1 create_pd, with libnova's choices (docs/abi-choices.md): DMA
 * spaces come with the SMMU, PIO and MSR spaces do not exist on Arm:
 * BAD_FTR. A PD may have any number of guest spaces. */
#include "conformance.h"
#include "objects.h"

struct create_pd_case {
    const char *name;
    uint64_t sel;
    unsigned op;
    uint64_t pd;
    enum nova_status expect;
};

#define S FX_SCRATCH
#define ROOT_PD SEL_ROOT_PD

static const struct create_pd_case cases[] = {
    {"create_pd.sel_not_null_is_bad_cap", SEL_ROOT_EC, CREATE_PD_OP_PD, ROOT_PD, STATUS_BAD_CAP},
    {"create_pd.sel_beyond_selnum_is_bad_cap", NOVA_SELNUM, CREATE_PD_OP_PD, ROOT_PD,
     STATUS_BAD_CAP},
    {"create_pd.pd_null_is_bad_cap", S, CREATE_PD_OP_PD, FX_NULL, STATUS_BAD_CAP},
    {"create_pd.pd_is_ec_cap_is_bad_cap", S, CREATE_PD_OP_PD, SEL_ROOT_EC, STATUS_BAD_CAP},
    {"create_pd.pd_is_obj_space_cap_is_bad_cap", S, CREATE_PD_OP_PD, SEL_ROOT_OBJ, STATUS_BAD_CAP},
    {"create_pd.pd_without_perm_pd_is_bad_cap", S, CREATE_PD_OP_PD, FX_PD_WITHOUT(0),
     STATUS_BAD_CAP},
    {"create_pd.obj.pd_without_perm_pd_is_bad_cap", S, CREATE_PD_OP_OBJ, FX_PD_WITHOUT(0),
     STATUS_BAD_CAP},
    {"create_pd.hst.pd_without_perm_pd_is_bad_cap", S, CREATE_PD_OP_HST, FX_PD_WITHOUT(0),
     STATUS_BAD_CAP},
    {"create_pd.op_7_is_bad_par", S, 7, ROOT_PD, STATUS_BAD_PAR},
    {"create_pd.op_8_is_bad_par", S, 8, ROOT_PD, STATUS_BAD_PAR},
    {"create_pd.op_15_is_bad_par", S, 15, ROOT_PD, STATUS_BAD_PAR},
    {"create_pd.gst.pd_without_perm_pd_is_bad_cap", S, CREATE_PD_OP_GST, FX_PD_WITHOUT(0),
     STATUS_BAD_CAP},
    {"create_pd.gst.succeeds", S, CREATE_PD_OP_GST, ROOT_PD, STATUS_SUCCESS},
    {"create_pd.dma_is_bad_ftr", S, CREATE_PD_OP_DMA, ROOT_PD, STATUS_BAD_FTR},
    {"create_pd.pio_is_bad_ftr_on_arm", S, CREATE_PD_OP_PIO, ROOT_PD, STATUS_BAD_FTR},
    {"create_pd.msr_is_bad_ftr_on_arm", S, CREATE_PD_OP_MSR, ROOT_PD, STATUS_BAD_FTR},
    {"create_pd.obj.root_pd_has_one_is_aborted", S, CREATE_PD_OP_OBJ, ROOT_PD, STATUS_ABORTED},
    {"create_pd.hst.root_pd_has_one_is_aborted", S, CREATE_PD_OP_HST, ROOT_PD, STATUS_ABORTED},

    {"create_pd.pd.succeeds", O_PD1, CREATE_PD_OP_PD, ROOT_PD, STATUS_SUCCESS},
    {"create_pd.pd.with_perm_pd_only_succeeds", O_PD3, CREATE_PD_OP_PD, FX_PD_ONLY(0),
     STATUS_SUCCESS},
    {"create_pd.obj.succeeds", O_PD1_OBJ, CREATE_PD_OP_OBJ, O_PD1, STATUS_SUCCESS},
    {"create_pd.obj.second_is_aborted", S, CREATE_PD_OP_OBJ, O_PD1, STATUS_ABORTED},
    {"create_pd.hst.succeeds", O_PD1_HST, CREATE_PD_OP_HST, O_PD1, STATUS_SUCCESS},
    {"create_pd.hst.second_is_aborted", S, CREATE_PD_OP_HST, O_PD1, STATUS_ABORTED},
    {"create_pd.pd.second_pd_succeeds", O_PD2, CREATE_PD_OP_PD, ROOT_PD, STATUS_SUCCESS},
    {"create_pd.obj.with_perm_pd_only_succeeds", O_PD2_OBJ, CREATE_PD_OP_OBJ, O_PD2_PD_ONLY,
     STATUS_SUCCESS},
    {"create_pd.pd.third_pd_succeeds", O_PD4, CREATE_PD_OP_PD, ROOT_PD, STATUS_SUCCESS},
};

#undef S
#undef ROOT_PD

struct perms_case {
    const char *name;
    uint64_t sel;
    unsigned perms;
};

static const struct perms_case perms[] = {
    {"create_pd.pd.perms_inherited_all", O_PD1, 0x1f},
    {"create_pd.pd.perms_inherited_pd_only", O_PD3, PERM_PD_PD},
    {"create_pd.obj.perms_all_defined", O_PD1_OBJ, PERM_SPACE_GRANT | PERM_SPACE_TAKE},
    {"create_pd.hst.perms_all_defined", O_PD1_HST, PERM_SPACE_GRANT | PERM_SPACE_TAKE},
};

#define MARK UINT64_C(0x6e65775f68737421)

/* The new spaces work as ctrl_pd source and destination. */
static void check_new_spaces(void)
{
    uint64_t pa = fixture_phys(fx_probe_page);

    check_status("create_pd.obj.new_space_is_a_destination", STATUS_SUCCESS,
                 nova_ctrl_pd(SEL_ROOT_OBJ, O_PD1_OBJ, SEL_ROOT_SC, 7, 0, PMM_ALL, 0));
    check_status("create_pd.obj.new_space_is_a_source", STATUS_SUCCESS,
                 nova_ctrl_pd(O_PD1_OBJ, SEL_ROOT_OBJ, 7, FX_SCRATCH, 0, PMM_ALL, 0));
    check_value("create_pd.obj.round_trip_keeps_the_capability", PERM_SC_CTRL,
                fixture_perms(SEL_ROOT_OBJ, FX_SCRATCH));
    fixture_revoke(FX_SCRATCH);

    fx_probe_page[2] = MARK;
    check_status(
        "create_pd.hst.new_space_is_a_destination", STATUS_SUCCESS,
        nova_ctrl_pd(FX_NOVA_HST, O_PD1_HST, pa >> 12, 0x1234, 0, PERM_MEM_R, RT_MAD_MEMORY));
    enum nova_status s = nova_ctrl_pd(O_PD1_HST, FX_ROOT_HST, 0x1234, FX_VPN(11), 0, PERM_MEM_R, 0);
    check_status("create_pd.hst.new_space_is_a_source", STATUS_SUCCESS, s);
    if (s == STATUS_SUCCESS)
        check_value("create_pd.hst.round_trip_maps_the_page", MARK, FX_VA(FX_VPN(11))[2]);
}

void check_create_pd(void)
{
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct create_pd_case *c = &cases[i];
        check_status(c->name, c->expect, nova_create_pd(c->sel, c->op, c->pd));
        if (c->sel == O_PD2)
            nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_PD2, O_PD2_PD_ONLY, 0, PERM_PD_PD, 0);
        if (c->sel == FX_SCRATCH)
            fixture_revoke(FX_SCRATCH);
    }
    for (unsigned i = 0; i < sizeof(perms) / sizeof(perms[0]); i++)
        check_value(perms[i].name, perms[i].perms, fixture_perms(SEL_ROOT_OBJ, perms[i].sel));
    check_new_spaces();
}
