/* RAM and reserved memory from the device tree (Devicetree Specification
 * v0.4, 3.4 /memory, 3.5 /reserved-memory, 5.3 memory reservation block). */
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "fdt_discover.h"
#include "fdt_index.h"
#include "fdt_reg.h"

/* Append r to ranges[*count]; ranges that are empty or wrap are dropped. */
static void add_range(struct mem_range *ranges, unsigned *count, unsigned max, struct mem_range r,
                      const char *what)
{
    if (r.size == 0)
        return;
    if (pa_addr(r.base) + r.size < pa_addr(r.base)) {
        kprintf("fdt: warning: %s range %llx+%llx wraps around, ignored\n", what,
                (unsigned long long)pa_addr(r.base), (unsigned long long)r.size);
        return;
    }
    if (*count >= max) {
        kprintf("fdt: warning: more than %u %s ranges, %llx+%llx ignored\n", max, what,
                (unsigned long long)pa_addr(r.base), (unsigned long long)r.size);
        return;
    }
    ranges[(*count)++] = r;
}

/* "memory", "memory@..." or device_type "memory"; not "memory-controller". */
static bool is_memory_node(const void *fdt, int node)
{
    int len;
    const char *name = fdt_index_name(fdt, node, &len);

    if (name && (strcmp(name, "memory") == 0 || strncmp(name, "memory@", 7) == 0))
        return true;
    return fdt_index_is_memory_type(fdt, node);
}

void fdt_discover_memory(const void *fdt, struct platform *p)
{
    int node;

    fdt_index_for_each_child(node, fdt, 0)
    {
        if (!fdt_index_is_enabled(fdt, node) || !is_memory_node(fdt, node))
            continue;
        int count = fdt_reg_count(fdt, node);
        for (int i = 0; i < count; i++) {
            struct mem_range r;
            if (fdt_reg_get(fdt, node, (unsigned)i, false, &r))
                add_range(p->ram, &p->ram_count, PLATFORM_MAX_RAM, r, "RAM");
        }
    }
}

/* /reserved-memory children with reg are static reservations; those with
 * only size (and alignment, alloc-ranges) ask the OS to allocate: ignored. */
static void discover_reserved_nodes(const void *fdt, struct platform *p)
{
    int node, parent = fdt_index_path(fdt, "/reserved-memory");

    if (parent < 0)
        return;
    fdt_index_for_each_child(node, fdt, parent)
    {
        if (!fdt_index_is_enabled(fdt, node))
            continue;
        int count = fdt_reg_count(fdt, node);
        for (int i = 0; i < count; i++) {
            struct mem_range r;
            if (fdt_reg_get(fdt, node, (unsigned)i, true, &r))
                add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED, r, "reserved");
        }
    }
}

void fdt_discover_reserved(const void *fdt, struct platform *p)
{
    int n = fdt_num_mem_rsv(fdt);

    if (n < 0) {
        kprintf("fdt: warning: memory reservation block unreadable (%d)\n", n);
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        uint64_t base, size;
        if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0)
            add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED,
                      (struct mem_range){pa_init(base), size}, "reserved");
    }
    discover_reserved_nodes(fdt, p);
}
