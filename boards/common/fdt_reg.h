/* Reading addresses from a flattened device tree: `reg` entries of a node,
 * translated through the `ranges` of every bus above it to a CPU physical
 * address, and the small cell readers discovery shares. Boot time only. */
#ifndef BOARDS_FDT_REG_H
#define BOARDS_FDT_REG_H

#include "platform.h"

/* Deepest bus nesting walked when translating an address. */
#define FDT_REG_MAX_DEPTH 8

/* #address-cells and #size-cells of a bus node (defaults 2 and 1). Only
 * 1..2 address cells and 0..2 size cells are accepted: false otherwise. */
bool fdt_reg_bus_cells(const void *fdt, int bus, unsigned *addr_cells, unsigned *size_cells);

/* A 4-byte property as a number: false if absent, false with a warning if
 * it has another length. */
bool fdt_reg_u32(const void *fdt, int node, const char *prop, uint32_t *out);

/* True unless the node's status says "disabled" or "fail..." (an absent
 * status means okay). */
bool fdt_reg_node_is_enabled(const void *fdt, int node);

/* Big-endian cells at p (n <= 2) as one number. */
uint64_t fdt_reg_read_cells(const void *p, unsigned n);

/* Number of entries in node's `reg`: 0 if it has none, -1 if malformed
 * (length not a multiple of one entry, or unusable parent cell counts). */
int fdt_reg_count(const void *fdt, int node);

/* Entry index of node's `reg` as a CPU physical range. A bus without
 * `ranges` stops translation (false) unless identity_if_no_ranges, which
 * /reserved-memory uses: reserving too much is the safe mistake there.
 * Every failure prints a warning naming the node. */
bool fdt_reg_get(const void *fdt, int node, unsigned index, bool identity_if_no_ranges,
                 struct mem_range *out);

/* The node's name, or "?" when the tree cannot give one (for warnings). */
const char *fdt_reg_node_name(const void *fdt, int node);

#endif
