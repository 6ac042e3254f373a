/* spec 5.4.3 ctrl_sc. */
#include "conformance.h"
#include "objects.h"

struct ctrl_sc_case {
    const char *name;
    uint64_t sc;
    enum nova_status expect;
};

static const struct ctrl_sc_case cases[] = {
    {"ctrl_sc.sc_null_is_bad_cap", FX_NULL, STATUS_BAD_CAP},
    {"ctrl_sc.sc_is_ec_cap_is_bad_cap", SEL_ROOT_EC, STATUS_BAD_CAP},
    {"ctrl_sc.sc_is_sm_cap_is_bad_cap", O_SM, STATUS_BAD_CAP},
    {"ctrl_sc.new_sc_succeeds", O_SC, STATUS_SUCCESS},
};

void check_ctrl_sc(void)
{
    uint64_t stc = 0;

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_status(cases[i].name, cases[i].expect, nova_ctrl_sc(cases[i].sc, &stc));
    check_status("ctrl_sc.root_sc_succeeds", STATUS_SUCCESS, nova_ctrl_sc(SEL_ROOT_SC, &stc));
    check_true("ctrl_sc.root_sc_has_consumed_time", stc != 0, "a non-zero STC value");
}
