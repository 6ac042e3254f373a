/* PL011, polled: transmit waits for FIFO room, receive takes what is there. */
#include <novart/pl011.h>

void pl011_putc(volatile void *base, char c)
{
    volatile uint32_t *fr = (volatile uint32_t *)((volatile char *)base + PL011_FR);
    volatile uint32_t *dr = (volatile uint32_t *)((volatile char *)base + PL011_DR);

    while (*fr & PL011_FR_TXFF)
        ;
    *dr = (uint8_t)c;
}

int pl011_getc(volatile void *base)
{
    volatile uint32_t *reg = base;
    if (reg[PL011_FR / 4] & PL011_FR_RXFE)
        return -1;
    return (int)(reg[PL011_DR / 4] & 0xff);
}
