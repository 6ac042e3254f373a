/* FDT access for the root task: mapping it and the few lookups a root task
 * needs to find its console and memory. */
#include <libfdt.h>
#include <novart/fdt.h>
#include <novart/mem.h>

const void *rt_fdt_map(uint64_t paddr)
{
    const void *hdr;
    const void *fdt;
    uint32_t size;

    if (!paddr)
        return NULL;
    hdr = rt_map_range(paddr, sizeof(struct fdt_header), RT_MAD_MEMORY, PERM_MEM_R);
    if (!hdr || fdt_magic(hdr) != FDT_MAGIC)
        return NULL;
    size = fdt_totalsize(hdr);
    if (size < sizeof(struct fdt_header) || size > RT_FDT_MAX_SIZE)
        return NULL;
    fdt = rt_map_range(paddr, size, RT_MAD_MEMORY, PERM_MEM_R);
    if (!fdt || fdt_check_header(fdt) != 0)
        return NULL;
    return fdt;
}

int rt_fdt_stdout(const void *fdt)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    const char *path, *colon;
    int len;

    if (chosen < 0)
        return chosen;
    path = fdt_getprop(fdt, chosen, "stdout-path", &len);
    if (!path)
        path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
    if (!path || len <= 0)
        return -FDT_ERR_NOTFOUND;
    len = (int)strnlen(path, (size_t)len);
    colon = memchr(path, ':', (size_t)len);
    if (colon)
        len = (int)(colon - path);
    /* libfdt resolves a leading alias name itself. */
    return fdt_path_offset_namelen(fdt, path, len);
}

bool rt_fdt_is_compatible(const void *fdt, int node, const char *compatible)
{
    return fdt_node_check_compatible(fdt, node, compatible) == 0;
}

static uint64_t read_cells(const fdt32_t *cell, int n)
{
    uint64_t v = 0;

    while (n--)
        v = v << 32 | fdt32_to_cpu(*cell++);
    return v;
}

bool rt_fdt_spi(const void *fdt, int node, unsigned *spi, unsigned *flags)
{
    int len;
    const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

    if (!irq || len < 3 * (int)sizeof(fdt32_t) || fdt32_to_cpu(irq[0]) != 0)
        return false;
    *spi = fdt32_to_cpu(irq[1]);
    *flags = fdt32_to_cpu(irq[2]);
    return true;
}

bool rt_fdt_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
    int parent = fdt_parent_offset(fdt, node);
    int ac, sc, len, entry;
    const fdt32_t *reg;

    if (parent < 0 || index < 0)
        return false;
    ac = fdt_address_cells(fdt, parent);
    sc = fdt_size_cells(fdt, parent);
    if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
        return false;
    reg = fdt_getprop(fdt, node, "reg", &len);
    entry = (ac + sc) * (int)sizeof(fdt32_t);
    if (!reg || len < (index + 1) * entry)
        return false;
    reg += index * (ac + sc);
    *addr = read_cells(reg, ac);
    *size = read_cells(reg + ac, sc);
    return true;
}

/* A node without "status", or with "okay"/"ok", is usable (DT spec 2.3.4);
 * QEMU's secure-only RAM is "disabled" for the normal world. */
static bool node_is_enabled(const void *fdt, int node)
{
    int len;
    const char *status = fdt_getprop(fdt, node, "status", &len);
    if (!status)
        return true;
    return len > 0 && (!strcmp(status, "okay") || !strcmp(status, "ok"));
}

bool rt_fdt_first_ram(const void *fdt, uint64_t *base, uint64_t *size)
{
    static const char memory[] = "memory";
    int node = -1;
    for (;;) {
        node = fdt_node_offset_by_prop_value(fdt, node, "device_type", memory, sizeof(memory));
        if (node < 0)
            return false;
        if (node_is_enabled(fdt, node))
            return rt_fdt_reg(fdt, node, 0, base, size);
    }
}

uint64_t rt_fdt_ram_size(const void *fdt)
{
    static const char memory[] = "memory";
    uint64_t total = 0, addr, size;
    int node = -1;

    for (;;) {
        node = fdt_node_offset_by_prop_value(fdt, node, "device_type", memory, sizeof(memory));
        if (node < 0)
            return total;
        if (!node_is_enabled(fdt, node))
            continue;
        for (int i = 0; rt_fdt_reg(fdt, node, i, &addr, &size); i++)
            total += size;
    }
}
