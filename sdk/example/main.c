/* A vendor's root task, built outside the libnova tree against the installed
 * SDK (docs/sdk.md). It finds its console through the FDT, reads the
 * machine's compatible string with libfdt, prints its configuration module
 * and powers the machine off. */
#include <libfdt.h>
#include <novart/rt.h>
#include <stddef.h>

/* Longest module line printed. */
#define LINE_MAX 72u

static void print_config(uint64_t manifest_pa)
{
    const struct manifest *m = rt_manifest(manifest_pa);

    if (!m) {
        rt_printf("acme: no configuration\n");
        return;
    }
    for (uint32_t i = 0; i < m->count; i++) {
        const struct manifest_entry *e = &m->entry[i];
        const char *text = rt_module_map(e);
        char line[LINE_MAX + 1];
        size_t n = 0;

        while (text && n < e->size && n < LINE_MAX && text[n] != '\n') {
            line[n] = text[n];
            n++;
        }
        line[n] = 0;
        rt_printf("acme: module %s (%lu bytes): %s\n", e->name, e->size, line);
    }
}

int main(const struct nova_hip *hip, uint64_t fdt_pa, uint64_t x1, uint64_t manifest_pa)
{
    const void *fdt;
    const char *compatible;
    int status = rt_console_open(fdt_pa, &fdt);

    (void)x1; /* the bootloader's X1: only the legacy launch uses it */
    if (status != RT_EXIT_OK)
        return status;

    compatible = fdt_getprop(fdt, 0, "compatible", NULL);
    rt_printf("acme: root task up on %s, %u CPUs\n", compatible ? compatible : "?", hip->cpu_num);
    print_config(manifest_pa);
    rt_printf("acme: done, powering off\n");
    return RT_EXIT_OK;
}
