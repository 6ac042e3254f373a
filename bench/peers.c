/* The partners of the IPC and event benchmarks.
 *
 * Another PD ("the server PD") shares the root task's image pages: an echo
 * server (a local EC) answers portal calls there, and a global EC takes
 * breakpoints there, which a handler EC in the root PD steps over. A
 * global EC on CPU 1 plays semaphore ping-pong with the root EC. ECs are
 * started through their STARTUP portal by a starter EC of their CPU. */
#include "bench.h"

#include <nova/utcb.h>

#define EV_BRK 0x3cu
#define EV_STARTUP HIP_SEL_HST_ARCH
#define IMAGE_VPN (0x10000000u >> 12)
#define IMAGE_ORDER 8u /* 1 MiB: the whole bench image */
#define STACK_WORDS 512u
#define PERM_ALL 0x1fu

/* Page numbers of UTCBs. In the root PD they sit next to the root's own
 * UTCB, where the page tables exist already. */
#define STARTER_UTCB_VPN(cpu) ((NOVA_UTCB_HVA >> 12) - 16u + (cpu))
#define PONG_UTCB_VPN ((NOVA_UTCB_HVA >> 12) - 8u)
#define SERVER_UTCB_VPN 0x2000000u
#define FAULTER_UTCB_VPN (SERVER_UTCB_VPN + 1u)

/* Selectors in the server PD's object space. */
#define CHILD_GO 0x1u
#define CHILD_DONE 0x2u
#define CHILD_EVT 0x100u

struct start {
    uintptr_t ip;
    uint64_t x0, x2;
};

static struct start starts[2]; /* by STARTUP portal ID */
static uint64_t starter_stacks[2][STACK_WORDS] __attribute__((aligned(16)));
static uint64_t faulter_stack[STACK_WORDS] __attribute__((aligned(16)));
uint64_t *starter_stack_tops[2] = {starter_stacks[0] + STACK_WORDS,
                                   starter_stacks[1] + STACK_WORDS};
static volatile uint64_t brk_n, brk_ticks;
static uint64_t sel_pd, sel_go, sel_done, sel_echo;
static uint64_t sel_starter[2];

void starter_entry(void);
void starter_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void faulter_main(void) __attribute__((noreturn));

/* X0 = portal ID = index of the start, which also picks the stack. */
__asm__(".text\n"
        "starter_entry: adrp x16, starter_stack_tops\n"
        " add x16, x16, :lo12:starter_stack_tops\n"
        " ldr x16, [x16, x0, lsl #3]\n"
        " mov sp, x16\n"
        " b starter_main\n");

void starter_main(uint64_t pid, uint64_t mtd)
{
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)(STARTER_UTCB_VPN(pid) << 12);
    (void)mtd;
    u->x[0] = starts[pid].x0;
    u->x[2] = starts[pid].x2;
    u->elr_el2 = starts[pid].ip;
    nova_ipc_reply(MTD_GPR | MTD_EL2_ELR_SPSR);
}

void faulter_main(void)
{
    for (;;) {
        nova_ctrl_sm(CHILD_GO, CTRL_SM_DOWN, 0);
        brk_ticks = bench_brk(brk_n);
        nova_ctrl_sm(CHILD_DONE, 0, 0);
    }
}

static void ok(enum nova_status s, const char *what)
{
    if (s != STATUS_SUCCESS)
        bench_fail(what, s);
}

/* A local EC on cpu in the root PD that starts the ECs of that CPU, and
 * its STARTUP portal with ID cpu. Returns the portal's selector. */
static uint64_t starter(unsigned cpu)
{
    uint64_t ec = rt_sel_alloc(1), pt = ec + 1;
    ok(nova_create_ec(ec, 0, SEL_ROOT_PD, STARTER_UTCB_VPN(cpu), cpu, 0, 0), "create starter EC");
    ok(nova_create_pt(pt, SEL_ROOT_PD, ec, (uintptr_t)starter_entry), "create STARTUP portal");
    ok(nova_ctrl_pt(pt, cpu, MTD_GPR | MTD_EL2_ELR_SPSR), "ctrl_pt STARTUP portal");
    sel_starter[cpu] = ec;
    return pt;
}

/* Copies capability sel of the root object space to dst of the server PD's. */
static void give(uint64_t obj, uint64_t sel, uint64_t dst)
{
    ok(nova_ctrl_pd(SEL_ROOT_OBJ, obj, sel, dst, 0, PERM_ALL, 0), "delegate to the server PD");
}

void peers_init(void)
{
    uint64_t base = rt_sel_alloc(4);
    uint64_t obj = base + 1, hst = base + 2, server = base + 3, faulter = base + 4;
    uint64_t faulter_sc = base + 5, brk_pt = base + 6;
    sel_pd = base;
    sel_go = base + 7;
    sel_done = base + 8;
    sel_echo = base + 9;

    ok(nova_create_pd(sel_pd, CREATE_PD_OP_PD, SEL_ROOT_PD), "create server PD");
    ok(nova_create_pd(obj, CREATE_PD_OP_OBJ, sel_pd), "create server object space");
    ok(nova_create_pd(hst, CREATE_PD_OP_HST, sel_pd), "create server host space");
    ok(nova_ctrl_pd(sel_root_hst, hst, IMAGE_VPN, IMAGE_VPN, IMAGE_ORDER, PERM_MEM_ALL, 0),
       "share the image with the server PD");

    /* the echo server: a local EC and a portal to it, in the server PD */
    ok(nova_create_ec(server, 0, sel_pd, SERVER_UTCB_VPN, 0, 0, 0), "create echo EC");
    ok(nova_create_pt(sel_echo, sel_pd, server, (uintptr_t)bench_echo_entry), "create echo portal");
    ok(nova_ctrl_pt(sel_echo, 0, 0), "ctrl_pt echo portal");

    /* the faulter: a global EC in the server PD whose breakpoints go to a
     * handler in the root PD; portal ID = address of the ELR it steps */
    uint64_t start_pt = starter(0);
    uint64_t elr = (STARTER_UTCB_VPN(0) << 12) + offsetof(struct utcb_arch, elr_el2);
    ok(nova_create_pt(brk_pt, SEL_ROOT_PD, sel_starter[0], (uintptr_t)bench_skip_entry),
       "create breakpoint portal");
    ok(nova_ctrl_pt(brk_pt, elr, MTD_EL2_ELR_SPSR), "ctrl_pt breakpoint portal");
    ok(nova_create_sm(sel_go, SEL_ROOT_PD, 0), "create semaphore");
    ok(nova_create_sm(sel_done, SEL_ROOT_PD, 0), "create semaphore");
    give(obj, sel_go, CHILD_GO);
    give(obj, sel_done, CHILD_DONE);
    give(obj, brk_pt, CHILD_EVT + EV_BRK);
    give(obj, start_pt, CHILD_EVT + EV_STARTUP);
    starts[0] = (struct start){.ip = (uintptr_t)faulter_main};
    ok(nova_create_ec(faulter, CREATE_EC_GLOBAL, sel_pd, FAULTER_UTCB_VPN, 0,
                      (uintptr_t)(faulter_stack + STACK_WORDS), CHILD_EVT),
       "create faulting EC");
    /* below the root's priority: it runs when the root waits for it */
    ok(nova_create_sc(faulter_sc, SEL_ROOT_PD, faulter, SCD(1000, 1, 0)), "create SC");
}

uint64_t peers_echo_portal(void) { return sel_echo; }

uint64_t peers_starter_ec(void) { return sel_starter[0]; }

uint64_t peers_brk_run(uint64_t n)
{
    brk_n = n;
    ok(nova_ctrl_sm(sel_go, 0, 0), "ctrl_sm up");
    ok(nova_ctrl_sm(sel_done, CTRL_SM_DOWN, 0), "ctrl_sm down");
    return brk_ticks;
}

/* A global EC on cpu that downs *up's semaphore and ups *down's, forever:
 * the root EC's ctrl_sm X0 values come back in *up and *down. */
uint64_t peers_pong_start(unsigned cpu, uint64_t *up, uint64_t *down)
{
    uint64_t base = rt_sel_alloc(7), evt = base, ec = base + 0x50, sc = base + 0x51;
    uint64_t ping = base + 0x52, pong = base + 0x53;

    ok(nova_create_sm(ping, SEL_ROOT_PD, 0), "create semaphore");
    ok(nova_create_sm(pong, SEL_ROOT_PD, 0), "create semaphore");
    uint64_t start_pt = starter(cpu);
    give(SEL_ROOT_OBJ, start_pt, evt + EV_STARTUP);
    starts[cpu] = (struct start){.ip = (uintptr_t)bench_pong_entry,
                                 .x0 = nova_hc_id(HC_CTRL_SM, CTRL_SM_DOWN, ping),
                                 .x2 = nova_hc_id(HC_CTRL_SM, 0, pong)};
    ok(nova_create_ec(ec, CREATE_EC_GLOBAL, SEL_ROOT_PD, PONG_UTCB_VPN, cpu, 0, evt),
       "create pong EC");
    ok(nova_create_sc(sc, SEL_ROOT_PD, ec, SCD(1000, 1, 0)), "create SC");
    *up = nova_hc_id(HC_CTRL_SM, 0, ping);
    *down = nova_hc_id(HC_CTRL_SM, CTRL_SM_DOWN, pong);
    return ec;
}
