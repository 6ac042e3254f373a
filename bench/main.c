/* The benchmark root task (docs/bench.md). It times the kernel's hot paths
 * and object operations with CNTVCT_EL0 and prints one line per figure:
 *
 *     bench: KEY ticks=T n=N loop=L
 *
 * T counter ticks for N iterations of a loop with L instructions of its
 * own. scripts/bench.py turns that into instructions under QEMU -icount. */
#include <libfdt.h>
#include "bench.h"

#ifndef BENCH_N
#define BENCH_N 10000u /* iterations of the cheap rows */
#endif
#ifndef BENCH_N_OBJECTS
#define BENCH_N_OBJECTS 1000u /* objects created per run */
#endif
#define CALIBRATE_N (BENCH_N * 10u)
#ifndef BENCH_N_VM
#define BENCH_N_VM 1000u /* VM exits and timer injections */
#endif

uint64_t sel_null_block, sel_root_hst;

void bench_report(const char *key, uint64_t ticks, uint64_t n, unsigned loop)
{
    rt_printf("bench: %s ticks=%lu n=%lu loop=%u\n", key, ticks, n, loop);
}

void bench_fail(const char *what, uint64_t status)
{
    rt_printf("bench: FAIL %s: status %lu\n", what, status);
    rt_exit(RT_EXIT_FAILURE);
    for (;;)
        ;
}

#define BEST(ticks_expr)                                                                           \
    ({                                                                                             \
        uint64_t best_ = UINT64_MAX;                                                               \
        for (unsigned run_ = 0; run_ < BENCH_RUNS; run_++) {                                       \
            uint64_t t_ = (ticks_expr);                                                            \
            best_ = t_ < best_ ? t_ : best_;                                                       \
        }                                                                                          \
        best_;                                                                                     \
    })

static void expect(uint64_t status, uint64_t want, const char *what)
{
    if ((status & 0xff) != want)
        bench_fail(what, status & 0xff);
}

static void null_row(void)
{
    uint64_t status = 0;
    uint64_t t = BEST(bench_null(BENCH_N, &status));
    expect(status, STATUS_BAD_HYP, "null hypercall");
    bench_report("null", t, BENCH_N, LOOP_NULL);
}

/* The echo server replies with as many words as it got. */
static void ipc_rows(void)
{
    static const unsigned words[] = {1, 8, 64, 512};
    static const char *const keys[] = {"ipc_1", "ipc_8", "ipc_64", "ipc_512"};
    uint64_t x0 = nova_hc_id(HC_IPC_CALL, 0, peers_echo_portal());
    uint64_t *utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;

    for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        uint64_t status = 0;
        for (unsigned w = 0; w < words[i]; w++)
            utcb[w] = w ^ 0x5a5a;
        uint64_t t = BEST(bench_call(BENCH_N, x0, words[i] - 1, &status));
        expect(status, STATUS_SUCCESS, "ipc_call");
        for (unsigned w = 0; w < words[i]; w++)
            if (utcb[w] != (w ^ 0x5a5a))
                bench_fail("echoed message word", w);
        bench_report(keys[i], t, BENCH_N, LOOP_CALL);
    }
}

static void sm_row(void)
{
    uint64_t sm = rt_sel_alloc(0), status = 0;
    expect(nova_create_sm(sm, SEL_ROOT_PD, 0), STATUS_SUCCESS, "create_sm");
    uint64_t t = BEST(bench_two(BENCH_N, nova_hc_id(HC_CTRL_SM, 0, sm),
                                nova_hc_id(HC_CTRL_SM, CTRL_SM_DOWN, sm), &status));
    expect(status, STATUS_SUCCESS, "ctrl_sm up/down");
    bench_report("sm_up_down", t, BENCH_N, LOOP_TWO);
}

static void cross_cpu_row(void)
{
    uint64_t up, down, status = 0;
    peers_pong_start(1, &up, &down);
    uint64_t t = BEST(bench_two(BENCH_N, up, down, &status));
    expect(status, STATUS_SUCCESS, "cross-CPU ctrl_sm");
    bench_report("xcpu_wake", t, BENCH_N, LOOP_TWO);
}

static void setup(void)
{
    enum nova_status s;

    sel_null_block = rt_sel_alloc(9);
    sel_root_hst = rt_sel_alloc(0);
    s = nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, sel_root_hst, 0, 0x1f, 0);
    if (s != STATUS_SUCCESS)
        bench_fail("root host space", s);
}

int main(const struct nova_hip *hip, uint64_t fdt_pa, uint64_t x1, uint64_t manifest_pa)
{
    const void *dt;
    int status = rt_console_open(fdt_pa, &dt);
    (void)x1;
    (void)manifest_pa;

    if (status != RT_EXIT_OK)
        return status;
    rt_printf("bench: start cpus=%u stc_freq=%lu\n", hip->cpu_num, hip->stc_freq);
    bench_report("boot", bench_boot_ticks, 1, 0);
    bench_report("calibrate", BEST(bench_calibrate(CALIBRATE_N)), CALIBRATE_N, LOOP_CALIBRATE);

    setup();
    null_row();
    peers_init();
    ipc_rows();
    bench_report("exception", BEST(peers_brk_run(BENCH_N)), BENCH_N, LOOP_BRK);
    sm_row();
    objects_bench(BENCH_N_OBJECTS);
    if (hip->cpu_num > 1)
        cross_cpu_row();
    if (fdt_node_offset_by_compatible(dt, -1, "arm,gic-v3") >= 0)
        vm_bench(dt, BENCH_N_VM);
    rt_printf("bench: done\n");
    return RT_EXIT_OK;
}
