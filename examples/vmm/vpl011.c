/* vpl011: the emulated PL011 (vpl011.h). Register semantics from ARM DDI 0183
 * (PrimeCell UART PL011 TRM, r1p5); what differs from the hardware is said
 * where it happens. */
#include "vpl011.h"

#include <string.h>

/* Reset values (DDI 0183 3.2, table 3-1). */
#define CR_RESET (VPL011_CR_RXE | VPL011_CR_TXE)
#define IFLS_RESET 0x12u /* both trigger levels at 1/2 */

/* Implemented bits of the read/write registers. */
#define ILPR_MASK 0xffu
#define IBRD_MASK 0xffffu
#define FBRD_MASK 0x3fu
#define LCR_H_MASK 0xffu
#define CR_MASK 0xff87u /* bits 6:3 reserved */
#define IFLS_MASK 0x3fu
#define DMACR_MASK 0x7u
#define RSR_MASK 0xfu

/* PeriphID0-3: part 0x011, designer 0x41 (Arm), revision 3 (r1p5, the first
 * revision with 32-entry FIFOs; Linux sizes its FIFO use from it),
 * configuration 0. PCellID0-3: the PrimeCell identification. */
static const uint8_t periph_id[4] = {0x11, 0x10, 0x34, 0x00};
static const uint8_t pcell_id[4] = {0x0d, 0xf0, 0x05, 0xb1};

static bool fifo_enabled(const struct vpl011 *uart)
{
    return (uart->lcr_h & VPL011_LCR_H_FEN) != 0;
}

/* With the FIFOs disabled the receiver holds one character (character mode). */
static unsigned rx_capacity(const struct vpl011 *uart)
{
    return fifo_enabled(uart) ? VPL011_FIFO_DEPTH : 1u;
}

/* RXIFLSEL (IFLS bits 5:3): 1/8, 1/4, 1/2, 3/4, 7/8 of 32. The reserved
 * encodings 5-7 act as the reset value 1/2. In character mode the level is
 * the one character the holding register takes. */
static unsigned rx_level(const struct vpl011 *uart)
{
    static const unsigned levels[8] = {4, 8, 16, 24, 28, 16, 16, 16};

    if (!fifo_enabled(uart))
        return 1;
    return levels[(uart->ifls >> 3) & 7u];
}

static bool rx_at_level(const struct vpl011 *uart) { return uart->rx_count >= rx_level(uart); }

/* The receive interrupts after the FIFO's fill or trigger level changed;
 * `was_at_level` is rx_at_level() before the change. RXIS is set when the fill reaches the trigger
 * level (a transition, as on the hardware: an ICR write keeps it clear until the fill drops below
 * the level and reaches it again) and clears when the fill drops below it. RTIS stands for an
 * immediately expired receive timeout: set whenever characters sit below the level, clear once the
 * FIFO is empty. */
static void rx_update(struct vpl011 *uart, bool was_at_level)
{
    unsigned level = rx_level(uart);
    unsigned count = uart->rx_count;

    if (!was_at_level && count >= level)
        uart->ris |= VPL011_INT_RX;
    if (count < level)
        uart->ris &= ~VPL011_INT_RX;
    if (count > 0 && count < level)
        uart->ris |= VPL011_INT_RT;
    else
        uart->ris &= ~VPL011_INT_RT;
}

static void irq_report(struct vpl011 *uart)
{
    if (uart->irq)
        uart->irq(uart->ctx, vpl011_irq_level(uart));
}

static bool rx_push(struct vpl011 *uart, uint8_t c)
{
    if (uart->rx_count >= rx_capacity(uart))
        return false;
    uart->rx_fifo[(uart->rx_head + uart->rx_count) % VPL011_FIFO_DEPTH] = c;
    uart->rx_count++;
    return true;
}

static uint32_t rx_pop(struct vpl011 *uart)
{
    uint32_t value;
    bool was_full = uart->rx_count >= rx_capacity(uart);
    bool was_at_level = rx_at_level(uart);

    if (uart->rx_count == 0)
        return 0;
    value = uart->rx_fifo[uart->rx_head];
    uart->rx_head = (uart->rx_head + 1) % VPL011_FIFO_DEPTH;
    uart->rx_count--;
    /* DR's OE bit: the FIFO was full when a character arrived; it clears once
     * there is room again, which this read just made. */
    if (uart->rsr & VPL011_RSR_OE && was_full)
        value |= VPL011_DR_OE;
    rx_update(uart, was_at_level);
    return value;
}

static void line_emit(struct vpl011 *uart)
{
    if (uart->line_len > 0 && uart->output)
        uart->output(uart->ctx, uart->line, uart->line_len);
    uart->line_len = 0;
}

/* Line buffering: a line opens with the prefix and is emitted at its '\n' or
 * when the buffer is full (the rest then follows without a second prefix).
 * Carriage returns are dropped: the output is a log of prefixed lines, and
 * Linux's console sends "\r\n" for every newline. */
static void tx_char(struct vpl011 *uart, uint8_t c)
{
    if (c == '\r')
        return;
    if (uart->at_line_start) {
        memcpy(uart->line, uart->prefix, uart->prefix_len);
        uart->line_len = uart->prefix_len;
        uart->at_line_start = false;
    }
    uart->line[uart->line_len++] = (char)c;
    if (c == '\n')
        uart->at_line_start = true;
    if (c == '\n' || uart->line_len == VPL011_LINE_MAX)
        line_emit(uart);
}

/* A DR write. The character leaves at once, so the FIFO passes through its
 * trigger level back to empty: TXIS is set, as the hardware sets it when the
 * written data has left and the FIFO is at or below the level. It stays set
 * until an ICR write clears it (the FIFO never fills up to clear it). In
 * loopback (CR.LBE) the character is received instead of sent. */
static void dr_write(struct vpl011 *uart, uint32_t value)
{
    uint8_t c = (uint8_t)value;

    if (uart->cr & VPL011_CR_LBE) {
        bool was_at_level = rx_at_level(uart);

        if (!rx_push(uart, c)) {
            uart->rsr |= VPL011_RSR_OE;
            uart->ris |= VPL011_INT_OE;
        }
        rx_update(uart, was_at_level);
    } else {
        tx_char(uart, c);
    }
    uart->ris |= VPL011_INT_TX;
}

/* The transmitter is never busy or full; no modem line ever changes, and
 * CTS, DSR and DCD read as asserted (a terminal is attached). */
static uint32_t fr_value(const struct vpl011 *uart)
{
    uint32_t fr = VPL011_FR_TXFE | VPL011_FR_CTS | VPL011_FR_DSR | VPL011_FR_DCD;

    if (uart->rx_count == 0)
        fr |= VPL011_FR_RXFE;
    if (uart->rx_count >= rx_capacity(uart))
        fr |= VPL011_FR_RXFF;
    return fr;
}

static bool reg_read(struct vpl011 *uart, uint32_t offset, uint32_t *value)
{
    if (offset >= VPL011_PERIPHID0 && offset < VPL011_PCELLID0) {
        *value = periph_id[(offset - VPL011_PERIPHID0) / 4];
        return true;
    }
    if (offset >= VPL011_PCELLID0 && offset < VPL011_MMIO_SIZE) {
        *value = pcell_id[(offset - VPL011_PCELLID0) / 4];
        return true;
    }
    switch (offset) {
    case VPL011_DR:
        *value = rx_pop(uart);
        return true;
    case VPL011_RSR:
        *value = uart->rsr;
        return true;
    case VPL011_FR:
        *value = fr_value(uart);
        return true;
    case VPL011_ILPR:
        *value = uart->ilpr;
        return true;
    case VPL011_IBRD:
        *value = uart->ibrd;
        return true;
    case VPL011_FBRD:
        *value = uart->fbrd;
        return true;
    case VPL011_LCR_H:
        *value = uart->lcr_h;
        return true;
    case VPL011_CR:
        *value = uart->cr;
        return true;
    case VPL011_IFLS:
        *value = uart->ifls;
        return true;
    case VPL011_IMSC:
        *value = uart->imsc;
        return true;
    case VPL011_RIS:
        *value = uart->ris;
        return true;
    case VPL011_MIS:
        *value = uart->ris & uart->imsc;
        return true;
    case VPL011_ICR: /* write-only */
        *value = 0;
        return true;
    case VPL011_DMACR:
        *value = uart->dmacr;
        return true;
    default:
        return false;
    }
}

static bool reg_write(struct vpl011 *uart, uint32_t offset, uint32_t value)
{
    bool was_at_level = rx_at_level(uart);

    switch (offset) {
    case VPL011_DR:
        dr_write(uart, value);
        return true;
    case VPL011_RSR: /* ECR: any write clears the error flags */
        uart->rsr = 0;
        uart->ris &= ~VPL011_INT_OE;
        return true;
    case VPL011_ILPR:
        uart->ilpr = value & ILPR_MASK;
        return true;
    case VPL011_IBRD:
        uart->ibrd = value & IBRD_MASK;
        return true;
    case VPL011_FBRD:
        uart->fbrd = value & FBRD_MASK;
        return true;
    case VPL011_LCR_H:
        uart->lcr_h = value & LCR_H_MASK;
        rx_update(uart, was_at_level); /* FEN changes the capacity and the level */
        return true;
    case VPL011_CR:
        uart->cr = value & CR_MASK;
        return true;
    case VPL011_IFLS:
        uart->ifls = value & IFLS_MASK;
        rx_update(uart, was_at_level);
        return true;
    case VPL011_IMSC:
        uart->imsc = value & VPL011_INT_ALL;
        return true;
    case VPL011_ICR:
        uart->ris &= ~(value & VPL011_INT_ALL);
        return true;
    case VPL011_DMACR: /* no DMA interface: the bits are kept and ignored */
        uart->dmacr = value & DMACR_MASK;
        return true;
    case VPL011_FR:
    case VPL011_RIS:
    case VPL011_MIS: /* read-only: writes are ignored */
        return true;
    default:
        return offset >= VPL011_PERIPHID0 && offset < VPL011_MMIO_SIZE;
    }
}

static bool access_is_valid(uint64_t offset, unsigned size)
{
    if (size != 1 && size != 2 && size != 4)
        return false;
    return offset < VPL011_MMIO_SIZE && offset % 4 == 0;
}

void vpl011_init(struct vpl011 *uart, const char *prefix, vpl011_output_fn output,
                 vpl011_irq_fn irq, void *ctx)
{
    size_t len = prefix ? strlen(prefix) : 0;

    memset(uart, 0, sizeof(*uart));
    if (len > VPL011_PREFIX_MAX - 1)
        len = VPL011_PREFIX_MAX - 1;
    if (len > 0)
        memcpy(uart->prefix, prefix, len);
    uart->prefix_len = len;
    uart->at_line_start = true;
    uart->output = output;
    uart->irq = irq;
    uart->ctx = ctx;
    uart->cr = CR_RESET;
    uart->ifls = IFLS_RESET;
}

bool vpl011_read(struct vpl011 *uart, uint64_t offset, unsigned size, uint64_t *value)
{
    uint32_t v = 0;
    bool valid = access_is_valid(offset, size) && reg_read(uart, (uint32_t)offset, &v);

    if (!valid)
        v = 0;
    if (size == 1)
        v &= 0xffu;
    else if (size == 2)
        v &= 0xffffu;
    *value = v;
    irq_report(uart);
    return valid;
}

bool vpl011_write(struct vpl011 *uart, uint64_t offset, unsigned size, uint64_t value)
{
    bool valid = access_is_valid(offset, size);

    if (valid) {
        if (size == 1)
            value &= 0xffu;
        else if (size == 2)
            value &= 0xffffu;
        valid = reg_write(uart, (uint32_t)offset, (uint32_t)value);
    }
    irq_report(uart);
    return valid;
}

size_t vpl011_rx_space(const struct vpl011 *uart)
{
    unsigned capacity = rx_capacity(uart);

    return uart->rx_count >= capacity ? 0 : capacity - uart->rx_count;
}

size_t vpl011_receive(struct vpl011 *uart, const char *text, size_t len)
{
    bool was_at_level = rx_at_level(uart);
    size_t taken = 0;

    while (taken < len && rx_push(uart, (uint8_t)text[taken]))
        taken++;
    if (taken > 0)
        rx_update(uart, was_at_level);
    irq_report(uart);
    return taken;
}

bool vpl011_irq_level(const struct vpl011 *uart) { return (uart->ris & uart->imsc) != 0; }

void vpl011_flush(struct vpl011 *uart) { line_emit(uart); }
