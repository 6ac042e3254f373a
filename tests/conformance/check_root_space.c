/* spec 6.2.3.1 (root object space) and 6.1.3.1 (NOVA object space): which
 * capabilities the root task starts with, and exactly which permissions
 * each carries (spec 4.1.2), probed one permission bit at a time. */
#include "conformance.h"
#include "fixture.h"

#define OBJ_PERMS (PERM_SPACE_GRANT | PERM_SPACE_TAKE)
#define PD_PERMS (PERM_PD_PD | PERM_PD_EC | PERM_PD_SC | PERM_PD_PT | PERM_PD_SM)
#define EC_PERMS (PERM_EC_CTRL | PERM_EC_BIND_PT | PERM_EC_BIND_SC)
#define SM_PERMS (PERM_SM_CTRL_UP | PERM_SM_CTRL_DN)

struct initial_cap {
    const char *name;
    uint64_t space; /* root object-space selector of the space that holds it */
    uint64_t sel;
    unsigned perms; /* 0: a null capability */
};

static const struct initial_cap initial_caps[] = {
    {"root_obj.selnum_1_nova_obj.perms_exactly_take", SEL_ROOT_OBJ, SEL_ROOT_NOVA_OBJ,
     PERM_SPACE_TAKE},
    {"root_obj.selnum_2_root_obj.perms_exactly_grant_take", SEL_ROOT_OBJ, SEL_ROOT_OBJ, OBJ_PERMS},
    {"root_obj.selnum_3_root_pd.perms_exactly_pd_ec_sc_pt_sm", SEL_ROOT_OBJ, SEL_ROOT_PD, PD_PERMS},
    {"root_obj.selnum_4_root_ec.perms_exactly_ctrl_bindpt_bindsc", SEL_ROOT_OBJ, SEL_ROOT_EC,
     EC_PERMS},
    {"root_obj.selnum_5_root_sc.perms_exactly_ctrl", SEL_ROOT_OBJ, SEL_ROOT_SC, PERM_SC_CTRL},
    {"nova_obj.selnum_1_console_sm.perms_exactly_up_dn", SEL_ROOT_NOVA_OBJ, SEL_NOVA_CONSOLE_SM,
     SM_PERMS},
    {"nova_obj.selnum_2_nova_obj.perms_exactly_take", SEL_ROOT_NOVA_OBJ, SEL_NOVA_OBJ,
     PERM_SPACE_TAKE},
    {"nova_obj.selnum_3_nova_hst.perms_exactly_take", SEL_ROOT_NOVA_OBJ, SEL_NOVA_HST,
     PERM_SPACE_TAKE},
    {"nova_obj.selnum_4_nova_pio.null_on_arm", SEL_ROOT_NOVA_OBJ, SEL_NOVA_PIO, 0},
    {"nova_obj.selnum_5_nova_msr.null_on_arm", SEL_ROOT_NOVA_OBJ, SEL_NOVA_MSR, 0},
    {"nova_obj.selnum_6_root_obj.perms_exactly_grant_take", SEL_ROOT_NOVA_OBJ, SEL_NOVA_ROOT_OBJ,
     OBJ_PERMS},
    {"nova_obj.selnum_7_root_hst.perms_exactly_grant_take", SEL_ROOT_NOVA_OBJ, SEL_NOVA_ROOT_HST,
     OBJ_PERMS},
    {"nova_obj.selnum_8_root_pio.null_on_arm", SEL_ROOT_NOVA_OBJ, SEL_NOVA_ROOT_PIO, 0},
    /* spec 6.1.3.1: idle SCs at 0..CPUNUM-1 */
    {"nova_obj.sel_0_idle_sc_bsp.perms_exactly_ctrl", SEL_ROOT_NOVA_OBJ, 0, PERM_SC_CTRL},
    /* spec 6.1.3.1: interrupt SMs from 2^16 */
    {"nova_obj.sel_2_16_interrupt_sm.perms_exactly_assign_dn", SEL_ROOT_NOVA_OBJ, SEL_NOVA_INT_BASE,
     PERM_SM_ASSIGN | PERM_SM_CTRL_DN},
};

/* Selectors the spec leaves null in the root object space at boot. */
static const struct {
    const char *name;
    uint64_t sel;
} null_sels[] = {
    {"root_obj.sel_0_is_null", 0},
    {"root_obj.sel_0xff_is_null", 0xff},
    {"root_obj.sel_2_16_is_null", 0x10000},
    {"root_obj.selnum_6_is_null", NOVA_SELNUM - 6},
    {"root_obj.selnum_8_is_null", NOVA_SELNUM - 8},
};

static const uint64_t root_sels[] = {SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, SEL_ROOT_EC,
                                     SEL_ROOT_SC};

void check_root_space(void)
{
    char name[80];

    for (unsigned i = 0; i < sizeof(null_sels) / sizeof(null_sels[0]); i++)
        check_true(null_sels[i].name, fixture_is_null(null_sels[i].sel), "a null capability");

    for (unsigned i = 0; i < sizeof(root_sels) / sizeof(root_sels[0]); i++) {
        rt_snprintf(name, sizeof(name), "root_obj.selnum_%u.take_succeeds", i + 1);
        check_status(
            name, STATUS_SUCCESS,
            nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, root_sels[i], FX_SCRATCH, 0, PMM_ALL, 0));
        fixture_revoke(FX_SCRATCH);
    }

    for (unsigned i = 0; i < sizeof(initial_caps) / sizeof(initial_caps[0]); i++) {
        const struct initial_cap *c = &initial_caps[i];
        check_value(c->name, c->perms, fixture_perms(c->space, c->sel));
    }

    /* The copy of SELNUM-2 is the root object space: what it grants appears there. */
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_OBJ, FX_SCRATCH, 0, PMM_ALL, 0);
    nova_ctrl_pd(FX_SCRATCH, FX_SCRATCH, SEL_ROOT_PD, FX_SCRATCH + 1, 0, PMM_ALL, 0);
    check_true("root_obj.selnum_2_refers_to_the_root_object_space",
               !fixture_is_null(FX_SCRATCH + 1), "the delegated PD capability at the copy");
    fixture_revoke(FX_SCRATCH + 1);
    fixture_revoke(FX_SCRATCH);
}
