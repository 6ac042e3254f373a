/* spec 5.5.1 ctrl_hw, with libnova's choices (docs/abi-choices.md): only
 * OP=0 exists on Arm. S5 and S7 are not called here: S5 ends the run. */
#include "conformance.h"

struct ctrl_hw_case {
    const char *name;
    unsigned op;
    uint64_t desc;
    enum nova_status expect;
};

static const struct ctrl_hw_case cases[] = {
    {"ctrl_hw.op_1_is_bad_par", 1, 0, STATUS_BAD_PAR},
    {"ctrl_hw.op_2_is_bad_par", 2, 0, STATUS_BAD_PAR},
    {"ctrl_hw.op_3_is_bad_par", 3, 0, STATUS_BAD_PAR},
    {"ctrl_hw.op_4_qos_is_bad_ftr", 4, 0, STATUS_BAD_FTR},
    {"ctrl_hw.op_5_cat_l3_is_bad_ftr", 5, 0, STATUS_BAD_FTR},
    {"ctrl_hw.op_6_cat_l2_is_bad_ftr", 6, 0, STATUS_BAD_FTR},
    {"ctrl_hw.op_7_mba_is_bad_ftr", 7, 0, STATUS_BAD_FTR},
    {"ctrl_hw.op_8_is_bad_par", 8, 0, STATUS_BAD_PAR},
    {"ctrl_hw.op_15_is_bad_par", 15, 0, STATUS_BAD_PAR},
    {"ctrl_hw.sstate_s0_is_bad_par", CTRL_HW_OP_SSTATE, 0, STATUS_BAD_PAR},
    {"ctrl_hw.sstate_s1_is_bad_ftr", CTRL_HW_OP_SSTATE, 1, STATUS_BAD_FTR},
    {"ctrl_hw.sstate_s2_is_bad_ftr", CTRL_HW_OP_SSTATE, 2, STATUS_BAD_FTR},
    {"ctrl_hw.sstate_s3_is_bad_ftr", CTRL_HW_OP_SSTATE, 3, STATUS_BAD_FTR},
    {"ctrl_hw.sstate_s4_is_bad_ftr", CTRL_HW_OP_SSTATE, 4, STATUS_BAD_FTR},
    {"ctrl_hw.sstate_s6_is_bad_par", CTRL_HW_OP_SSTATE, 6, STATUS_BAD_PAR},
    /* A and B (bits 8:3) are ACPI values; S decides */
    {"ctrl_hw.sstate_s3_with_a_b_is_bad_ftr", CTRL_HW_OP_SSTATE, 0x1fb, STATUS_BAD_FTR},
};

void check_ctrl_hw(void)
{
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_status(cases[i].name, cases[i].expect, nova_ctrl_hw(cases[i].op, cases[i].desc));
}
