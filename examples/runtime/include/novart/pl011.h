/* Arm PL011 UART, polled (PL011 TRM, section 3). */
#ifndef NOVART_PL011_H
#define NOVART_PL011_H

#include <stdbool.h>
#include <stdint.h>

#define PL011_DR 0x00u          /* data register */
#define PL011_FR 0x18u          /* flag register */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */

/* Compatible string of the FDT node this driver handles. */
#define PL011_COMPATIBLE "arm,pl011"

/* Waits for room in the transmit FIFO, then sends c. */
void pl011_putc(volatile void *base, char c);
/* The next received character, or -1 if the receive FIFO is empty. */
int pl011_getc(volatile void *base);

#endif
