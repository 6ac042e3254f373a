/* spec 5.4.5 ctrl_sm on semaphores made by check_create_sm.c (counter 0
 * and counter UINT64_MAX). */
#include "conformance.h"
#include "objects.h"

#define UP 0u
#define DN CTRL_SM_DOWN
#define DN_ZERO (CTRL_SM_DOWN | CTRL_SM_ZERO)
#define STC_PAST 1u /* an absolute timeout that has passed */

struct ctrl_sm_case {
    const char *name;
    uint64_t sm;
    unsigned flags;
    uint64_t stc;
    enum nova_status expect;
};

/* In order: the counter of O_SM is 0 before and after the list. */
static const struct ctrl_sm_case cases[] = {
    {"ctrl_sm.up.sm_null_is_bad_cap", FX_NULL, UP, 0, STATUS_BAD_CAP},
    {"ctrl_sm.down.sm_is_pd_cap_is_bad_cap", SEL_ROOT_PD, DN, 0, STATUS_BAD_CAP},
    {"ctrl_sm.up.without_ctrl_up_is_bad_cap", O_SM_DN_ONLY, UP, 0, STATUS_BAD_CAP},
    {"ctrl_sm.down.without_ctrl_dn_is_bad_cap", O_SM_UP_ONLY, DN, 0, STATUS_BAD_CAP},
    {"ctrl_sm.up.succeeds", O_SM_UP_ONLY, UP, 0, STATUS_SUCCESS},
    {"ctrl_sm.down.counter_1_succeeds", O_SM_DN_ONLY, DN, 0, STATUS_SUCCESS},
    {"ctrl_sm.down.counter_0_times_out", O_SM, DN, STC_PAST, STATUS_TIMEOUT},
    {"ctrl_sm.up.twice_succeeds", O_SM, UP, 0, STATUS_SUCCESS},
    {"ctrl_sm.up.twice_succeeds_again", O_SM, UP, 0, STATUS_SUCCESS},
    {"ctrl_sm.down_zero.counter_2_succeeds", O_SM, DN_ZERO, 0, STATUS_SUCCESS},
    {"ctrl_sm.down.after_zero_times_out", O_SM, DN, STC_PAST, STATUS_TIMEOUT},
    {"ctrl_sm.up.counter_max_is_ovrflow", O_SM_MAX, UP, 0, STATUS_OVRFLOW},
};

void check_ctrl_sm(void)
{
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_SM, O_SM_UP_ONLY, 0, PERM_SM_CTRL_UP, 0);
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, O_SM, O_SM_DN_ONLY, 0, PERM_SM_CTRL_DN, 0);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct ctrl_sm_case *c = &cases[i];
        check_status(c->name, c->expect, nova_ctrl_sm(c->sm, c->flags, c->stc));
    }
}
