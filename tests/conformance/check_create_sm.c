/* spec 5.3.5 create_sm */
#include "conformance.h"
#include "objects.h"

struct create_sm_case {
    const char *name;
    uint64_t sel, pd, cnt;
    enum nova_status expect;
};

static const struct create_sm_case cases[] = {
    {"create_sm.sel_not_null_is_bad_cap", SEL_ROOT_PD, SEL_ROOT_PD, 0, STATUS_BAD_CAP},
    {"create_sm.pd_null_is_bad_cap", FX_SCRATCH, FX_NULL, 0, STATUS_BAD_CAP},
    {"create_sm.pd_is_sc_cap_is_bad_cap", FX_SCRATCH, SEL_ROOT_SC, 0, STATUS_BAD_CAP},
    {"create_sm.pd_without_perm_sm_is_bad_cap", FX_SCRATCH, FX_PD_WITHOUT(4), 0, STATUS_BAD_CAP},
    {"create_sm.with_perm_sm_only_succeeds", O_SM, FX_PD_ONLY(4), 0, STATUS_SUCCESS},
    {"create_sm.counter_max_succeeds", O_SM_MAX, SEL_ROOT_PD, UINT64_MAX, STATUS_SUCCESS},
};

void check_create_sm(void)
{
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct create_sm_case *c = &cases[i];
        check_status(c->name, c->expect, nova_create_sm(c->sel, c->pd, c->cnt));
        if (c->sel == FX_SCRATCH)
            fixture_revoke(FX_SCRATCH);
    }
    /* ASSIGN is defined for interrupt semaphores only (spec 4.1.2.11). */
    check_value("create_sm.perms_up_dn", PERM_SM_CTRL_UP | PERM_SM_CTRL_DN,
                fixture_perms(SEL_ROOT_OBJ, O_SM));
}
