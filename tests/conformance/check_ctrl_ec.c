/* spec 5.4.2 ctrl_ec on the ECs check_create_ec.c made. Weak recall only:
 * a strong one returns once the EC has entered the kernel, and these ECs
 * never run. */
#include "conformance.h"
#include "objects.h"

struct ctrl_ec_case {
    const char *name;
    uint64_t ec;
    enum nova_status expect;
};

static const struct ctrl_ec_case cases[] = {
    {"ctrl_ec.ec_null_is_bad_cap", FX_NULL, STATUS_BAD_CAP},
    {"ctrl_ec.ec_is_pd_cap_is_bad_cap", SEL_ROOT_PD, STATUS_BAD_CAP},
    {"ctrl_ec.without_ctrl_is_bad_cap", FX_SCRATCH, STATUS_BAD_CAP},
    {"ctrl_ec.weak_recall_succeeds", O_EC_LOCAL, STATUS_SUCCESS},
};

void check_ctrl_ec(void)
{
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_EC_LOCAL, FX_SCRATCH, 0, PMM_ALL & ~PERM_EC_CTRL, 0);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_status(cases[i].name, cases[i].expect, nova_ctrl_ec(cases[i].ec, 0));
    fixture_revoke(FX_SCRATCH);
}
