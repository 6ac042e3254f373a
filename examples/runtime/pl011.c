/* PL011 transmit: poll the FIFO-full flag, then write the data register. */
#include <novart/pl011.h>

void pl011_putc(volatile void *base, char c)
{
    volatile uint32_t *fr = (volatile uint32_t *)((volatile char *)base + PL011_FR);
    volatile uint32_t *dr = (volatile uint32_t *)((volatile char *)base + PL011_DR);

    while (*fr & PL011_FR_TXFF)
        ;
    *dr = (uint8_t)c;
}
