/* MEM_OBJ and MEM_CAP (spec 5.3, 5.4.1), reached deterministically: the
 * image gives the kernel a small pool (conformance.toml: kernel_memory),
 * semaphores fill it, then every create_* must fail with MEM_OBJ into a
 * selector whose storage exists, and with MEM_CAP into one whose storage
 * (a fresh object-space leaf, a fresh page table) would need memory. Runs
 * last: afterwards nothing can be created. */
#include "conformance.h"
#include "objects.h"

#define FILL_BASE 0x3000u   /* leaves the fill allocates one after another */
#define FILL_END 0x2f000u   /* far more than kernel_memory holds */
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

/* Create objects of one kind into the primed leaf until the kernel runs
 * out: the first failure must be MEM_OBJ, as the slot's storage exists.
 * (Object caches may still hold a few free slots for a kind: those go
 * first.) */
#define PRIMED_LEAF 0x2000u
static uint64_t next_primed = PRIMED_LEAF;

typedef enum nova_status (*create_fn)(uint64_t sel);

static void drain(const char *name, create_fn create)
{
    enum nova_status s = STATUS_SUCCESS;
    while (next_primed < PRIMED_LEAF + 0x100 && (s = create(next_primed)) == STATUS_SUCCESS)
        next_primed++;
    check_status(name, STATUS_MEM_OBJ, s);
}

static unsigned mem_bsp;
static enum nova_status make_sm(uint64_t sel) { return nova_create_sm(sel, SEL_ROOT_PD, 0); }
static enum nova_status make_pd(uint64_t sel)
{
    return nova_create_pd(sel, CREATE_PD_OP_PD, SEL_ROOT_PD);
}
static enum nova_status make_obj(uint64_t sel)
{
    return nova_create_pd(sel, CREATE_PD_OP_OBJ, O_PD4);
}
static enum nova_status make_hst(uint64_t sel)
{
    return nova_create_pd(sel, CREATE_PD_OP_HST, O_PD2);
}
static enum nova_status make_ec(uint64_t sel)
{
    return nova_create_ec(sel, 0, SEL_ROOT_PD, VPN_UTCB_NO_MEM, mem_bsp, 0, 0);
}
/* Global ECs without an SC, made before the pool runs dry: one SC each. */
#define SPARE_ECS 64
#define SPARE_EC_SEL 0x2100u
#define SPARE_EC_VPN (FX_VPN(0) + 0x1000)
static unsigned next_spare;

static enum nova_status make_sc(uint64_t sel)
{
    if (next_spare == SPARE_ECS)
        return STATUS_ABORTED; /* more free SC slots than spare ECs */
    return nova_create_sc(sel, SEL_ROOT_PD, SPARE_EC_SEL + next_spare++, SCD(10, 1, 0));
}
static enum nova_status make_pt(uint64_t sel)
{
    return nova_create_pt(sel, SEL_ROOT_PD, O_EC_LOCAL, 0);
}

void check_mem_exhaustion(const struct nova_hip *hip)
{
    enum nova_status last = STATUS_SUCCESS;
    mem_bsp = hip->cpu_bsp;

    check_status(
        "mem.spare_global_ec_succeeds", STATUS_SUCCESS,
        nova_create_ec(O_EC_SPARE, CREATE_EC_GLOBAL, SEL_ROOT_PD, VPN_UTCB_SPARE, mem_bsp, 0, 0));
    for (unsigned i = 0; i < SPARE_ECS; i++)
        if (nova_create_ec(SPARE_EC_SEL + i, CREATE_EC_GLOBAL, SEL_ROOT_PD, SPARE_EC_VPN + i,
                           mem_bsp, 0, 0) != STATUS_SUCCESS)
            check_true("mem.spare_ecs", false, "64 global ECs before the pool runs dry");
    /* The primed leaf's table outlives the semaphore that made it. */
    check_status("mem.prime_a_leaf", STATUS_SUCCESS, make_sm(PRIMED_LEAF));
    fixture_revoke(PRIMED_LEAF);
    uint64_t end = fill(&last);
    check_true("mem.kernel_memory_runs_out",
               end > FILL_BASE && (last == STATUS_MEM_OBJ || last == STATUS_MEM_CAP),
               "create_sm to end in MEM_OBJ or MEM_CAP");
    if (end == FILL_BASE || end == FILL_END)
        return;

    drain("create_sm.no_kernel_memory_is_mem_obj", make_sm);
    drain("create_pd.pd.no_kernel_memory_is_mem_obj", make_pd);
    drain("create_pd.obj.no_kernel_memory_is_mem_obj", make_obj);
    drain("create_pd.hst.no_kernel_memory_is_mem_obj", make_hst);
    drain("create_ec.no_kernel_memory_is_mem_obj", make_ec);
    drain("create_sc.no_kernel_memory_is_mem_obj", make_sc);
    drain("create_pt.no_kernel_memory_is_mem_obj", make_pt);

    check_status("create_sm.no_memory_for_the_slot_is_mem_cap", STATUS_MEM_CAP,
                 nova_create_sm(FRESH_LEAF, SEL_ROOT_PD, 0));
    check_status("create_pd.no_memory_for_the_slot_is_mem_cap", STATUS_MEM_CAP,
                 nova_create_pd(FRESH_LEAF, CREATE_PD_OP_PD, SEL_ROOT_PD));
    check_status("ctrl_pd.obj_to_obj.no_memory_for_the_slot_is_mem_cap", STATUS_MEM_CAP,
                 nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, FRESH_LEAF, 0, PMM_ALL, 0));
    check_status("ctrl_pd.hst_to_hst.no_memory_for_the_table_is_mem_cap", STATUS_MEM_CAP,
                 fixture_map(fixture_phys(fx_probe_page), FRESH_TABLE_VPN, PERM_MEM_R));
}
