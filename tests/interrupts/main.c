/* Interrupts for user-mode drivers, end to end (spec 5.5.2, 6.1.3.1): the
 * UART's receive interrupt, a level-triggered SPI, is assigned to each CPU
 * in turn; a thread on that CPU waits on the interrupt semaphore and reads
 * the character the test harness types after "ready". Then a masked pin
 * must not signal although the line is up, and unmasking delivers it; and a
 * driver PD that dies with its interrupt pending leaves the system running
 * and the pin masked. Last, the GIC and the kernel's own memory cannot be
 * delegated (spec 7.2.1): a thread that reads them through a "mapping"
 * from the NOVA host space faults. A failed check prints FAIL and resets. */
#include <libfdt.h>
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/spawn.h>

#define UART_DR 0x00u
#define UART_FR 0x18u
#define UART_IMSC 0x38u
#define UART_ICR 0x44u
#define FR_RXFE (1u << 4)
#define IMSC_RX (1u << 4) /* receive */
#define IMSC_RT (1u << 6) /* receive timeout */
#define WAIT_S 30u        /* for a character typed by the harness */
#define STACK_WORDS 1024u
#define WORKER_CPUS 8u
#define EVT_WORKER 0x300u /* event selectors of the workers: 0x300 + cpu * 0x80 */

static volatile uint32_t *uart;
static uint64_t sel_int, sel_done, freq;
static const struct nova_hip *hip;
static volatile char received;
static volatile enum nova_status worker_status;
static uint64_t worker_stack[WORKER_CPUS][STACK_WORDS] __attribute__((aligned(16)));
static uint64_t driver_stack[512] __attribute__((aligned(4096))); /* shared with the driver PD */
#define DRIVER_INT 0x10u /* the interrupt semaphore in the driver PD's object space */
#define DRIVER_EVT 0x100u

static __attribute__((noreturn)) void fail(const char *what, uint64_t value)
{
    rt_printf("irq: FAIL %s (0x%lx)\n", what, value);
    rt_exit(RT_EXIT_FAILURE);
    for (;;)
        ;
}

static void check(enum nova_status s, const char *what)
{
    if (s != STATUS_SUCCESS)
        fail(what, s);
}

static char read_char(void)
{
    char c = 0;
    while (!(uart[UART_FR / 4] & FR_RXFE))
        c = (char)uart[UART_DR / 4];
    return c;
}

/* A thread on one CPU: wait for the interrupt, read, report, park. */
static void worker(void)
{
    worker_status = nova_ctrl_sm(sel_int, CTRL_SM_DOWN, rt_stc_now() + freq * WAIT_S);
    received = read_char();
    nova_ctrl_sm(sel_done, 0, 0);
    for (;;)
        nova_ctrl_sm(sel_done + 1, CTRL_SM_DOWN, 0); /* never upped */
}

/* A driver in a PD of its own that takes its interrupt and dies before it
 * serves the device: a store to an unmapped page, with no event portal. */
static void dying_driver(void)
{
    nova_ctrl_sm(DRIVER_INT, CTRL_SM_DOWN, 0);
    *(volatile uint64_t *)(uintptr_t)UINT64_C(0x7000000000) = 0; /* unmapped */
}

/* Protected memory: a thread reads *probe; its data abort (event 0x24) goes
 * to a handler EC that moves it on to probe_faulted(). */
#define EV_DATA_ABORT 0x24u
#define PROBE_EVT 0x700u
static volatile uint32_t *volatile probe;
static volatile unsigned probe_result; /* 1: read, 2: faulted */
static uint64_t probe_stack[STACK_WORDS] __attribute__((aligned(16)));
void probe_faulted(void);
void probe_redirect_entry(void);
/* X0 = PID = the address of ELR_EL2 in the handler's UTCB; X1 = the MTD. */
__asm__(".text\n probe_redirect_entry: ldr x2, =probe_faulted\n str x2, [x0]\n"
        " mov x0, #1\n svc #0\n .ltorg\n");

static void __attribute__((noreturn)) park_after(unsigned result)
{
    probe_result = result;
    nova_ctrl_sm(sel_done, 0, 0);
    for (;;)
        nova_ctrl_sm(sel_done + 1, CTRL_SM_DOWN, 0);
}

void probe_faulted(void) { park_after(2); }

static void probe_read(void)
{
    (void)*probe;
    park_after(1);
}

static void check_protected(struct rt_pd *root, uint64_t paddr, const char *what)
{
    uint64_t ec = rt_sel_alloc(1), sc = ec + 1, handler = rt_sel_alloc(0);
    static unsigned probes; /* each probe thread gets event selectors of its own */
    uint64_t evt = PROBE_EVT + probes++ * 0x80u, utcb = rt_utcb_alloc();
    probe = rt_map_phys(paddr & ~UINT64_C(0xfff), 1, RT_MAD_DEVICE, PERM_MEM_R);
    probe_result = 0;
    if (!probe)
        fail("ctrl_pd of a protected page", rt_map_status());
    check(nova_create_ec(handler, 0, SEL_ROOT_PD, utcb, 0, 0, 0), "handler EC");
    check(
        nova_create_pt(evt + EV_DATA_ABORT, SEL_ROOT_PD, handler, (uintptr_t)probe_redirect_entry),
        "data abort portal");
    check(nova_ctrl_pt(evt + EV_DATA_ABORT, (utcb << 12) + offsetof(struct utcb_arch, elr_el2),
                       MTD_EL2_ELR_SPSR),
          "ctrl_pt");
    check(
        rt_thread_create(root, ec, 0, rt_utcb_alloc(), probe_stack + STACK_WORDS, probe_read, evt),
        "probe thread");
    check(nova_create_sc(sc, SEL_ROOT_PD, ec, SCD(10, 10, 0)), "probe SC");
    check(nova_ctrl_sm(sel_done, CTRL_SM_DOWN, rt_stc_now() + freq * 5), "probe report");
    if (probe_result != 2)
        fail(what, probe_result);
    rt_printf("irq: %s is protected: reading it faulted\n", what);
}

static bool gic_distributor(const void *fdt, uint64_t *paddr)
{
    static const char *const compatible[] = {"arm,gic-v3", "arm,cortex-a15-gic", "arm,gic-400"};
    uint64_t size;
    for (unsigned i = 0; i < sizeof(compatible) / sizeof(compatible[0]); i++) {
        int node = fdt_node_offset_by_compatible(fdt, -1, compatible[i]);
        if (node >= 0 && rt_fdt_reg(fdt, node, 0, paddr, &size))
            return true;
    }
    return false;
}

/* The UART's SPI from its `interrupts` property. */
static unsigned uart_pin(const void *fdt, int node)
{
    unsigned pin, flags;
    if (!rt_fdt_spi(fdt, node, &pin, &flags))
        fail("the UART has no SPI", (uint64_t)node);
    return pin;
}

static void on_cpu(unsigned cpu, struct rt_pd *root)
{
    check(nova_assign_int(sel_int, ASSIGN_INT_LEVEL, cpu, 0, NULL, NULL), "assign_int");
    if (cpu == 0) {
        rt_printf("irq: cpu 0 ready\n");
        check(nova_ctrl_sm(sel_int, CTRL_SM_DOWN, rt_stc_now() + freq * WAIT_S), "down on cpu 0");
        rt_printf("irq: cpu 0 got '%c'\n", read_char());
        return;
    }
    uint64_t ec = rt_sel_alloc(1), sc = ec + 1, evt = EVT_WORKER + cpu * 0x80u;
    check(rt_thread_create(root, ec, cpu, rt_utcb_alloc(), worker_stack[cpu] + STACK_WORDS, worker,
                           evt),
          "thread");
    check(nova_create_sc(sc, SEL_ROOT_PD, ec, SCD(10, 10, 0)), "create_sc");
    rt_printf("irq: cpu %u ready\n", cpu);
    check(nova_ctrl_sm(sel_done, CTRL_SM_DOWN, rt_stc_now() + freq * (WAIT_S + 5)),
          "worker report");
    check(worker_status, "down on the worker's cpu");
    rt_printf("irq: cpu %u got '%c'\n", cpu, received);
}

/* M=1: the line goes up and nothing signals; M=0: it does. */
static void masking(void)
{
    check(nova_assign_int(sel_int, ASSIGN_INT_LEVEL | ASSIGN_INT_MASK, 0, 0, NULL, NULL),
          "assign_int masked");
    rt_printf("irq: masked, ready\n");
    uint64_t end = rt_stc_now() + freq * WAIT_S;
    while (uart[UART_FR / 4] & FR_RXFE)
        if (rt_stc_now() > end)
            fail("no character while masked", 0);
    enum nova_status s = nova_ctrl_sm(sel_int, CTRL_SM_DOWN, rt_stc_now() + freq / 10);
    if (s != STATUS_TIMEOUT)
        fail("a masked pin signalled", s);
    rt_printf("irq: masked pin did not signal\n");
    check(nova_assign_int(sel_int, ASSIGN_INT_LEVEL, 0, 0, NULL, NULL), "assign_int unmasked");
    check(nova_ctrl_sm(sel_int, CTRL_SM_DOWN, rt_stc_now() + freq * 5), "down after unmasking");
    rt_printf("irq: unmasked pin delivered '%c'\n", read_char());
}

static void driver_dies(void)
{
    struct rt_pd pd;
    uint64_t ec = rt_sel_alloc(0), sc = rt_sel_alloc(0), nap = rt_sel_alloc(0);
    check(rt_pd_create(&pd), "driver PD");
    check(rt_pd_share(&pd, driver_stack, sizeof(driver_stack), PERM_MEM_R | PERM_MEM_W),
          "driver stack");
    check(rt_pd_grant(&pd, sel_int, DRIVER_INT, PERM_SM_CTRL_DN), "grant the interrupt");
    check(nova_assign_int(sel_int, ASSIGN_INT_LEVEL, 1, 0, NULL, NULL), "assign_int to cpu 1");
    check(rt_thread_create(&pd, ec, 1, NOVA_UTCB_HVA >> 12, driver_stack + 512, dying_driver,
                           DRIVER_EVT),
          "driver thread");
    check(nova_create_sc(sc, SEL_ROOT_PD, ec, SCD(10, 10, 0)), "driver SC");
    check(nova_create_sm(nap, SEL_ROOT_PD, 0), "create_sm");
    rt_printf("irq: driver PD ready\n");
    uint64_t end = rt_stc_now() + freq * WAIT_S;
    while (uart[UART_FR / 4] & FR_RXFE)
        if (rt_stc_now() > end)
            fail("no character for the driver", 0);
    /* the driver takes the interrupt and dies; a level line left unmasked
     * would now interrupt without end */
    nova_ctrl_sm(nap, CTRL_SM_DOWN, rt_stc_now() + freq / 5);
    /* Back to CPU 0, still masked; the count shows what came meanwhile:
     * nothing, as the driver took the one signal before it died. */
    check(nova_assign_int(sel_int, ASSIGN_INT_LEVEL | ASSIGN_INT_MASK, 0, 0, NULL, NULL),
          "assign_int back, masked");
    enum nova_status s = nova_ctrl_sm(sel_int, CTRL_SM_DOWN, 1);
    if (s != STATUS_TIMEOUT)
        fail("the pin signalled again while its driver was dead", s);
    check(nova_assign_int(sel_int, ASSIGN_INT_LEVEL, 0, 0, NULL, NULL), "assign_int unmasked");
    check(nova_ctrl_sm(sel_int, CTRL_SM_DOWN, rt_stc_now() + freq * 5),
          "down after the driver died");
    rt_printf("irq: after the driver died the pin stayed masked; then delivered '%c'\n",
              read_char());
}

int main(const struct nova_hip *h, uint64_t fdt_pa, uint64_t x1, uint64_t manifest)
{
    const void *fdt;
    struct rt_pd root;
    uint64_t paddr, size;
    int status = rt_console_open(fdt_pa, &fdt);
    (void)x1;
    (void)manifest;
    if (status != RT_EXIT_OK)
        return status;
    hip = h;
    freq = hip->stc_freq;
    int node = rt_fdt_stdout(fdt);
    if (node < 0 || !rt_fdt_reg(fdt, node, 0, &paddr, &size))
        fail("no stdout UART", 0);
    uart = rt_map_range(paddr, size ? size : 0x1000, RT_MAD_DEVICE, PERM_MEM_R | PERM_MEM_W);
    unsigned pin = uart_pin(fdt, node);
    if (!uart || pin >= hip->int_pin)
        fail("UART pin", pin);
    sel_int = rt_sel_alloc(2);
    sel_done = sel_int + 1;
    check(
        nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_INT_BASE + pin, sel_int, 0, 0x1f, 0),
        "take the interrupt semaphore");
    check(nova_create_sm(sel_done, SEL_ROOT_PD, 0), "create_sm");
    check(nova_create_sm(sel_done + 1, SEL_ROOT_PD, 0), "create_sm");
    check(rt_pd_root(&root), "rt_pd_root");
    read_char(); /* anything typed before */
    uart[UART_ICR / 4] = 0x7ff;
    uart[UART_IMSC / 4] = IMSC_RX | IMSC_RT;
    rt_printf("irq: uart pin %u, %u cpus\n", pin, hip->cpu_num);
    for (unsigned cpu = 0; cpu < hip->cpu_num && cpu < WORKER_CPUS; cpu++)
        on_cpu(cpu, &root);
    masking();
    if (hip->cpu_num > 1)
        driver_dies();
    uint64_t gicd;
    if (!gic_distributor(fdt, &gicd))
        fail("no GIC in the FDT", 0);
    check_protected(&root, gicd, "the GIC distributor");
    check_protected(&root, hip->nova_start, "the kernel's first page");
    rt_printf("irq: done\n");
    return RT_EXIT_OK;
}
