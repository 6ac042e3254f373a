/* Platform discovery from a flattened device tree: the order of the steps,
 * and the small ones (PSCI, CPUs, bootargs). Runs once on the boot CPU. */
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "fdt_discover.h"
#include "fdt_index.h"
#include "fdt_platform.h"
#include "fdt_reg.h"

/* MPIDR_EL1 affinity fields Aff3 [39:32], Aff2..Aff0 [23:0] */
#define MPIDR_AFFINITY_MASK 0xff00ffffffULL

static const char *const psci_compatibles[] = {"arm,psci-1.0", "arm,psci-0.2", NULL};
static const char *const psci_v01_compatibles[] = {"arm,psci", NULL};

static bool prop_is_string(const void *fdt, int node, const char *prop, const char *value)
{
    int len;
    const char *s = fdt_getprop(fdt, node, prop, &len);

    return s && len == (int)strlen(value) + 1 && memcmp(s, value, (size_t)len) == 0;
}

/* PSCI 0.2 and later fix the function IDs; 0.1 lists its own in the node,
 * which psci.c does not use, so a 0.1-only node counts as no PSCI. */
static void discover_psci(const void *fdt, struct platform *p)
{
    int node = fdt_index_find_compatible(fdt, psci_compatibles);

    if (node < 0) {
        if (fdt_index_find_compatible(fdt, psci_v01_compatibles) >= 0)
            kprintf("fdt: warning: only PSCI 0.1 found, not supported\n");
        else
            kprintf("fdt: warning: no PSCI: no power-off, no secondary CPUs\n");
        return;
    }
    if (prop_is_string(fdt, node, "method", "smc"))
        p->psci = PSCI_SMC;
    else if (prop_is_string(fdt, node, "method", "hvc"))
        p->psci = PSCI_HVC;
    else
        kprintf("fdt: warning: PSCI method missing or unknown, PSCI not used\n");
}

static bool cpu_is_listed(const struct platform *p, uint64_t mpidr)
{
    for (unsigned i = 0; i < p->cpu_count; i++)
        if (p->cpu_mpidr[i] == mpidr)
            return true;
    return false;
}

/* A CPU with status "disabled" is parked and can be started through its
 * enable-method (Devicetree Specification v0.4, 3.8.1), so it is listed;
 * only "fail" removes one. */
static bool cpu_has_failed(const void *fdt, int node)
{
    int len;
    const char *status = fdt_getprop(fdt, node, "status", &len);

    return status && len >= 4 && strncmp(status, "fail", 4) == 0;
}

static void discover_cpus(const void *fdt, struct platform *p)
{
    unsigned ac, sc;
    int node, cpus = fdt_index_path(fdt, "/cpus");

    if (cpus < 0 || !fdt_reg_bus_cells(fdt, cpus, &ac, &sc)) {
        kprintf("fdt: warning: no usable /cpus, only the boot CPU is known\n");
        return;
    }
    fdt_index_for_each_child(node, fdt, cpus)
    {
        int len;
        const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

        if (!prop_is_string(fdt, node, "device_type", "cpu") || cpu_has_failed(fdt, node))
            continue;
        if (!reg || len < (int)(ac * 4)) {
            kprintf("fdt: warning: %s: no usable reg, CPU ignored\n", fdt_reg_node_name(fdt, node));
            continue;
        }
        uint64_t mpidr = fdt_reg_read_cells(reg, ac);
        if (mpidr & ~MPIDR_AFFINITY_MASK || cpu_is_listed(p, mpidr)) {
            kprintf("fdt: warning: %s: reg %llx invalid or duplicate, CPU ignored\n",
                    fdt_reg_node_name(fdt, node), (unsigned long long)mpidr);
            continue;
        }
        if (p->cpu_count == PLATFORM_MAX_CPUS) {
            kprintf("fdt: warning: more than %u CPUs, the rest ignored\n", PLATFORM_MAX_CPUS);
            return;
        }
        p->cpu_mpidr[p->cpu_count++] = mpidr;
    }
    if (p->cpu_count == 0)
        kprintf("fdt: warning: no CPUs in /cpus, only the boot CPU is known\n");
}

static void discover_bootargs(const void *fdt, struct platform *p)
{
    int len, chosen = fdt_index_path(fdt, "/chosen");
    const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", &len) : NULL;

    if (!args || len <= 0)
        return;
    size_t n = strnlen(args, (size_t)len);
    if (n == (size_t)len)
        kprintf("fdt: warning: /chosen/bootargs is not terminated\n");
    if (n >= sizeof(p->bootargs)) {
        kprintf("fdt: warning: /chosen/bootargs longer than %u bytes, truncated\n",
                (unsigned)sizeof(p->bootargs) - 1);
        n = sizeof(p->bootargs) - 1;
    }
    memcpy(p->bootargs, args, n);
    p->bootargs[n] = '\0';
}

/* Checks the whole structure block once, so later libfdt calls see a
 * well-formed tree. */
static bool fdt_is_usable(const void *fdt)
{
    int err;

    if (!fdt || (err = fdt_check_header(fdt)) != 0) {
        kprintf("fdt: error: no valid device tree header (%d)\n", fdt ? err : 0);
        return false;
    }
    if (fdt_totalsize(fdt) > FDT_MAX_SIZE) {
        kprintf("fdt: error: device tree of %u bytes exceeds %u\n", fdt_totalsize(fdt),
                FDT_MAX_SIZE);
        return false;
    }
    if ((err = fdt_check_full(fdt, fdt_totalsize(fdt))) != 0) {
        kprintf("fdt: error: malformed device tree (%d)\n", err);
        return false;
    }
    return true;
}

enum nova_status fdt_platform_discover(const void *fdt, struct platform *p,
                                       const struct uart_driver *const *uarts)
{
    paddr_t fdt_pa = p->fdt;

    memset(p, 0, sizeof(*p));
    p->fdt = fdt_pa;
    fdt_discover_timer_defaults(p);
    if (!fdt_is_usable(fdt))
        return STATUS_BAD_PAR;
    p->fdt_size = fdt_totalsize(fdt);
    fdt_index_build(fdt);

    fdt_discover_console(fdt, p, uarts);
    fdt_discover_memory(fdt, p);
    fdt_discover_reserved(fdt, p);
    fdt_discover_timer(fdt, p, fdt_discover_gic(fdt, p));
    discover_psci(fdt, p);
    discover_cpus(fdt, p);
    discover_bootargs(fdt, p);

    if (p->ram_count == 0) {
        kprintf("fdt: error: no RAM in /memory\n");
        return STATUS_BAD_PAR;
    }
    return STATUS_SUCCESS;
}
