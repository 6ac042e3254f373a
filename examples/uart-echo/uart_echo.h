/* uart-echo: a user-mode PL011 driver in a PD of its own, a PD that prints
 * the kernel's memory-buffer console through it, and the root task that
 * builds both (docs/examples.md). Shared constants. */
#ifndef UART_ECHO_H
#define UART_ECHO_H

#include <novart/rt.h>
#include <novart/spawn.h>
#include <stdint.h>

/* Selectors in the driver PD's object space. */
#define DRV_SEL_INT 0x10u  /* the UART's interrupt semaphore (CTRL_DN) */
#define DRV_SEL_LOCK 0x11u /* a mutex over the transmitter (UP, DN) */
#define DRV_SEL_DONE 0x12u /* upped once "quit" was echoed (UP) */
#define DRV_SEL_PARK 0x13u /* never upped (DN) */
#define DRV_SEL_EVT 0x100u /* event selectors of the receive thread */

/* Selectors in the printer PD's object space. */
#define PRN_SEL_CONSOLE 0x10u /* the console semaphore (CTRL_DN) */
#define PRN_SEL_WRITE 0x11u   /* the driver's write portal (CALL) */
#define PRN_SEL_EVT 0x100u

/* The write portal: word 0 the length, then the bytes (at most this many). */
#define WRITE_MAX ((512u - 1u) * 8u)

/* PL011 registers (ARM DDI 0183), in 32-bit words. */
#define UART_DR (0x00u / 4)
#define UART_FR (0x18u / 4)
#define UART_IMSC (0x38u / 4)
#define UART_ICR (0x44u / 4)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define IMSC_RX (1u << 4)
#define IMSC_RT (1u << 6)

#define LINE_MAX 256u
#define STACK_WORDS 512u

/* A child PD sees the image's text and only the pages the root shares
 * with it: all its data lives in these page-aligned blocks. */
struct driver_page {
    volatile uint32_t *uart; /* the UART registers, mapped in the driver PD */
    uint64_t lines, interrupts;
    char line[LINE_MAX];
    uint64_t rx_stack[STACK_WORDS] __attribute__((aligned(16)));
};

/* The write portal's stack: a page of its own, so that its entry stub can
 * name its top at link time. */
extern uint64_t driver_write_stack[STACK_WORDS];

struct printer_page {
    volatile void *mbuf; /* the memory buffer, mapped at the root's address */
    uint64_t mbuf_size;
    uint64_t stack[STACK_WORDS] __attribute__((aligned(16)));
};

extern struct driver_page driver_page;
extern struct printer_page printer_page;

void driver_rx_main(void);
void driver_write_entry(void);
void printer_main(void);

#endif
