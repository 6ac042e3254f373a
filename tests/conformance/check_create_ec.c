/* spec 5.3.2 create_ec, with libnova's choices: a guest EC (G=1) has no
 * UTCB, so its hvp is ignored; a host EC's UTCB page at hvp is kernel-owned,
 * so an hvp that holds the HIP or a UTCB is BAD_PAR (docs/abi-choices.md). */
#include "conformance.h"
#include "objects.h"

/* Stand-ins (above the 12-bit CPU field) for values read from the HIP. */
#define CPU_NUM 0x10000u /* CPUNUM: the first invalid CPU */
#define CPU_BSP 0x10001u /* CPUBSP */

struct create_ec_case {
    const char *name;
    uint64_t sel;
    unsigned flags;
    uint64_t pd, hvp;
    unsigned cpu;
    enum nova_status expect;
};

#define S FX_SCRATCH
#define ROOT_PD SEL_ROOT_PD
#define HOST_T CREATE_EC_GLOBAL

static const struct create_ec_case cases[] = {
    {"create_ec.sel_not_null_is_bad_cap", SEL_ROOT_EC, 0, ROOT_PD, VPN_UTCB_FAIL(0), CPU_BSP,
     STATUS_BAD_CAP},
    {"create_ec.pd_null_is_bad_cap", S, 0, FX_NULL, VPN_UTCB_FAIL(1), CPU_BSP, STATUS_BAD_CAP},
    {"create_ec.pd_is_ec_cap_is_bad_cap", S, 0, SEL_ROOT_EC, VPN_UTCB_FAIL(2), CPU_BSP,
     STATUS_BAD_CAP},
    {"create_ec.pd_is_obj_space_cap_is_bad_cap", S, 0, SEL_ROOT_OBJ, VPN_UTCB_FAIL(3), CPU_BSP,
     STATUS_BAD_CAP},
    {"create_ec.pd_without_perm_ec_is_bad_cap", S, 0, FX_PD_WITHOUT(1), VPN_UTCB_FAIL(4), CPU_BSP,
     STATUS_BAD_CAP},
    {"create_ec.guest.cpu_num_is_bad_cpu", S, CREATE_EC_GUEST, ROOT_PD, VPN_UTCB_FAIL(5), CPU_NUM,
     STATUS_BAD_CPU},
    {"create_ec.guest.pd_without_hst_is_aborted", S, CREATE_EC_GUEST, O_PD2, VPN_UTCB_FAIL(5),
     CPU_BSP, STATUS_ABORTED},
    {"create_ec.guest.hvp_is_ignored", S, CREATE_EC_GUEST | HOST_T | CREATE_EC_FPU, ROOT_PD,
     HIP_VPN, CPU_BSP, STATUS_SUCCESS},
    {"create_ec.cpu_num_is_bad_cpu", S, 0, ROOT_PD, VPN_UTCB_FAIL(6), CPU_NUM, STATUS_BAD_CPU},
    {"create_ec.cpu_4095_is_bad_cpu", S, HOST_T, ROOT_PD, VPN_UTCB_FAIL(7), 0xfff, STATUS_BAD_CPU},
    {"create_ec.hvp_at_2_27_is_bad_par", S, 0, ROOT_PD, NOVA_HVA_END >> 12, CPU_BSP,
     STATUS_BAD_PAR},
    {"create_ec.hvp_at_2_51_is_bad_par", S, 0, ROOT_PD, UINT64_C(1) << 51, CPU_BSP, STATUS_BAD_PAR},
    {"create_ec.hvp_at_hip_is_bad_par", S, 0, ROOT_PD, HIP_VPN, CPU_BSP, STATUS_BAD_PAR},
    {"create_ec.hvp_at_root_utcb_is_bad_par", S, 0, ROOT_PD, UTCB_VPN, CPU_BSP, STATUS_BAD_PAR},
    {"create_ec.pd_without_spaces_is_aborted", S, 0, O_PD4, VPN_UTCB_FAIL(8), CPU_BSP,
     STATUS_ABORTED},
    {"create_ec.pd_without_hst_is_aborted", S, HOST_T, O_PD2, VPN_UTCB_FAIL(9), CPU_BSP,
     STATUS_ABORTED},

    {"create_ec.local.succeeds", O_EC_LOCAL, 0, ROOT_PD, VPN_UTCB_LOCAL, CPU_BSP, STATUS_SUCCESS},
    {"create_ec.global_fpu.succeeds", O_EC_GLOBAL, HOST_T | CREATE_EC_FPU, FX_PD_ONLY(1),
     VPN_UTCB_GLOBAL, CPU_BSP, STATUS_SUCCESS},
    {"create_ec.in_new_pd_same_hvp_succeeds", O_EC_PD1, HOST_T, O_PD1, VPN_UTCB_LOCAL, CPU_BSP,
     STATUS_SUCCESS},
    {"create_ec.hvp_holding_a_utcb_is_bad_par", S, 0, ROOT_PD, VPN_UTCB_LOCAL, CPU_BSP,
     STATUS_BAD_PAR},
};

#undef S
#undef ROOT_PD
#undef HOST_T

static unsigned cpu_of(const struct nova_hip *hip, unsigned cpu)
{
    if (cpu == CPU_NUM)
        return hip->cpu_num;
    if (cpu == CPU_BSP)
        return hip->cpu_bsp;
    return cpu;
}

#define MARK UINT64_C(0x5554434265635f31)

void check_create_ec(const struct nova_hip *hip)
{
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct create_ec_case *c = &cases[i];
        check_status(c->name, c->expect,
                     nova_create_ec(c->sel, c->flags, c->pd, c->hvp, cpu_of(hip, c->cpu), 0, 0));
        if (c->sel == FX_SCRATCH)
            fixture_revoke(FX_SCRATCH);
    }
    check_value("create_ec.perms_all_defined", PERM_EC_CTRL | PERM_EC_BIND_PT | PERM_EC_BIND_SC,
                fixture_perms(SEL_ROOT_OBJ, O_EC_LOCAL));
    if (fixture_is_null(O_EC_LOCAL))
        return; /* no EC: nothing mapped at its hvp to read */
    FX_VA(VPN_UTCB_LOCAL)[0] = MARK;
    check_value("create_ec.utcb_mapped_rw_at_hvp", MARK, FX_VA(VPN_UTCB_LOCAL)[0]);
}
