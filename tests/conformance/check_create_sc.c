/* spec 5.3.3 create_sc and 4.5 (SCD). libnova's choices: COS is not
 * supported on Arm (spec 7.5), so it must be 0; an EC takes one SC, a
 * second one is ABORTED. */
#include "conformance.h"
#include "objects.h"

struct create_sc_case {
    const char *name;
    uint64_t sel, pd, ec, scd;
    enum nova_status expect;
};

#define S FX_SCRATCH
#define OK_SCD SCD(10, 1, 0)

static const struct create_sc_case cases[] = {
    {"create_sc.sel_not_null_is_bad_cap", SEL_ROOT_PD, SEL_ROOT_PD, O_EC_GLOBAL, OK_SCD,
     STATUS_BAD_CAP},
    {"create_sc.pd_null_is_bad_cap", S, FX_NULL, O_EC_GLOBAL, OK_SCD, STATUS_BAD_CAP},
    {"create_sc.pd_is_ec_cap_is_bad_cap", S, O_EC_GLOBAL, O_EC_GLOBAL, OK_SCD, STATUS_BAD_CAP},
    {"create_sc.pd_without_perm_sc_is_bad_cap", S, FX_PD_WITHOUT(2), O_EC_GLOBAL, OK_SCD,
     STATUS_BAD_CAP},
    {"create_sc.ec_null_is_bad_cap", S, SEL_ROOT_PD, FX_NULL, OK_SCD, STATUS_BAD_CAP},
    {"create_sc.ec_is_pd_cap_is_bad_cap", S, SEL_ROOT_PD, SEL_ROOT_PD, OK_SCD, STATUS_BAD_CAP},
    {"create_sc.ec_without_bindsc_is_bad_cap", S, SEL_ROOT_PD, O_EC_GLOBAL_NO_BINDSC, OK_SCD,
     STATUS_BAD_CAP},
    {"create_sc.ec_local_is_bad_cap", S, SEL_ROOT_PD, O_EC_LOCAL, OK_SCD, STATUS_BAD_CAP},
    {"create_sc.budget_0_is_bad_par", S, SEL_ROOT_PD, O_EC_GLOBAL, SCD(0, 1, 0), STATUS_BAD_PAR},
    {"create_sc.prio_0_is_bad_par", S, SEL_ROOT_PD, O_EC_GLOBAL, SCD(10, 0, 0), STATUS_BAD_PAR},
    {"create_sc.cos_1_is_bad_par_on_arm", S, SEL_ROOT_PD, O_EC_GLOBAL, SCD(10, 1, 1),
     STATUS_BAD_PAR},
    {"create_sc.succeeds", O_SC, SEL_ROOT_PD, O_EC_GLOBAL, OK_SCD, STATUS_SUCCESS},
    {"create_sc.second_sc_same_ec_is_aborted", S, SEL_ROOT_PD, O_EC_GLOBAL, OK_SCD, STATUS_ABORTED},
    {"create_sc.perm_sc_only_ec_bindsc_only_succeeds", O_SC_PD1, FX_PD_ONLY(2),
     O_EC_PD1_BINDSC_ONLY, SCD(1, 1, 0), STATUS_SUCCESS},
};

#undef S
#undef OK_SCD

void check_create_sc(void)
{
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_EC_GLOBAL, O_EC_GLOBAL_NO_BINDSC, 0,
                 PMM_ALL & ~PERM_EC_BIND_SC, 0);
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_EC_PD1, O_EC_PD1_BINDSC_ONLY, 0, PERM_EC_BIND_SC, 0);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct create_sc_case *c = &cases[i];
        check_status(c->name, c->expect, nova_create_sc(c->sel, c->pd, c->ec, c->scd));
        if (c->sel == FX_SCRATCH)
            fixture_revoke(FX_SCRATCH);
    }
    check_value("create_sc.perms_ctrl", PERM_SC_CTRL, fixture_perms(SEL_ROOT_OBJ, O_SC));
}
