/* hello: the smallest useful root task. It finds its console through the
 * FDT, checks and prints the HIP, lists the boot manifest's modules, and
 * powers the machine off. The QEMU tests read its lines. */
#include <novart/rt.h>
#include <stdbool.h>
#include <string.h>

/* A module is shown as text if it is at most this long and printable. */
#define TEXT_MODULE_MAX 4096u
#define LINE_MAX 72u

/* spec 6.3: the 16-bit words of the whole HIP sum to zero. */
static bool hip_checksum_is_valid(const struct nova_hip *hip)
{
    const uint16_t *w = (const uint16_t *)hip;
    uint16_t sum = 0;

    for (unsigned i = 0; i < hip->length / 2u; i++)
        sum = (uint16_t)(sum + w[i]);
    return sum == 0;
}

static void check_hip(const struct nova_hip *hip)
{
    if (hip->signature != HIP_SIGNATURE || hip->length < sizeof(*hip) ||
        hip->length > NOVA_PAGE_SIZE || (hip->length & 1u)) {
        rt_printf("hello: HIP signature BAD (signature 0x%x length %u)\n", hip->signature,
                  hip->length);
        return;
    }
    if (!hip_checksum_is_valid(hip)) {
        rt_printf("hello: HIP checksum BAD\n");
        return;
    }
    rt_printf("hello: HIP signature ok\n");
}

static void print_hip(const struct nova_hip *hip)
{
    rt_printf("hello: cpus %u bsp %u\n", hip->cpu_num, hip->cpu_bsp);
    rt_printf("hello: stc frequency %lu Hz\n", hip->stc_freq);
    rt_printf("hello: nova [0x%lx-0x%lx) mbuf [0x%lx-0x%lx) root [0x%lx-0x%lx)\n", hip->nova_start,
              hip->nova_end, hip->mbuf_start, hip->mbuf_end, hip->root_start, hip->root_end);
    rt_printf("hello: selnum 0x%lx\n", hip->selnum);
}

static bool is_text(const char *s, uint64_t size)
{
    if (size > TEXT_MODULE_MAX)
        return false;
    for (uint64_t i = 0; i < size; i++) {
        char c = s[i];
        if ((c < ' ' || c > '~') && c != '\n' && c != '\r' && c != '\t')
            return false;
    }
    return true;
}

/* Prints the module's first line, cut at LINE_MAX characters. */
static void print_first_line(const struct manifest_entry *e, const char *s)
{
    char line[LINE_MAX + 1];
    size_t n = 0;

    while (n < e->size && n < LINE_MAX && s[n] != '\n' && s[n] != '\r') {
        line[n] = s[n];
        n++;
    }
    line[n] = 0;
    rt_printf("hello: module %s text: %s\n", e->name, line);
}

static void print_modules(uint64_t manifest_pa)
{
    const struct manifest *m;

    if (!manifest_pa) {
        rt_printf("hello: no modules\n");
        return;
    }
    m = rt_manifest(manifest_pa);
    if (!m) {
        rt_printf("hello: manifest at 0x%lx is invalid\n", manifest_pa);
        return;
    }
    for (uint32_t i = 0; i < m->count; i++) {
        const struct manifest_entry *e = &m->entry[i];
        const char *data;

        rt_printf("hello: module %s phys 0x%lx size %lu\n", e->name, e->phys, e->size);
        if (e->size > TEXT_MODULE_MAX)
            continue;
        data = rt_module_map(e);
        if (data && is_text(data, e->size))
            print_first_line(e, data);
    }
}

int main(const struct nova_hip *hip, uint64_t fdt_pa, uint64_t x1, uint64_t manifest_pa)
{
    const void *fdt;
    enum nova_status s;
    int status = rt_console_open(fdt_pa, &fdt);

    /* Without an FDT or a console there is nothing to say it: exit distinctly. */
    if (status != RT_EXIT_OK)
        return status;

    rt_printf("hello: root task up, fdt 0x%lx x1 0x%lx manifest 0x%lx\n", fdt_pa, x1, manifest_pa);
    check_hip(hip);
    print_hip(hip);
    rt_printf("hello: ram %lu MiB\n", rt_fdt_ram_size(fdt) >> 20);
    print_modules(manifest_pa);

    rt_printf("hello: powering off\n");
    s = nova_ctrl_hw(CTRL_HW_OP_SSTATE, CTRL_HW_SSTATE_S5);
    rt_printf("hello: ctrl_hw returned %u\n", (unsigned)s);
    for (;;)
        __asm__ volatile("" ::: "memory");
}
