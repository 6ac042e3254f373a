/* Address translation for FDT `reg` properties (Devicetree Specification
 * v0.4, 2.3.6 reg, 2.3.8 ranges). Iterative: each step moves an address one
 * bus up until it reaches the root, at most FDT_REG_MAX_DEPTH steps. */
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "fdt_index.h"
#include "fdt_reg.h"

const char *fdt_reg_node_name(const void *fdt, int node)
{
    const char *name = fdt_get_name(fdt, node, NULL);

    if (!name)
        return "?";
    return *name ? name : "/";
}

bool fdt_reg_u32(const void *fdt, int node, const char *prop, uint32_t *out)
{
    int len;
    const fdt32_t *val = fdt_getprop(fdt, node, prop, &len);

    if (!val)
        return false;
    if (len != (int)sizeof(*val)) {
        kprintf("fdt: warning: %s: %s has length %d, expected 4\n", fdt_reg_node_name(fdt, node),
                prop, len);
        return false;
    }
    *out = fdt32_to_cpu(*val);
    return true;
}

bool fdt_reg_node_is_enabled(const void *fdt, int node)
{
    int len;
    const char *status = fdt_getprop(fdt, node, "status", &len);

    return fdt_index_status_is_okay(status, len);
}

bool fdt_reg_bus_cells(const void *fdt, int bus, unsigned *addr_cells, unsigned *size_cells)
{
    uint32_t ac = 2, sc = 1;

    fdt_reg_u32(fdt, bus, "#address-cells", &ac);
    fdt_reg_u32(fdt, bus, "#size-cells", &sc);
    if (ac < 1 || ac > 2 || sc > 2) {
        kprintf("fdt: warning: %s: unsupported #address-cells %u / #size-cells %u\n",
                fdt_reg_node_name(fdt, bus), ac, sc);
        return false;
    }
    *addr_cells = ac;
    *size_cells = sc;
    return true;
}

uint64_t fdt_reg_read_cells(const void *p, unsigned n)
{
    const fdt32_t *cell = p;
    uint64_t value = 0;

    for (unsigned i = 0; i < n && i < 2; i++)
        value = (value << 32) | fdt32_to_cpu(cell[i]);
    return value;
}

/* Offsets of node and its ancestors by depth (chain[0] is the root) from
 * the node index, filled only if node is at most FDT_REG_MAX_DEPTH deep.
 * Returns node's depth, -1 if node is not an indexed node of fdt. */
static int ancestors(const void *fdt, int node, int chain[FDT_REG_MAX_DEPTH + 1])
{
    int depth = fdt_index_depth(fdt, node);

    if (depth < 0 || depth > FDT_REG_MAX_DEPTH)
        return depth < 0 ? -1 : depth;
    for (int d = depth, off = node; d >= 0; d--, off = fdt_index_parent(fdt, off))
        chain[d] = off;
    return depth;
}

/* Entries in node's reg of len bytes, and the parent bus's cell counts
 * they are read with (each getprop is a walk over a node's properties). */
static int reg_count(const void *fdt, int node, int len, int parent, unsigned *ac, unsigned *sc)
{
    if (parent < 0 || !fdt_reg_bus_cells(fdt, parent, ac, sc))
        return -1;
    unsigned entry = (*ac + *sc) * 4;
    if (len <= 0 || len % entry) {
        kprintf("fdt: warning: %s: reg has length %d, not a multiple of %u\n",
                fdt_reg_node_name(fdt, node), len, entry);
        return -1;
    }
    return len / (int)entry;
}

int fdt_reg_count(const void *fdt, int node)
{
    unsigned ac, sc;
    int len;

    if (!fdt_getprop(fdt, node, "reg", &len))
        return 0;
    return reg_count(fdt, node, len, fdt_index_parent(fdt, node), &ac, &sc);
}

/* Move [*addr, *addr + size) from the address space of bus's children into
 * the space of bus's parent, using bus's `ranges`. */
static bool translate_one(const void *fdt, int bus, int parent, uint64_t *addr, uint64_t size,
                          bool identity_if_no_ranges)
{
    unsigned cac, csc, pac, psc;
    int len;
    const fdt32_t *ranges = fdt_getprop(fdt, bus, "ranges", &len);

    if (!ranges) {
        if (identity_if_no_ranges)
            return true;
        kprintf("fdt: warning: %s: bus has no ranges, children not addressable\n",
                fdt_reg_node_name(fdt, bus));
        return false;
    }
    if (len == 0)
        return true;
    if (!fdt_reg_bus_cells(fdt, bus, &cac, &csc) || !fdt_reg_bus_cells(fdt, parent, &pac, &psc))
        return false;

    unsigned cells = cac + pac + csc;
    if (len < 0 || len % (int)(cells * 4)) {
        kprintf("fdt: warning: %s: ranges has length %d, not a multiple of %u\n",
                fdt_reg_node_name(fdt, bus), len, cells * 4);
        return false;
    }
    for (int i = 0; i < len / (int)(cells * 4); i++) {
        const fdt32_t *entry = ranges + i * cells;
        uint64_t child = fdt_reg_read_cells(entry, cac);
        uint64_t parent_base = fdt_reg_read_cells(entry + cac, pac);
        uint64_t length = fdt_reg_read_cells(entry + cac + pac, csc);

        if (*addr < child || *addr - child >= length || size > length - (*addr - child))
            continue;
        *addr = parent_base + (*addr - child);
        return true;
    }
    kprintf("fdt: warning: %s: address %llx not covered by ranges\n", fdt_reg_node_name(fdt, bus),
            (unsigned long long)*addr);
    return false;
}

bool fdt_reg_get(const void *fdt, int node, unsigned index, bool identity_if_no_ranges,
                 struct mem_range *out)
{
    unsigned ac, sc;
    int len, chain[FDT_REG_MAX_DEPTH + 1];
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    int depth = ancestors(fdt, node, chain);

    if (!reg || depth <= 0)
        return false;
    if (depth > FDT_REG_MAX_DEPTH) {
        kprintf("fdt: warning: %s: buses nested deeper than %d\n", fdt_reg_node_name(fdt, node),
                FDT_REG_MAX_DEPTH);
        return false;
    }
    int count = reg_count(fdt, node, len, chain[depth - 1], &ac, &sc);
    if (count <= 0 || index >= (unsigned)count)
        return false;

    const fdt32_t *entry = reg + index * (ac + sc);
    uint64_t addr = fdt_reg_read_cells(entry, ac);
    uint64_t size = fdt_reg_read_cells(entry + ac, sc);

    for (int d = depth - 1; d > 0; d--)
        if (!translate_one(fdt, chain[d], chain[d - 1], &addr, size, identity_if_no_ranges))
            return false;
    if (size && addr + size < addr) {
        kprintf("fdt: warning: %s: reg %llx+%llx wraps around\n", fdt_reg_node_name(fdt, node),
                (unsigned long long)addr, (unsigned long long)size);
        return false;
    }
    out->base = pa_init(addr);
    out->size = size;
    return true;
}
