/* The console UART: /chosen/stdout-path = "<path or alias>[:<baud>...]"
 * (Devicetree Specification v0.4, 3.6 /chosen), its reg, and its input
 * clock from `clocks` (a fixed-clock) or its own clock-frequency. */
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "fdt_discover.h"
#include "fdt_index.h"
#include "fdt_platform.h"
#include "fdt_reg.h"

#define UART_MAX_BAUD 4000000
#define CLOCKS_MAX_ENTRIES 16

static const struct uart_driver *match_driver(const void *fdt, int node,
                                              const struct uart_driver *const *uarts)
{
    for (unsigned i = 0; uarts && uarts[i]; i++)
        if (uarts[i]->compatible && fdt_node_check_compatible(fdt, node, uarts[i]->compatible) == 0)
            return uarts[i];
    return NULL;
}

/* Rate of a fixed-clock provider; 0 if it is another kind of clock. */
static uint32_t fixed_clock_rate(const void *fdt, int provider)
{
    uint32_t hz = 0;

    if (fdt_node_check_compatible(fdt, provider, "fixed-clock") == 0)
        fdt_reg_u32(fdt, provider, "clock-frequency", &hz);
    return hz;
}

/* The UART's reference clock: the `clocks` entry named "uartclk" (else the
 * first), walked cell by cell since each provider sets its #clock-cells. */
static uint32_t clocks_rate(const void *fdt, int node)
{
    int len;
    const fdt32_t *cells = fdt_getprop(fdt, node, "clocks", &len);

    if (!cells || len <= 0 || len % 4)
        return 0;
    int want = fdt_stringlist_search(fdt, node, "clock-names", "uartclk");
    if (want < 0)
        want = 0;

    unsigned total = (unsigned)len / 4, pos = 0;
    for (int entry = 0; entry < CLOCKS_MAX_ENTRIES && pos < total; entry++) {
        int provider = fdt_index_phandle(fdt, fdt32_to_cpu(cells[pos]));
        uint32_t clock_cells = 0;
        if (provider < 0) {
            kprintf("fdt: warning: %s: clocks names an unknown phandle\n",
                    fdt_reg_node_name(fdt, node));
            return 0;
        }
        fdt_reg_u32(fdt, provider, "#clock-cells", &clock_cells);
        if (entry == want)
            return fixed_clock_rate(fdt, provider);
        if (clock_cells > total - pos - 1)
            break;
        pos += 1 + clock_cells;
    }
    kprintf("fdt: warning: %s: clocks has no entry %d\n", fdt_reg_node_name(fdt, node), want);
    return 0;
}

static uint32_t uart_clock(const void *fdt, int node)
{
    uint32_t hz = clocks_rate(fdt, node);

    if (!hz)
        fdt_reg_u32(fdt, node, "clock-frequency", &hz);
    return hz;
}

/* Baud rate from stdout-path options "<baud>{<parity>{<bits>{<flow>}}}". */
static uint32_t parse_baud(const char *options)
{
    uint64_t baud = 0;
    unsigned digits = 0;

    if (!options)
        return FDT_UART_DEFAULT_BAUD;
    for (; *options >= '0' && *options <= '9' && digits < 10; options++, digits++)
        baud = baud * 10 + (uint64_t)(*options - '0');
    if (digits == 0)
        return FDT_UART_DEFAULT_BAUD;
    if (baud == 0 || baud > UART_MAX_BAUD) {
        kprintf("fdt: warning: stdout-path baud rate %llu unusable, using %u\n",
                (unsigned long long)baud, FDT_UART_DEFAULT_BAUD);
        return FDT_UART_DEFAULT_BAUD;
    }
    return (uint32_t)baud;
}

/* The stdout-path string (NUL-terminated within the property), or NULL. */
static const char *stdout_path(const void *fdt, int chosen)
{
    int len;
    const char *path = fdt_getprop(fdt, chosen, "stdout-path", &len);

    if (!path)
        path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
    if (!path) {
        kprintf("fdt: warning: no /chosen/stdout-path: no boot console\n");
        return NULL;
    }
    if (len <= 1 || strnlen(path, (size_t)len) != (size_t)len - 1) {
        kprintf("fdt: warning: /chosen/stdout-path is not a string: no boot console\n");
        return NULL;
    }
    return path;
}

void fdt_discover_console(const void *fdt, struct platform *p,
                          const struct uart_driver *const *uarts)
{
    int chosen = fdt_index_path(fdt, "/chosen");
    const char *path = chosen >= 0 ? stdout_path(fdt, chosen) : NULL;

    if (chosen < 0)
        kprintf("fdt: warning: no /chosen: no boot console\n");
    if (!path)
        return;

    const char *options = strchr(path, ':');
    int path_len = options ? (int)(options - path) : (int)strlen(path);
    int node = fdt_index_path_namelen(fdt, path, path_len);
    if (node < 0 || !fdt_index_is_enabled(fdt, node)) {
        kprintf("fdt: warning: stdout-path %s: no such enabled node\n", path);
        return;
    }

    const struct uart_driver *driver = match_driver(fdt, node, uarts);
    struct mem_range regs;
    if (!driver) {
        kprintf("fdt: warning: stdout-path %s: no driver on this board\n", path);
        return;
    }
    if (!fdt_reg_get(fdt, node, 0, false, &regs) || regs.size == 0) {
        kprintf("fdt: warning: stdout-path %s: no usable reg\n", path);
        return;
    }
    p->uart.driver = driver;
    p->uart.base = regs.base;
    p->uart.size = regs.size;
    p->uart.clock_hz = uart_clock(fdt, node);
    p->uart.baud = parse_baud(options ? options + 1 : NULL);
}
