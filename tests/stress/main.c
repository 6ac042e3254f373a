/* Stress: rounds of creating, using and destroying PDs, spaces, local and
 * global ECs on every CPU, SCs, portals and semaphores, some while they run
 * on another CPU. The root task prints nothing (it maps nothing, so the
 * kernel allocates nothing for it); the kernel reports its free memory
 * when the root task starts and when it powers off, and the QEMU test
 * requires the two to be equal. A failed check resets instead of powering
 * off. */
#include <nova/utcb.h>
#include <novart/rt.h>

#define ROUNDS 150 /* at least; then more until STRESS_SECONDS have passed */
#ifndef STRESS_SECONDS
#define STRESS_SECONDS 0
#endif
#define BASE 0x3ff00u       /* a leaf of the root object space that exists */
#define NULL_BLOCK 0x3ff40u /* 64 selectors that stay null */
#define SEL_ROOT_HST_COPY 0x3ff80u
#define EVT_BASE (BASE - 0x20u) /* STARTUP portal at BASE + 0x20 */
#define IMAGE_VPN (0x10000000u >> 12)
#define SERVER_UTCB_VPN 0x2000000u
/* UTCBs in the root PD go next to the root's own, where the host space's
 * tables exist already: the test must not grow the root's page tables. */
#define HANDLER_UTCB_VPN ((NOVA_UTCB_HVA >> 12) - 16)
#define SPINNER_UTCB_VPN ((NOVA_UTCB_HVA >> 12) - 15)
#define STACK_WORDS 512

static uint64_t server_stack[STACK_WORDS] __attribute__((aligned(16)));
static uint64_t handler_stack[STACK_WORDS] __attribute__((aligned(16)));
static uint64_t child_stack[STACK_WORDS] __attribute__((aligned(16)));
uint64_t *child_stack_top = child_stack + STACK_WORDS;
uint64_t *server_stack_top = server_stack + STACK_WORDS;
uint64_t *handler_stack_top = handler_stack + STACK_WORDS;
volatile uint64_t spins;

void server_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void handler_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void spinner_main(void) __attribute__((noreturn));
void child_main(void) __attribute__((noreturn));
void child_entry(void);
void server_entry(void);
void handler_entry(void);
void spinner_entry(void);

__asm__(".text\n"
        "server_entry: adrp x16, server_stack_top\n ldr x16, [x16, :lo12:server_stack_top]\n"
        " mov sp, x16\n b server_main\n"
        "handler_entry: adrp x16, handler_stack_top\n ldr x16, [x16, :lo12:handler_stack_top]\n"
        " mov sp, x16\n b handler_main\n"
        "spinner_entry: b spinner_main\n"
        "child_entry: adrp x16, child_stack_top\n ldr x16, [x16, :lo12:child_stack_top]\n"
        " mov sp, x16\n b child_main\n");

void server_main(uint64_t pid, uint64_t mtd)
{
    uint64_t *utcb = (uint64_t *)(uintptr_t)((uint64_t)SERVER_UTCB_VPN << 12);
    (void)mtd;
    utcb[0] = pid + 1;
    nova_ipc_reply(0);
}

void handler_main(uint64_t pid, uint64_t mtd)
{
    struct utcb_arch *u = (struct utcb_arch *)(uintptr_t)((uint64_t)HANDLER_UTCB_VPN << 12);
    (void)mtd;
    u->elr_el2 = pid ? (uintptr_t)child_entry : (uintptr_t)spinner_entry;
    nova_ipc_reply(MTD_EL2_ELR_SPSR);
}

void spinner_main(void)
{
    for (;;)
        spins++;
}

/* Selectors in the child PD's own object space, delegated by the root. */
#define CHILD_PD 0x20u
#define CHILD_OBJ 0x21u
#define CHILD_DONE 0x22u
#define CHILD_NULL 0x40u /* two null selectors */
#define CHILD_EVT 0x100u
#define CHILD_UTCB_VPN (SERVER_UTCB_VPN + 8)

/* A global EC in another PD creates and destroys objects of its own. */
void child_main(void)
{
    for (unsigned i = 0; i < 20; i++) {
        nova_create_sm(0x30, CHILD_PD, 0);
        nova_ctrl_sm(0x30, 0, 0);
        nova_ctrl_sm(0x30, CTRL_SM_DOWN, 0);
        nova_create_pd(0x31, CREATE_PD_OP_PD, CHILD_PD);
        nova_ctrl_pd(CHILD_OBJ, CHILD_OBJ, CHILD_NULL, 0x30, 1, 0x1f, 0);
    }
    nova_ctrl_sm(CHILD_DONE, 0, 0);
    for (;;)
        spins++;
}

static unsigned failed_line;

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failed_line = __LINE__;                                                                \
            return false;                                                                          \
        }                                                                                          \
    } while (0)

/* Only on failure: the console costs kernel memory (page tables). */
static int report_failure(uint64_t fdt, unsigned round)
{
    const void *tree = rt_fdt_map(fdt);
    if (tree && rt_console_init(tree))
        rt_printf("stress: FAIL in round %u at line %u\n", round, failed_line);
    return RT_EXIT_FAILURE;
}

static bool round_trip(unsigned cpu, const struct nova_hip *hip)
{
    const uint64_t pd = BASE, obj = BASE + 1, hst = BASE + 2, server = BASE + 3, pt = BASE + 4;
    const uint64_t sm = BASE + 5, spinner = BASE + 6, handler = BASE + 7, sc = BASE + 8;
    REQUIRE(nova_create_pd(pd, CREATE_PD_OP_PD, SEL_ROOT_PD) == STATUS_SUCCESS);
    REQUIRE(nova_create_pd(obj, CREATE_PD_OP_OBJ, pd) == STATUS_SUCCESS);
    REQUIRE(nova_create_pd(hst, CREATE_PD_OP_HST, pd) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pd(SEL_ROOT_HST_COPY, hst, IMAGE_VPN, IMAGE_VPN, 8, PERM_MEM_ALL, 0) ==
            STATUS_SUCCESS);
    REQUIRE(nova_create_ec(server, 0, pd, SERVER_UTCB_VPN, cpu, 0, 0) == STATUS_SUCCESS);
    REQUIRE(nova_create_pt(pt, SEL_ROOT_PD, server, (uintptr_t)server_entry) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pt(pt, cpu + 41, 0) == STATUS_SUCCESS);
    uint32_t mtd = 0;
    enum nova_status s = nova_ipc_call(pt, 0, &mtd);
    uint64_t *utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    if (cpu == 0)
        REQUIRE(s == STATUS_SUCCESS && utcb[0] == 42);
    else
        REQUIRE(s == STATUS_BAD_CPU);

    REQUIRE(nova_create_sm(sm, SEL_ROOT_PD, 0) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_sm(sm, 0, 0) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_sm(sm, CTRL_SM_DOWN, 0) == STATUS_SUCCESS);

    /* a spinning global EC, started through its STARTUP portal */
    REQUIRE(nova_create_ec(handler, 0, SEL_ROOT_PD, HANDLER_UTCB_VPN, cpu, 0, 0) == STATUS_SUCCESS);
    REQUIRE(nova_create_pt(EVT_BASE + HIP_SEL_HST_ARCH, SEL_ROOT_PD, handler,
                           (uintptr_t)handler_entry) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pt(EVT_BASE + HIP_SEL_HST_ARCH, 0, MTD_EL2_ELR_SPSR) == STATUS_SUCCESS);
    REQUIRE(nova_create_ec(spinner, CREATE_EC_GLOBAL, SEL_ROOT_PD, SPINNER_UTCB_VPN, cpu, 0,
                           EVT_BASE) == STATUS_SUCCESS);
    REQUIRE(nova_create_sc(sc, SEL_ROOT_PD, spinner, SCD(1, 1, 0)) == STATUS_SUCCESS);
    /* Deadlines are generous: QEMU's CPUs are host threads, which a loaded
     * host may not run for a while. */
    uint64_t before = spins, deadline = rt_stc_now() + hip->stc_freq * 3;
    while (spins == before && rt_stc_now() < deadline)
        nova_ctrl_sm(sm, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq / 1000); /* CPU 0: let it run */
    REQUIRE(spins != before);

    /* a global EC in the other PD, working on its own object space */
    const uint64_t child = BASE + 9, child_sc = BASE + 10, child_pt = BASE + 11;
    const uint64_t done = BASE + 12;
    REQUIRE(nova_create_sm(done, SEL_ROOT_PD, 0) == STATUS_SUCCESS);
    REQUIRE(nova_create_pt(child_pt, SEL_ROOT_PD, handler, (uintptr_t)handler_entry) ==
            STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pt(child_pt, 1, MTD_EL2_ELR_SPSR) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pd(SEL_ROOT_OBJ, obj, pd, CHILD_PD, 0, 0x1f, 0) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pd(SEL_ROOT_OBJ, obj, obj, CHILD_OBJ, 0, 0x1f, 0) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pd(SEL_ROOT_OBJ, obj, done, CHILD_DONE, 0, 0x1f, 0) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pd(SEL_ROOT_OBJ, obj, child_pt, CHILD_EVT + HIP_SEL_HST_ARCH, 0, 0x1f, 0) ==
            STATUS_SUCCESS);
    REQUIRE(nova_create_ec(child, CREATE_EC_GLOBAL, pd, CHILD_UTCB_VPN, cpu, 0, CHILD_EVT) ==
            STATUS_SUCCESS);
    REQUIRE(nova_create_sc(child_sc, SEL_ROOT_PD, child, SCD(1, 2, 0)) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_sm(done, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq * 5) == STATUS_SUCCESS);

    /* The child's object space holds capabilities to its own PD and to
     * itself: a cycle that counting cannot free. The parent breaks it by
     * clearing the child's object space (0x3f000.. is null here), then
     * everything goes at once, the spinners while they run. */
    REQUIRE(nova_ctrl_pd(SEL_ROOT_OBJ, obj, 0x3f000, 0, 9, 0x1f, 0) == STATUS_SUCCESS);
    REQUIRE(nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NULL_BLOCK, BASE, 6, 0x1f, 0) ==
            STATUS_SUCCESS);
    return true;
}

int main(const struct nova_hip *hip, uint64_t fdt, uint64_t x1, uint64_t manifest)
{
    (void)x1;
    (void)manifest;
    if (nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, SEL_ROOT_HST_COPY, 0, 0x1f,
                     0) != STATUS_SUCCESS)
        return RT_EXIT_FAILURE;
    uint64_t end = rt_stc_now() + hip->stc_freq * STRESS_SECONDS;
    for (unsigned r = 0; r < ROUNDS || rt_stc_now() < end; r++)
        if (!round_trip(r % hip->cpu_num, hip))
            return report_failure(fdt, r);
    /* An EC destroyed while it ran on another CPU is freed by that CPU on
     * its next pass through the scheduler: give the last ones 500 ms. */
    const uint64_t sm = BASE;
    if (nova_create_sm(sm, SEL_ROOT_PD, 0) != STATUS_SUCCESS ||
        nova_ctrl_sm(sm, CTRL_SM_DOWN, rt_stc_now() + hip->stc_freq / 2) != STATUS_TIMEOUT)
        return RT_EXIT_FAILURE;
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NULL_BLOCK, BASE, 6, 0x1f, 0);
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NULL_BLOCK, SEL_ROOT_HST_COPY, 0, 0x1f, 0);
    return RT_EXIT_OK;
}
