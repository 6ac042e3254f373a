/* PL011 UART driver (Arm PrimeCell UART (PL011) Technical Reference Manual,
 * DDI 0183, chapter 3). Polled output only; the console core serializes
 * callers and handles newline translation. */
#include "pl011.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIMSC 0x038
#define UARTICR 0x044

#define FR_BUSY (1u << 3)
#define FR_TXFF (1u << 5)
#define LCR_H_FEN (1u << 4)
#define LCR_H_WLEN_8 (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)
#define ICR_ALL 0x7ffu

/* Polls before giving up on a UART that never drains (absent or wedged):
 * output is dropped rather than hanging the kernel. */
#define PL011_SPIN_LIMIT 1000000

static inline uint32_t reg_read(uintptr_t base, unsigned off)
{
    return *(volatile uint32_t *)(base + off);
}

static inline void reg_write(uintptr_t base, unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(base + off) = v;
}

bool pl011_divisors(uint32_t clock_hz, uint32_t baud, uint32_t *ibrd, uint32_t *fbrd)
{
    if (!clock_hz || !baud)
        return false;
    /* 64 * clock / (16 * baud), rounded to nearest */
    uint64_t div = ((uint64_t)clock_hz * 4 + baud / 2) / baud;
    uint64_t integer = div >> 6;
    if (integer < 1 || integer > 0xffff)
        return false;
    *ibrd = (uint32_t)integer;
    *fbrd = integer == 0xffff ? 0 : (uint32_t)(div & 0x3f);
    return true;
}

static void wait_idle(uintptr_t base)
{
    for (unsigned i = 0; i < PL011_SPIN_LIMIT && (reg_read(base, UARTFR) & FR_BUSY); i++)
        ;
}

/* Disable, drain, program the divisor and 8N1 with FIFOs, re-enable
 * (TRM 3.3.8: LCR_H must be written after IBRD/FBRD to latch them). With
 * no known clock the firmware's divisor and line settings stay. */
static void pl011_init(uintptr_t base, uint32_t clock_hz, uint32_t baud)
{
    uint32_t ibrd, fbrd;

    if (!pl011_divisors(clock_hz, baud, &ibrd, &fbrd)) {
        reg_write(base, UARTCR, reg_read(base, UARTCR) | CR_UARTEN | CR_TXE | CR_RXE);
        return;
    }
    wait_idle(base);
    reg_write(base, UARTCR, 0);
    reg_write(base, UARTLCR_H, 0);
    reg_write(base, UARTIMSC, 0);
    reg_write(base, UARTICR, ICR_ALL);
    reg_write(base, UARTIBRD, ibrd);
    reg_write(base, UARTFBRD, fbrd);
    reg_write(base, UARTLCR_H, LCR_H_WLEN_8 | LCR_H_FEN);
    reg_write(base, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void pl011_putc(uintptr_t base, char c)
{
    for (unsigned i = 0; reg_read(base, UARTFR) & FR_TXFF; i++)
        if (i == PL011_SPIN_LIMIT)
            return;
    reg_write(base, UARTDR, (uint8_t)c);
}

const struct uart_driver pl011_driver = {
    .compatible = "arm,pl011",
    .init = pl011_init,
    .putc = pl011_putc,
};
