/* spec 5.3.4 create_pt and 5.4.4 ctrl_pt. Portals bind to local ECs only. */
#include "conformance.h"
#include "objects.h"

struct create_pt_case {
    const char *name;
    uint64_t sel, pd, ec;
    enum nova_status expect;
};

#define S FX_SCRATCH

static const struct create_pt_case create_cases[] = {
    {"create_pt.sel_not_null_is_bad_cap", SEL_ROOT_PD, SEL_ROOT_PD, O_EC_LOCAL, STATUS_BAD_CAP},
    {"create_pt.pd_null_is_bad_cap", S, FX_NULL, O_EC_LOCAL, STATUS_BAD_CAP},
    {"create_pt.pd_is_ec_cap_is_bad_cap", S, O_EC_LOCAL, O_EC_LOCAL, STATUS_BAD_CAP},
    {"create_pt.pd_without_perm_pt_is_bad_cap", S, FX_PD_WITHOUT(3), O_EC_LOCAL, STATUS_BAD_CAP},
    {"create_pt.ec_null_is_bad_cap", S, SEL_ROOT_PD, FX_NULL, STATUS_BAD_CAP},
    {"create_pt.ec_is_pd_cap_is_bad_cap", S, SEL_ROOT_PD, SEL_ROOT_PD, STATUS_BAD_CAP},
    {"create_pt.ec_without_bindpt_is_bad_cap", S, SEL_ROOT_PD, O_EC_LOCAL_NO_BINDPT,
     STATUS_BAD_CAP},
    {"create_pt.ec_global_is_bad_cap", S, SEL_ROOT_PD, O_EC_GLOBAL, STATUS_BAD_CAP},
    {"create_pt.with_perm_pt_only_succeeds", O_PT, FX_PD_ONLY(3), O_EC_LOCAL, STATUS_SUCCESS},
    {"create_pt.second_portal_same_ec_succeeds", O_PT2, SEL_ROOT_PD, O_EC_LOCAL, STATUS_SUCCESS},
};

struct ctrl_pt_case {
    const char *name;
    uint64_t pt;
    enum nova_status expect;
};

static const struct ctrl_pt_case ctrl_cases[] = {
    {"ctrl_pt.pt_null_is_bad_cap", FX_NULL, STATUS_BAD_CAP},
    {"ctrl_pt.pt_is_sm_cap_is_bad_cap", O_SM, STATUS_BAD_CAP},
    {"ctrl_pt.pt_is_ec_cap_is_bad_cap", O_EC_LOCAL, STATUS_BAD_CAP},
    {"ctrl_pt.pt_without_ctrl_is_bad_cap", O_PT_NO_CTRL, STATUS_BAD_CAP},
    {"ctrl_pt.succeeds", O_PT, STATUS_SUCCESS},
    {"ctrl_pt.with_ctrl_only_succeeds", O_PT_CTRL_ONLY, STATUS_SUCCESS},
};

#undef S

void check_create_pt(void)
{
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_EC_LOCAL, O_EC_LOCAL_NO_BINDPT, 0,
                 PMM_ALL & ~PERM_EC_BIND_PT, 0);
    for (unsigned i = 0; i < sizeof(create_cases) / sizeof(create_cases[0]); i++) {
        const struct create_pt_case *c = &create_cases[i];
        check_status(c->name, c->expect, nova_create_pt(c->sel, c->pd, c->ec, 0x10000000));
        if (c->sel == FX_SCRATCH)
            fixture_revoke(FX_SCRATCH);
    }
    check_value("create_pt.perms_ctrl_call_event", PERM_PT_CTRL | PERM_PT_CALL | PERM_PT_EVENT,
                fixture_perms(SEL_ROOT_OBJ, O_PT));

    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_PT, O_PT_NO_CTRL, 0, PERM_PT_CALL | PERM_PT_EVENT,
                 0);
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_PT, O_PT_CTRL_ONLY, 0, PERM_PT_CTRL, 0);
    for (unsigned i = 0; i < sizeof(ctrl_cases) / sizeof(ctrl_cases[0]); i++)
        check_status(ctrl_cases[i].name, ctrl_cases[i].expect,
                     nova_ctrl_pt(ctrl_cases[i].pt, 0x1234, 0x1ff));
}
