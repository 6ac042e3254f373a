/* Creating and destroying each kind of object, and ctrl_pd of memory.
 *
 * Each row times N creations into consecutive selectors, then N
 * destructions, each by overwriting the object's last capability with a
 * null one (ctrl_pd from a null selector). The first run also allocates
 * the capability and page tables that later runs reuse; the lowest run
 * counts (BENCH_RUNS). */
#include "bench.h"

#include <nova/utcb.h>

#define PERM_ALL 0x1fu
#define OBJ_UTCB_VPN 0x1000000u       /* local and global ECs of the object PD */
#define SC_EC_UTCB_VPN 0x1100000u     /* the ECs that the SCs are bound to */
#define PAGE_VPN 0x4000000u           /* ctrl_pd of 1 page: 2 MiB regions */
#define BLOCK_VPN 0x8000000u          /* ctrl_pd of 512 pages */
#define MEM_PPN (0x50000000u >> 12)   /* RAM the root task never touches */
#define BLOCK_ROWS 64u                /* order-9 delegations per run */
#define SEL_STEP (1u << HC_ARG_SHIFT) /* the next selector in X0 */
#define DSB_STEP (1u << CTRL_PD_SEL_SHIFT)

static uint64_t sel_objs, sel_ecs, sel_pd, sel_obj, sel_hst, sel_nova_hst;

static void check(const struct bench_svc *s, const char *what)
{
    if (s->status != STATUS_SUCCESS)
        bench_fail(what, s->status);
}

/* Overwrites n capabilities from first with null ones; returns ticks. */
static uint64_t destroy(uint64_t first, uint64_t n, const char *what)
{
    struct bench_svc s = {
        .n = n,
        .x = {nova_hc_id(HC_CTRL_PD, 0, SEL_ROOT_OBJ), SEL_ROOT_OBJ,
              sel_null_block << CTRL_PD_SEL_SHIFT, first << CTRL_PD_SEL_SHIFT | PERM_ALL, 0},
        .step = {0, 0, DSB_STEP},
    };
    uint64_t t = bench_svc(&s);
    check(&s, what);
    return t;
}

/* Times `create` into sel_objs.., then the destruction of what it made. */
static void create_destroy(const char *create_key, const char *destroy_key, struct bench_svc tmpl)
{
    uint64_t best_create = UINT64_MAX, best_destroy = UINT64_MAX;

    for (unsigned r = 0; r < BENCH_RUNS; r++) {
        struct bench_svc s = tmpl;
        uint64_t t = bench_svc(&s);
        check(&s, create_key);
        best_create = t < best_create ? t : best_create;
        t = destroy(sel_objs, tmpl.n, destroy_key);
        best_destroy = t < best_destroy ? t : best_destroy;
    }
    bench_report(create_key, best_create, tmpl.n, LOOP_SVC);
    bench_report(destroy_key, best_destroy, tmpl.n, LOOP_SVC);
}

static void memory_rows(uint64_t n)
{
    uint64_t best_page = UINT64_MAX, best_block = UINT64_MAX;
    uint64_t pages = n < 512 ? n : 512;

    for (unsigned r = 0; r < BENCH_RUNS; r++) {
        /* one page at a time into a fresh 2 MiB region */
        struct bench_svc s = {
            .n = pages,
            .x = {nova_hc_id(HC_CTRL_PD, 0, sel_nova_hst), sel_hst, MEM_PPN << CTRL_PD_SEL_SHIFT,
                  (PAGE_VPN + r * 512u) << CTRL_PD_SEL_SHIFT | PERM_MEM_ALL, RT_MAD_MEMORY},
            .step = {0, DSB_STEP, DSB_STEP},
        };
        uint64_t t = bench_svc(&s);
        check(&s, "ctrl_pd of 1 page");
        best_page = t < best_page ? t : best_page;

        /* 2 MiB in one call, each into a fresh region */
        s = (struct bench_svc){
            .n = BLOCK_ROWS,
            .x = {nova_hc_id(HC_CTRL_PD, 0, sel_nova_hst), sel_hst,
                  MEM_PPN << CTRL_PD_SEL_SHIFT | 9,
                  (BLOCK_VPN + r * BLOCK_ROWS * 512u) << CTRL_PD_SEL_SHIFT | PERM_MEM_ALL,
                  RT_MAD_MEMORY},
            .step = {0, 0, 512u * DSB_STEP},
        };
        t = bench_svc(&s);
        check(&s, "ctrl_pd of 512 pages");
        best_block = t < best_block ? t : best_block;
    }
    bench_report("ctrl_pd_1", best_page, pages, LOOP_SVC);
    bench_report("ctrl_pd_512", best_block, BLOCK_ROWS, LOOP_SVC);
}

static void setup(void)
{
    enum nova_status s;

    sel_objs = rt_sel_alloc(12);
    sel_ecs = rt_sel_alloc(12);
    sel_pd = rt_sel_alloc(2);
    sel_hst = sel_pd + 1;
    sel_nova_hst = sel_pd + 2;
    sel_obj = sel_pd + 3;
    if (sel_objs == RT_SEL_NONE || sel_ecs == RT_SEL_NONE || sel_pd == RT_SEL_NONE)
        bench_fail("selectors", STATUS_MEM_CAP);
    s = nova_create_pd(sel_pd, CREATE_PD_OP_PD, SEL_ROOT_PD);
    if (s == STATUS_SUCCESS) /* ECs need both spaces in their PD */
        s = nova_create_pd(sel_obj, CREATE_PD_OP_OBJ, sel_pd);
    if (s == STATUS_SUCCESS)
        s = nova_create_pd(sel_hst, CREATE_PD_OP_HST, sel_pd);
    if (s == STATUS_SUCCESS)
        s = nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_HST, sel_nova_hst, 0, PERM_ALL,
                         0);
    if (s != STATUS_SUCCESS)
        bench_fail("object PD", s);
}

void objects_bench(uint64_t n)
{
    setup();
    create_destroy(
        "create_pd", "destroy_pd",
        (struct bench_svc){.n = n,
                           .x = {nova_hc_id(HC_CREATE_PD, CREATE_PD_OP_PD, sel_objs), SEL_ROOT_PD},
                           .step = {SEL_STEP}});
    create_destroy("create_ec", "destroy_ec",
                   (struct bench_svc){.n = n,
                                      .x = {nova_hc_id(HC_CREATE_EC, 0, sel_objs), sel_pd,
                                            (uint64_t)OBJ_UTCB_VPN << 12},
                                      .step = {SEL_STEP, 1u << 12}});
    create_destroy("create_pt", "destroy_pt",
                   (struct bench_svc){.n = n,
                                      .x = {nova_hc_id(HC_CREATE_PT, 0, sel_objs), SEL_ROOT_PD,
                                            peers_starter_ec(), (uintptr_t)bench_echo_entry},
                                      .step = {SEL_STEP}});
    create_destroy("create_sm", "destroy_sm",
                   (struct bench_svc){.n = n,
                                      .x = {nova_hc_id(HC_CREATE_SM, 0, sel_objs), SEL_ROOT_PD},
                                      .step = {SEL_STEP}});

    /* One SC per EC: first n global ECs that never run (their SCs are
     * below the root's priority and go before the root waits again). */
    struct bench_svc ecs = {
        .n = n,
        .x = {nova_hc_id(HC_CREATE_EC, CREATE_EC_GLOBAL, sel_ecs), sel_pd,
              (uint64_t)SC_EC_UTCB_VPN << 12},
        .step = {SEL_STEP, 1u << 12},
    };
    bench_svc(&ecs);
    check(&ecs, "global ECs for the SCs");
    create_destroy("create_sc", "destroy_sc",
                   (struct bench_svc){.n = n,
                                      .x = {nova_hc_id(HC_CREATE_SC, 0, sel_objs), SEL_ROOT_PD,
                                            sel_ecs, SCD(1, 1, 0)},
                                      .step = {SEL_STEP, 1}});
    destroy(sel_ecs, n, "destroy the SCs' ECs");

    memory_rows(n);
}
