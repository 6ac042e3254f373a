/* Reading the flattened device tree the kernel booted with (X0 at entry),
 * through the target libfdt. */
#ifndef NOVART_FDT_H
#define NOVART_FDT_H

#include <stdbool.h>
#include <stdint.h>

/* Largest FDT rt_fdt_map() accepts. */
#define RT_FDT_MAX_SIZE (UINT64_C(2) << 20)

/* Maps the FDT at physical address paddr read-only: first the page with the
 * header, then all totalsize bytes. NULL if paddr is 0, the memory cannot be
 * mapped, or the header is invalid. */
const void *rt_fdt_map(uint64_t paddr);

/* Node named by /chosen/stdout-path (or linux,stdout-path): an alias or a
 * full path, with any ":options" suffix ignored. Negative if none. */
int rt_fdt_stdout(const void *fdt);

bool rt_fdt_is_compatible(const void *fdt, int node, const char *compatible);

/* The index-th (address, size) pair of node's "reg", decoded with the
 * parent's #address-cells and #size-cells. The address is the bus address
 * on the parent's bus; "ranges" translation is not applied. */
bool rt_fdt_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size);

/* The node's first interrupt, if it is a GIC SPI (`interrupts` = <0
 * number flags>, bindings/interrupt-controller/arm,gic.yaml): its number
 * (INTID - 32, the interrupt pin) and its trigger flags (1 edge rising,
 * 4 level high, ...). False without one. */
bool rt_fdt_spi(const void *fdt, int node, unsigned *spi, unsigned *flags);

/* The first range of the first enabled device_type = "memory" node: where
 * the machine's RAM starts (the VMM and the VM tests take guest RAM from
 * its top). False without one. */
bool rt_fdt_first_ram(const void *fdt, uint64_t *base, uint64_t *size);

/* Sum of the sizes of every reg range of every device_type = "memory" node. */
uint64_t rt_fdt_ram_size(const void *fdt);

#endif
