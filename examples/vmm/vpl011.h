/* vpl011: an emulated ARM PrimeCell UART (PL011, ARM DDI 0183 r1p5) for a
 * guest, as Linux's amba-pl011 driver and its pl011 earlycon use it.
 *
 * Transmission is instantaneous: every character written to DR leaves at
 * once through the output callback, so the transmit FIFO is always empty.
 * Received characters come from the VMM through vpl011_receive() into a
 * 32-entry receive FIFO. The receive timeout is immediate (an emulation has
 * no bit periods to wait). Baud rate, line control and the enable bits of CR
 * are kept but gate nothing: Linux's earlycon writes DR before any driver
 * has enabled the UART.
 *
 * A struct vpl011 is owned by one VMM thread: the functions take no lock. */
#ifndef VPL011_H
#define VPL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Register offsets (DDI 0183 3.2). */
#define VPL011_DR 0x000u
#define VPL011_RSR 0x004u /* RSR on read, ECR on write */
#define VPL011_FR 0x018u
#define VPL011_ILPR 0x020u
#define VPL011_IBRD 0x024u
#define VPL011_FBRD 0x028u
#define VPL011_LCR_H 0x02cu
#define VPL011_CR 0x030u
#define VPL011_IFLS 0x034u
#define VPL011_IMSC 0x038u
#define VPL011_RIS 0x03cu
#define VPL011_MIS 0x040u
#define VPL011_ICR 0x044u
#define VPL011_DMACR 0x048u
#define VPL011_PERIPHID0 0xfe0u
#define VPL011_PCELLID0 0xff0u
#define VPL011_MMIO_SIZE 0x1000u

/* DR read: the received character and its error bits. */
#define VPL011_DR_OE (1u << 11)

/* RSR/ECR */
#define VPL011_RSR_OE (1u << 3)

/* FR */
#define VPL011_FR_CTS (1u << 0)
#define VPL011_FR_DSR (1u << 1)
#define VPL011_FR_DCD (1u << 2)
#define VPL011_FR_BUSY (1u << 3)
#define VPL011_FR_RXFE (1u << 4)
#define VPL011_FR_TXFF (1u << 5)
#define VPL011_FR_RXFF (1u << 6)
#define VPL011_FR_TXFE (1u << 7)

/* LCR_H */
#define VPL011_LCR_H_FEN (1u << 4)

/* CR */
#define VPL011_CR_UARTEN (1u << 0)
#define VPL011_CR_LBE (1u << 7)
#define VPL011_CR_TXE (1u << 8)
#define VPL011_CR_RXE (1u << 9)

/* Interrupt bits of IMSC, RIS, MIS and ICR. */
#define VPL011_INT_RX (1u << 4)  /* RXIS */
#define VPL011_INT_TX (1u << 5)  /* TXIS */
#define VPL011_INT_RT (1u << 6)  /* RTIS */
#define VPL011_INT_OE (1u << 10) /* OEIS */
#define VPL011_INT_ALL 0x7ffu

#define VPL011_FIFO_DEPTH 32u
#define VPL011_PREFIX_MAX 32u
#define VPL011_LINE_MAX 256u

/* Receives the UART's output: one line (prefix, text and the '\n'), or a
 * partial line when the line buffer fills or vpl011_flush() is called. */
typedef void (*vpl011_output_fn)(void *ctx, const char *text, size_t len);

/* Called after every access that may change the interrupt line, with the
 * line's level (RIS & IMSC != 0); the VMM forwards it to the SPI. */
typedef void (*vpl011_irq_fn)(void *ctx, bool level);

struct vpl011 {
    vpl011_output_fn output;
    vpl011_irq_fn irq;
    void *ctx;

    char prefix[VPL011_PREFIX_MAX]; /* NUL-terminated, at most 31 characters */
    size_t prefix_len;
    char line[VPL011_LINE_MAX]; /* output not yet emitted */
    size_t line_len;
    bool at_line_start; /* the next character opens a line (prefix first) */

    uint8_t rx_fifo[VPL011_FIFO_DEPTH];
    unsigned rx_head; /* index of the oldest character */
    unsigned rx_count;
    uint32_t rsr; /* error status (only OE can happen here) */
    uint32_t ris; /* raw interrupt status */

    uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
};

/* Resets the UART to the PL011 reset values. `prefix` starts every output
 * line (e.g. "[linux0] "); longer than VPL011_PREFIX_MAX - 1 is cut. The
 * callbacks may be NULL. */
void vpl011_init(struct vpl011 *uart, const char *prefix, vpl011_output_fn output,
                 vpl011_irq_fn irq, void *ctx);

/* A guest access at `offset` in the UART's 4 KiB page. Naturally aligned
 * 8-, 16- and 32-bit accesses at a register's offset are valid (Linux's
 * driver uses 16-bit accesses and its earlycon 8-bit stores to DR). Returns
 * false for any other access, which then has no effect (reads give 0). */
bool vpl011_read(struct vpl011 *uart, uint64_t offset, unsigned size, uint64_t *value);
bool vpl011_write(struct vpl011 *uart, uint64_t offset, unsigned size, uint64_t value);

/* Queues input for the guest; returns how many characters fit in the receive
 * FIFO (the caller keeps the rest and offers them again later). */
size_t vpl011_receive(struct vpl011 *uart, const char *text, size_t len);

/* How many more characters vpl011_receive() would take now. */
size_t vpl011_rx_space(const struct vpl011 *uart);

/* The interrupt line: RIS & IMSC != 0. */
bool vpl011_irq_level(const struct vpl011 *uart);

/* Emits a started output line without waiting for its '\n'. A prompt ("# ")
 * has none: the VMM calls this when the guest waits (WFI) or from a timer. */
void vpl011_flush(struct vpl011 *uart);

#endif
