/* Stress: rounds of creating, using and destroying PDs, spaces, local and
 * global ECs on every CPU, SCs, portals and semaphores, some while they run
 * on another CPU. The root task prints nothing (it maps nothing, so the
 * kernel allocates nothing for it); the kernel reports its free memory
 * when the root task starts and when it powers off, and the QEMU test
 * requires the two to be equal. A failed check resets instead of powering
 * off. */
#include <nova/utcb.h>
#include <novart/rt.h>

#define ROUNDS 150
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
uint64_t *server_stack_top = server_stack + STACK_WORDS;
uint64_t *handler_stack_top = handler_stack + STACK_WORDS;
volatile uint64_t spins;

void server_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void handler_main(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void spinner_main(void) __attribute__((noreturn));
void server_entry(void);
void handler_entry(void);
void spinner_entry(void);

__asm__(".text\n"
        "server_entry: adrp x16, server_stack_top\n ldr x16, [x16, :lo12:server_stack_top]\n"
        " mov sp, x16\n b server_main\n"
        "handler_entry: adrp x16, handler_stack_top\n ldr x16, [x16, :lo12:handler_stack_top]\n"
        " mov sp, x16\n b handler_main\n"
        "spinner_entry: b spinner_main\n");

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
    (void)pid;
    (void)mtd;
    u->elr_el2 = (uintptr_t)spinner_entry;
    nova_ipc_reply(MTD_EL2_ELR_SPSR);
}

void spinner_main(void)
{
    for (;;)
        spins++;
}

static uint64_t now(void)
{
    uint64_t t;
    __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(t));
    return t;
}

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            return false;                                                                          \
    } while (0)

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
    uint64_t before = spins, deadline = now() + hip->stc_freq / 10;
    while (spins == before && now() < deadline)
        nova_ctrl_sm(sm, CTRL_SM_DOWN, now() + hip->stc_freq / 1000); /* CPU 0: let it run */
    REQUIRE(spins != before);

    /* everything goes at once, the spinner while it runs */
    REQUIRE(nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NULL_BLOCK, BASE, 6, 0x1f, 0) ==
            STATUS_SUCCESS);
    return true;
}

int main(const struct nova_hip *hip, uint64_t fdt, uint64_t x1, uint64_t manifest)
{
    (void)fdt;
    (void)x1;
    (void)manifest;
    if (nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, SEL_ROOT_HST_COPY, 0, 0x1f,
                     0) != STATUS_SUCCESS)
        return RT_EXIT_FAILURE;
    for (unsigned r = 0; r < ROUNDS; r++)
        if (!round_trip(r % hip->cpu_num, hip))
            return RT_EXIT_FAILURE;
    /* An EC destroyed while it ran on another CPU is freed by that CPU on
     * its next pass through the scheduler: give the last ones 500 ms. */
    const uint64_t sm = BASE;
    if (nova_create_sm(sm, SEL_ROOT_PD, 0) != STATUS_SUCCESS ||
        nova_ctrl_sm(sm, CTRL_SM_DOWN, now() + hip->stc_freq / 2) != STATUS_TIMEOUT)
        return RT_EXIT_FAILURE;
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NULL_BLOCK, BASE, 6, 0x1f, 0);
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, NULL_BLOCK, SEL_ROOT_HST_COPY, 0, 0x1f, 0);
    return RT_EXIT_OK;
}
