/* Arm PrimeCell UART (PL011), the console of QEMU virt and many boards. */
#ifndef BOARDS_PL011_H
#define BOARDS_PL011_H

#include "board.h"

extern const struct uart_driver pl011_driver;

/* Baud divisor for a reference clock: clock / (16 * baud) as a 16.6 fixed
 * point number, rounded (PL011 TRM 3.3.6). False if it does not fit the
 * registers (integer part 1..65535) or an argument is zero. */
bool pl011_divisors(uint32_t clock_hz, uint32_t baud, uint32_t *ibrd, uint32_t *fbrd);

#endif
