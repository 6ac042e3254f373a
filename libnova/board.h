/* The board interface: the only way the core reaches board code.
 * Each board library defines exactly one `const struct board board`. */
#ifndef LIBNOVA_BOARD_H
#define LIBNOVA_BOARD_H

#include "platform.h"
#include "status.h"

struct uart_driver {
    const char *compatible;
    /* base is a kernel-virtual address of the mapped registers */
    void (*init)(uintptr_t base, uint32_t clock_hz, uint32_t baud);
    void (*putc)(uintptr_t base, char c);
};

struct board {
    const char *name;
    /* Where to look for a device tree when the loader passed none (X0 = 0,
     * as QEMU does for an ELF); zero if the board has no such convention. */
    paddr_t fdt_fallback;
    /* UART drivers this board may use, NULL-terminated. */
    const struct uart_driver *const *uarts;
    /* Fill *p from the flattened device tree mapped at fdt (kernel-virtual).
     * Returns STATUS_SUCCESS or STATUS_BAD_PAR for a tree it cannot use. */
    enum nova_status (*discover)(const void *fdt, struct platform *p);
};

extern const struct board board;

#endif
