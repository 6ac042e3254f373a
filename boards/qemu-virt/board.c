/* QEMU's `virt` machine: everything comes from the device tree. */
#include "fdt_platform.h"
#include "pl011.h"

static const struct uart_driver *const uarts[] = {&pl011_driver, NULL};

static enum nova_status discover(const void *fdt, struct platform *p)
{
    return fdt_platform_discover(fdt, p, uarts);
}

const struct board board = {
    .name = "qemu-virt",
    /* An ELF -kernel is entered with X0 = 0; QEMU leaves the tree at RAM base. */
    .fdt_fallback = {.value = 0x40000000},
    .uarts = uarts,
    .discover = discover,
};
