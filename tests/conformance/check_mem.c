/* MEM_OBJ and MEM_CAP (spec 5.3, 5.4.1), reached deterministically: the
 * image gives the kernel a small pool (conformance.toml: kernel_memory),
 * semaphores fill it, then every create_* must fail with MEM_OBJ into a
 * selector whose storage exists, and with MEM_CAP into one whose storage
 * (a fresh object-space leaf, a fresh page table) would need memory. Runs
 * last: afterwards nothing can be created. */
#include "conformance.h"
#include "objects.h"

#define FILL_BASE 0x1000u   /* leaves the fill allocates one after another */
#define FILL_END 0x10000u   /* far more than kernel_memory holds */
#define FRESH_LEAF 0x30000u /* a selector in a leaf nothing has touched */
#define FRESH_TABLE_VPN ((FX_HVA_BASE + (UINT64_C(1) << 30)) >> 12) /* next 1 GiB region */

struct no_mem_case {
    const char *name;
    enum nova_status expect;
};

static uint64_t fill(enum nova_status *last)
{
    uint64_t sel = FILL_BASE;

    while (sel < FILL_END && (*last = nova_create_sm(sel, SEL_ROOT_PD, 0)) == STATUS_SUCCESS)
        sel++;
    return sel;
}

void check_mem_exhaustion(const struct nova_hip *hip)
{
    enum nova_status last = STATUS_SUCCESS;
    unsigned bsp = hip->cpu_bsp;

    check_status(
        "mem.spare_global_ec_succeeds", STATUS_SUCCESS,
        nova_create_ec(O_EC_SPARE, CREATE_EC_GLOBAL, SEL_ROOT_PD, VPN_UTCB_SPARE, bsp, 0, 0));
    uint64_t end = fill(&last);
    check_true("mem.kernel_memory_runs_out",
               end > FILL_BASE && (last == STATUS_MEM_OBJ || last == STATUS_MEM_CAP),
               "create_sm to end in MEM_OBJ or MEM_CAP");
    if (end == FILL_BASE || end == FILL_END)
        return;

    /* The last semaphore's slot exists: free it, keep its storage. */
    uint64_t sel = end - 1;
    fixture_revoke(sel);
    check_status("create_sm.no_kernel_memory_is_mem_obj", STATUS_MEM_OBJ,
                 nova_create_sm(sel, SEL_ROOT_PD, 0));
    check_status("create_pd.pd.no_kernel_memory_is_mem_obj", STATUS_MEM_OBJ,
                 nova_create_pd(sel, CREATE_PD_OP_PD, SEL_ROOT_PD));
    check_status("create_pd.obj.no_kernel_memory_is_mem_obj", STATUS_MEM_OBJ,
                 nova_create_pd(sel, CREATE_PD_OP_OBJ, O_PD4));
    check_status("create_pd.hst.no_kernel_memory_is_mem_obj", STATUS_MEM_OBJ,
                 nova_create_pd(sel, CREATE_PD_OP_HST, O_PD2));
    check_status("create_ec.no_kernel_memory_is_mem_obj", STATUS_MEM_OBJ,
                 nova_create_ec(sel, 0, SEL_ROOT_PD, VPN_UTCB_NO_MEM, bsp, 0, 0));
    check_status("create_sc.no_kernel_memory_is_mem_obj", STATUS_MEM_OBJ,
                 nova_create_sc(sel, SEL_ROOT_PD, O_EC_SPARE, SCD(10, 1, 0)));
    check_status("create_pt.no_kernel_memory_is_mem_obj", STATUS_MEM_OBJ,
                 nova_create_pt(sel, SEL_ROOT_PD, O_EC_LOCAL, 0));

    check_status("create_sm.no_memory_for_the_slot_is_mem_cap", STATUS_MEM_CAP,
                 nova_create_sm(FRESH_LEAF, SEL_ROOT_PD, 0));
    check_status("create_pd.no_memory_for_the_slot_is_mem_cap", STATUS_MEM_CAP,
                 nova_create_pd(FRESH_LEAF, CREATE_PD_OP_PD, SEL_ROOT_PD));
    check_status("ctrl_pd.obj_to_obj.no_memory_for_the_slot_is_mem_cap", STATUS_MEM_CAP,
                 nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, FRESH_LEAF, 0, PMM_ALL, 0));
    check_status("ctrl_pd.hst_to_hst.no_memory_for_the_table_is_mem_cap", STATUS_MEM_CAP,
                 fixture_map(fixture_phys(fx_probe_page), FRESH_TABLE_VPN, PERM_MEM_R));
}
