/* The steps of fdt_platform_discover(), one per part of struct platform.
 * Internal to boards/common; each step warns about what it cannot use and
 * leaves the fields it owns at their safe values. */
#ifndef BOARDS_FDT_DISCOVER_H
#define BOARDS_FDT_DISCOVER_H

#include "board.h"

/* fdt_memory.c: RAM banks, /memreserve/ and /reserved-memory */
void fdt_discover_memory(const void *fdt, struct platform *p);
void fdt_discover_reserved(const void *fdt, struct platform *p);

/* fdt_console.c: the UART named by /chosen/stdout-path */
void fdt_discover_console(const void *fdt, struct platform *p,
                          const struct uart_driver *const *uarts);

/* fdt_interrupts.c: the GIC and the generic timer's PPIs. The GIC step
 * returns the GIC's #interrupt-cells (3 without a GIC), which the timer
 * step reads its interrupts with. */
unsigned fdt_discover_gic(const void *fdt, struct platform *p);
void fdt_discover_timer(const void *fdt, struct platform *p, unsigned gic_cells);
void fdt_discover_timer_defaults(struct platform *p);

#endif
