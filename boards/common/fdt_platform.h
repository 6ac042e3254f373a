/* Generic platform discovery from a flattened device tree, for boards the
 * FDT fully describes. Boot CPU only, before any other CPU runs. */
#ifndef BOARDS_FDT_PLATFORM_H
#define BOARDS_FDT_PLATFORM_H

#include "board.h"

/* Timer PPIs used when the tree gives none or a malformed one: the Arm
 * Base System Architecture's recommended INTIDs 29, 30, 27, 26. */
#define FDT_TIMER_PPI_SEC_PHYS 13
#define FDT_TIMER_PPI_PHYS 14
#define FDT_TIMER_PPI_VIRT 11
#define FDT_TIMER_PPI_HYP_PHYS 10

#define FDT_UART_DEFAULT_BAUD 115200

/* Largest tree accepted, as for Linux on arm64: the caller maps this much
 * (or fdt_totalsize, if smaller) before calling discovery. */
#define FDT_MAX_SIZE 0x200000u

/* Fill *p from the tree at fdt (kernel-virtual, mapped for fdt_totalsize).
 * p->fdt, the tree's physical address, is set by the caller and kept; all
 * other fields are overwritten. uarts is the board's NULL-terminated
 * driver list, matched against the console node's compatible.
 *
 * Interrupt numbers are PPI numbers (INTID - 16), as in the tree. Bad or
 * missing properties print a warning and leave a safe value: no console,
 * GIC_NONE, PSCI_NONE, the default timer PPIs, cpu_count 0 (the caller
 * then knows only the boot CPU). Returns STATUS_BAD_PAR only for a tree
 * that is not a valid FDT or describes no RAM. */
enum nova_status fdt_platform_discover(const void *fdt, struct platform *p,
                                       const struct uart_driver *const *uarts);

#endif
