/* The PL011 driver, in its own PD. It has the UART's page and its
 * interrupt semaphore, nothing else of the machine. A receive thread waits
 * for the interrupt, echoes each line with a prefix and counts interrupts;
 * a portal lets other PDs write (the printer, the root task). A semaphore
 * keeps their lines from mixing. */
#include "uart_echo.h"

struct driver_page driver_page __attribute__((aligned(4096)));
uint64_t driver_write_stack[STACK_WORDS] __attribute__((aligned(4096)));
#define line driver_page.line

static void tx(char c)
{
    while (driver_page.uart[UART_FR] & FR_TXFF)
        ;
    driver_page.uart[UART_DR] = (uint8_t)c;
}

static void tx_str(const char *s, uint64_t n)
{
    for (uint64_t i = 0; i < n && s[i]; i++) {
        if (s[i] == '\n')
            tx('\r');
        tx(s[i]);
    }
}

static void tx_dec(uint64_t v)
{
    char digits[20];
    unsigned n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        tx(digits[--n]);
}

static bool is(const char *s, unsigned n, const char *word)
{
    unsigned i = 0;
    for (; i < n && word[i] && s[i] == word[i]; i++)
        ;
    return i == n && !word[i];
}

/* One received line: echoed whole, under the transmitter lock. */
static bool echo(unsigned n)
{
    bool quit = is(line, n, "quit");
    nova_ctrl_sm(DRV_SEL_LOCK, CTRL_SM_DOWN, 0);
    tx_str("echo: ", 6);
    tx_str(line, n);
    tx_str("\n", 1);
    driver_page.lines++;
    if (quit) {
        tx_str("uart-echo: ", 11);
        tx_dec(driver_page.lines);
        tx_str(" lines, ", 8);
        tx_dec(driver_page.interrupts);
        tx_str(" interrupts\n", 12);
    }
    nova_ctrl_sm(DRV_SEL_LOCK, 0, 0);
    return quit;
}

void driver_rx_main(void)
{
    unsigned n = 0;
    driver_page.uart[UART_ICR] = 0x7ff;
    driver_page.uart[UART_IMSC] = IMSC_RX | IMSC_RT;
    for (;;) {
        if (nova_ctrl_sm(DRV_SEL_INT, CTRL_SM_DOWN, 0) != STATUS_SUCCESS)
            continue;
        driver_page.interrupts++;
        while (!(driver_page.uart[UART_FR] & FR_RXFE)) {
            char c = (char)driver_page.uart[UART_DR];
            if (c != '\r' && c != '\n') {
                if (n < LINE_MAX)
                    line[n++] = c;
                continue;
            }
            if (n && echo(n)) {
                nova_ctrl_sm(DRV_SEL_DONE, 0, 0);
                for (;;)
                    nova_ctrl_sm(DRV_SEL_PARK, CTRL_SM_DOWN, 0);
            }
            n = 0;
        }
    }
}

/* Portal: word 0 = length, then the bytes. */
void driver_write(uint64_t pid, uint64_t mtd) __attribute__((noreturn));
void driver_write(uint64_t pid, uint64_t mtd)
{
    const uint64_t *utcb = (const uint64_t *)(uintptr_t)pid; /* PID: this EC's UTCB */
    uint64_t n = utcb[0] < WRITE_MAX ? utcb[0] : WRITE_MAX;
    (void)mtd;
    nova_ctrl_sm(DRV_SEL_LOCK, CTRL_SM_DOWN, 0);
    tx_str((const char *)&utcb[1], n);
    nova_ctrl_sm(DRV_SEL_LOCK, 0, 0);
    nova_ipc_reply(0);
}

RT_ENTRY(driver_write_entry, driver_write_stack + 4096, driver_write);
