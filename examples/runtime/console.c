/* Console output over the PL011 that /chosen/stdout-path names. The root EC
 * is the only writer while the root task boots: no lock. */
#include <novart/console.h>
#include <novart/fdt.h>
#include <novart/mem.h>
#include <novart/pl011.h>
#include <novart/printf.h>
#include <novart/rt.h>
#include <stddef.h>

static volatile void *console_uart; /* NULL: no console, output dropped */

bool rt_console_init(const void *fdt)
{
    uint64_t paddr, size;
    int node = rt_fdt_stdout(fdt);
    void *va;

    if (node < 0 || !rt_fdt_is_compatible(fdt, node, PL011_COMPATIBLE))
        return false;
    if (!rt_fdt_reg(fdt, node, 0, &paddr, &size))
        return false;
    va = rt_map_range(paddr, size ? size : 1, RT_MAD_DEVICE, PERM_MEM_R | PERM_MEM_W);
    if (!va)
        return false;
    console_uart = va;
    return true;
}

int rt_console_open(uint64_t fdt_pa, const void **fdt)
{
    const void *tree = rt_fdt_map(fdt_pa);

    if (fdt)
        *fdt = tree;
    if (!tree)
        return RT_EXIT_NO_FDT;
    return rt_console_init(tree) ? RT_EXIT_OK : RT_EXIT_NO_CONSOLE;
}

void rt_console_putc(char c)
{
    if (!console_uart)
        return;
    if (c == '\n')
        pl011_putc(console_uart, '\r');
    pl011_putc(console_uart, c);
}

void rt_console_puts(const char *s)
{
    while (*s)
        rt_console_putc(*s++);
}

static void console_put(void *ctx, char c)
{
    (void)ctx;
    rt_console_putc(c);
}

int rt_vprintf(const char *fmt, va_list ap) { return rt_vformat(console_put, NULL, fmt, ap); }

int rt_printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = rt_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int rt_console_getc(void)
{
    if (!console_uart)
        return -1;
    return pl011_getc(console_uart);
}
