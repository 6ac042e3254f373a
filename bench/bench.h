/* The benchmark root task (docs/bench.md): shared declarations. */
#ifndef BENCH_H
#define BENCH_H

#include <novart/rt.h>
#include <stdbool.h>
#include <stdint.h>

/* bench_svc()'s argument block; the layout is read by loops.S. */
struct bench_svc {
    uint64_t n;
    uint64_t x[5];    /* X0..X4 of the first call */
    uint64_t step[3]; /* added to X0, X2 and X3 after each call */
    uint64_t status;  /* out: the statuses ORed together */
};

/* loops.S; each returns CNTVCT_EL0 ticks. */
uint64_t bench_calibrate(uint64_t n);
uint64_t bench_null(uint64_t n, uint64_t *status);
uint64_t bench_call(uint64_t n, uint64_t x0, uint64_t x1, uint64_t *status);
uint64_t bench_two(uint64_t n, uint64_t a, uint64_t b, uint64_t *status);
uint64_t bench_brk(uint64_t n);
uint64_t bench_svc(struct bench_svc *s);
void bench_echo_entry(void);
void bench_skip_entry(void);
void bench_pong_entry(void);
extern uint64_t bench_boot_ticks;

/* The loops' own instructions per iteration (loops.S), reported with each row. */
#define LOOP_CALIBRATE 2u
#define LOOP_NULL 3u
#define LOOP_CALL 4u
#define LOOP_TWO 6u
#define LOOP_BRK 2u
#define LOOP_SVC 12u

/* Each figure is the lowest of this many runs of N iterations: a run that
 * a timer interrupt happened to hit is discarded, not averaged in. */
#define BENCH_RUNS 3u

/* main.c: prints one result line for the host script (scripts/bench.py). */
void bench_report(const char *key, uint64_t ticks, uint64_t n, unsigned loop);
/* main.c: prints a failure and powers off with an error. */
__attribute__((noreturn)) void bench_fail(const char *what, uint64_t status);

/* peers.c: the other PD and the ECs the benchmarks talk to. */
void peers_init(void);
uint64_t peers_echo_portal(void);
uint64_t peers_starter_ec(void);    /* a local EC on CPU 0 to bind portals to */
uint64_t peers_brk_run(uint64_t n); /* ticks of n breakpoints in the other PD */
uint64_t peers_pong_start(unsigned cpu, uint64_t *up, uint64_t *down);

/* objects.c: create and destroy each kind of object, ctrl_pd. */
void objects_bench(uint64_t n);

/* vm.c: VM exit round trip and interrupt injection latency (GICv3). */
void vm_bench(const void *dt, uint64_t n);

/* main.c: 512 selectors of the root object space that stay null, and the
 * root's own copy of a capability to the root host space. */
extern uint64_t sel_null_block, sel_root_hst;

#endif
