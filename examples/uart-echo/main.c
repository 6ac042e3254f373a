/* uart-echo's root task: it finds the UART and its interrupt in the FDT,
 * gives a driver PD the UART's page and interrupt semaphore (and nothing
 * else of the machine), gives a printer PD the memory-buffer console and
 * the driver's write portal, then waits until the driver has echoed
 * "quit". The kernel runs without `serial`: after boot its messages reach
 * the UART only through the printer. To show that, the root starts a
 * thread without a STARTUP portal, which the kernel kills and reports. */
#include <libfdt.h>
#include <nova/utcb.h>

#include "uart_echo.h"

#define CPU 0u
#define WRITE_UTCB_VPN 0x2000000u /* the write portal's EC, in the driver PD */
#define DOOMED_EVT 0x500u         /* null selectors: no STARTUP portal */
#define RW (PERM_MEM_R | PERM_MEM_W)

static bool ok(enum nova_status s, const char *what)
{
    if (s != STATUS_SUCCESS)
        rt_printf("uart-echo: FAIL %s: status %u\n", what, (unsigned)s);
    return s == STATUS_SUCCESS;
}

/* The stdout UART: its registers and its SPI (`interrupts`: type 0, number). */
static bool find_uart(const void *fdt, uint64_t *paddr, unsigned *pin)
{
    int node = rt_fdt_stdout(fdt);
    uint64_t size;
    unsigned flags;
    return node >= 0 && rt_fdt_spi(fdt, node, pin, &flags) &&
           rt_fdt_reg(fdt, node, 0, paddr, &size);
}

/* The driver PD: the UART page, its interrupt, a lock, and the write portal. */
static bool start_driver(uint64_t sel_int, uint64_t *write_pt, uint64_t *done)
{
    struct rt_pd drv;
    uint64_t s = rt_sel_alloc(3), lock = s, park = s + 1, rx = s + 2, rx_sc = s + 3, wr = s + 4;
    *done = s + 5;
    *write_pt = s + 6;
    return ok(rt_pd_create(&drv), "driver PD") &&
           ok(rt_pd_share(&drv, (const void *)driver_page.uart, 4096, RW), "share the UART") &&
           ok(rt_pd_share(&drv, &driver_page, sizeof(driver_page), RW), "share its data") &&
           ok(rt_pd_share(&drv, driver_write_stack, 4096, RW), "share a stack") &&
           ok(nova_create_sm(lock, SEL_ROOT_PD, 1), "create_sm") &&
           ok(nova_create_sm(park, SEL_ROOT_PD, 0), "create_sm") &&
           ok(nova_create_sm(*done, SEL_ROOT_PD, 0), "create_sm") &&
           ok(rt_pd_grant(&drv, sel_int, DRV_SEL_INT, PERM_SM_CTRL_DN), "grant the interrupt") &&
           ok(rt_pd_grant(&drv, lock, DRV_SEL_LOCK, PERM_SM_CTRL_UP | PERM_SM_CTRL_DN), "grant") &&
           ok(rt_pd_grant(&drv, park, DRV_SEL_PARK, PERM_SM_CTRL_DN), "grant") &&
           ok(rt_pd_grant(&drv, *done, DRV_SEL_DONE, PERM_SM_CTRL_UP), "grant") &&
           ok(nova_create_ec(wr, CREATE_EC_FPU, drv.pd, WRITE_UTCB_VPN, CPU, 0, 0), "writer EC") &&
           ok(nova_create_pt(*write_pt, SEL_ROOT_PD, wr, (uintptr_t)driver_write_entry),
              "portal") &&
           ok(nova_ctrl_pt(*write_pt, (uint64_t)WRITE_UTCB_VPN << 12, 0), "ctrl_pt") &&
           ok(nova_assign_int(sel_int, ASSIGN_INT_LEVEL, CPU, 0, NULL, NULL), "assign_int") &&
           ok(rt_thread_create(&drv, rx, CPU, NOVA_UTCB_HVA >> 12,
                               driver_page.rx_stack + STACK_WORDS, driver_rx_main, DRV_SEL_EVT),
              "receive thread") &&
           ok(nova_create_sc(rx_sc, SEL_ROOT_PD, rx, SCD(10, 20, 0)), "receive SC");
}

/* The printer PD: the memory buffer, the console semaphore, the portal. */
static bool start_printer(const struct nova_hip *hip, uint64_t write_pt)
{
    struct rt_pd prn;
    uint64_t size = hip->mbuf_end - hip->mbuf_start;
    uint64_t s = rt_sel_alloc(2), console = s, ec = s + 1, sc = s + 2;
    printer_page.mbuf = rt_map_phys(hip->mbuf_start, size / 4096, RT_MAD_MEMORY, RW);
    printer_page.mbuf_size = size;
    return printer_page.mbuf && ok(rt_pd_create(&prn), "printer PD") &&
           ok(rt_pd_share(&prn, (const void *)printer_page.mbuf, size, RW), "share the mbuf") &&
           ok(rt_pd_share(&prn, &printer_page, sizeof(printer_page), RW), "share its data") &&
           ok(nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_CONSOLE_SM, console, 0, 0x1f,
                           0),
              "take the console semaphore") &&
           ok(rt_pd_grant(&prn, console, PRN_SEL_CONSOLE, PERM_SM_CTRL_DN), "grant") &&
           ok(rt_pd_grant(&prn, write_pt, PRN_SEL_WRITE, PERM_PT_CALL), "grant") &&
           ok(rt_thread_create(&prn, ec, CPU, NOVA_UTCB_HVA >> 12, printer_page.stack + STACK_WORDS,
                               printer_main, PRN_SEL_EVT),
              "printer thread") &&
           ok(nova_create_sc(sc, SEL_ROOT_PD, ec, SCD(10, 10, 0)), "printer SC");
}

/* From now on the root writes through the driver like everyone else. */
static void say(uint64_t write_pt, const char *text)
{
    uint64_t *utcb = (uint64_t *)(uintptr_t)NOVA_UTCB_HVA;
    char *out = (char *)&utcb[1];
    uint64_t n = 0;
    for (; text[n] && n < WRITE_MAX; n++)
        out[n] = text[n];
    utcb[0] = n;
    uint32_t mtd = (uint32_t)((n + 7) / 8);
    nova_ipc_call(write_pt, 0, &mtd);
}

int main(const struct nova_hip *hip, uint64_t fdt_pa, uint64_t x1, uint64_t manifest)
{
    const void *fdt;
    uint64_t paddr, sel_int = rt_sel_alloc(0), write_pt, done;
    unsigned pin;
    int status = rt_console_open(fdt_pa, &fdt);
    (void)x1;
    (void)manifest;
    if (status != RT_EXIT_OK)
        return status;
    if (!find_uart(fdt, &paddr, &pin) || pin >= hip->int_pin) {
        rt_printf("uart-echo: FAIL no UART with an SPI in the FDT\n");
        return RT_EXIT_FAILURE;
    }
    rt_printf("uart-echo: UART at 0x%lx, interrupt pin %u: a driver PD gets both\n", paddr, pin);
    driver_page.uart = rt_map_phys(paddr, 1, RT_MAD_DEVICE, RW);
    if (!driver_page.uart ||
        !ok(nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_INT_BASE + pin, sel_int, 0, 0x1f,
                         0),
            "take the interrupt semaphore") ||
        !start_driver(sel_int, &write_pt, &done) || !start_printer(hip, write_pt))
        return RT_EXIT_FAILURE;
    /* a thread the kernel kills at once: its report comes through the printer */
    uint64_t doomed = rt_sel_alloc(1);
    if (!ok(nova_create_ec(doomed, CREATE_EC_GLOBAL, SEL_ROOT_PD, rt_utcb_alloc(), CPU, 0,
                           DOOMED_EVT),
            "doomed EC") ||
        !ok(nova_create_sc(doomed + 1, SEL_ROOT_PD, doomed, SCD(1, 5, 0)), "doomed SC"))
        return RT_EXIT_FAILURE;
    say(write_pt, "uart-echo: ready, type lines; 'quit' ends\n");
    nova_ctrl_sm(done, CTRL_SM_DOWN, 0);
    return RT_EXIT_OK;
}
