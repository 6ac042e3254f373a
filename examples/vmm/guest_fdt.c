/* guest_fdt: the guest's device tree (guest_fdt.h), written with libfdt's
 * sequential-write functions. */
#include "guest_fdt.h"

#include <stdbool.h>
#include <string.h>

#include <libfdt.h>

/* Interrupt specifier cells (bindings/interrupt-controller/arm,gic.yaml):
 * type, number, flags. */
#define GIC_SPI 0u
#define GIC_PPI 1u
#define IRQ_TYPE_LEVEL_HIGH 4u
#define IRQ_TYPE_LEVEL_LOW 8u
#define GIC_CPU_MASK_SHIFT 8 /* GICv2 PPIs: the CPUs they go to, bits 15:8 */

#define SPI_MAX 987u /* INTID 1019, the last SPI */
#define NODE_NAME_MAX 48
#define STDOUT_PATH_MAX (NODE_NAME_MAX + 1)

/* Errors stick: after the first, every further step does nothing. */
struct writer {
    void *fdt;
    int err;
};

static void begin_node(struct writer *w, const char *name)
{
    if (w->err == 0)
        w->err = fdt_begin_node(w->fdt, name);
}

static void end_node(struct writer *w)
{
    if (w->err == 0)
        w->err = fdt_end_node(w->fdt);
}

static void prop(struct writer *w, const char *name, const void *val, int len)
{
    if (w->err == 0)
        w->err = fdt_property(w->fdt, name, val, len);
}

static void prop_u32(struct writer *w, const char *name, uint32_t val)
{
    if (w->err == 0)
        w->err = fdt_property_u32(w->fdt, name, val);
}

static void prop_u64(struct writer *w, const char *name, uint64_t val)
{
    if (w->err == 0)
        w->err = fdt_property_u64(w->fdt, name, val);
}

static void prop_str(struct writer *w, const char *name, const char *str)
{
    prop(w, name, str, (int)strlen(str) + 1);
}

/* A property of 32-bit cells (big-endian in the tree). */
static void prop_cells(struct writer *w, const char *name, const uint32_t *cells, unsigned n)
{
    fdt32_t be[12];

    for (unsigned i = 0; i < n && i < 12; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    prop(w, name, be, (int)(n * sizeof(fdt32_t)));
}

/* reg with #address-cells = #size-cells = 2: up to two regions. */
static void prop_reg(struct writer *w, const uint64_t *base_size, unsigned regions)
{
    uint32_t cells[8];

    for (unsigned i = 0; i < 2 * regions && i < 4; i++) {
        cells[2 * i] = (uint32_t)(base_size[i] >> 32);
        cells[2 * i + 1] = (uint32_t)base_size[i];
    }
    prop_cells(w, "reg", cells, 4 * regions);
}

/* "name@hex-address" into out (NODE_NAME_MAX bytes). */
static void node_name(char *out, const char *name, uint64_t addr)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(name);
    char digits[16];
    unsigned n = 0;

    memcpy(out, name, len);
    out[len++] = '@';
    do {
        digits[n++] = hex[addr & 0xf];
        addr >>= 4;
    } while (addr != 0);
    while (n > 0)
        out[len++] = digits[--n];
    out[len] = '\0';
}

static void add_chosen(struct writer *w, const struct guest_fdt_params *p, const char *stdout_path)
{
    begin_node(w, "chosen");
    if (p->bootargs)
        prop_str(w, "bootargs", p->bootargs);
    prop_str(w, "stdout-path", stdout_path);
    if (p->initrd_size > 0) {
        prop_u64(w, "linux,initrd-start", p->initrd_base);
        prop_u64(w, "linux,initrd-end", p->initrd_base + p->initrd_size);
    }
    end_node(w);
}

static void add_memory(struct writer *w, const struct guest_fdt_params *p)
{
    char name[NODE_NAME_MAX];
    uint64_t reg[2] = {p->ram_base, p->ram_size};

    node_name(name, "memory", p->ram_base);
    begin_node(w, name);
    prop_str(w, "device_type", "memory");
    prop_reg(w, reg, 1);
    end_node(w);
}

/* bindings/arm/cpus.yaml: reg is the MPIDR affinity (Aff0 = k); every CPU
 * is started through PSCI. */
static void add_cpus(struct writer *w, const struct guest_fdt_params *p)
{
    char name[NODE_NAME_MAX];

    begin_node(w, "cpus");
    prop_u32(w, "#address-cells", 1);
    prop_u32(w, "#size-cells", 0);
    for (unsigned k = 0; k < p->nr_vcpus; k++) {
        node_name(name, "cpu", k);
        begin_node(w, name);
        prop_str(w, "device_type", "cpu");
        prop_str(w, "compatible", "arm,armv8");
        prop_u32(w, "reg", k);
        prop_str(w, "enable-method", "psci");
        end_node(w);
    }
    end_node(w);
}

/* bindings/arm/psci.yaml: PSCI 1.0 with the 0.2 fallback; function IDs
 * are the standard ones, so no cpu_on/cpu_off properties. */
static void add_psci(struct writer *w)
{
    static const char compatible[] = "arm,psci-1.0\0arm,psci-0.2";

    begin_node(w, "psci");
    prop(w, "compatible", compatible, sizeof(compatible));
    prop_str(w, "method", "hvc");
    end_node(w);
}

/* bindings/timer/arm,arch_timer.yaml: secure, non-secure, virtual and
 * hypervisor timer PPIs, level-low; on GICv2 the flags also name the CPUs. */
static void add_timer(struct writer *w, const struct guest_fdt_params *p)
{
    uint32_t flags = IRQ_TYPE_LEVEL_LOW;
    uint32_t irqs[12] = {
        GIC_PPI, GUEST_FDT_PPI_SEC_PHYS, 0, GIC_PPI, GUEST_FDT_PPI_NONSEC_PHYS, 0,
        GIC_PPI, GUEST_FDT_PPI_VIRT,     0, GIC_PPI, GUEST_FDT_PPI_HYP,         0,
    };

    if (p->gic_version == 2)
        flags |= ((1u << p->nr_vcpus) - 1) << GIC_CPU_MASK_SHIFT;
    for (unsigned i = 2; i < 12; i += 3)
        irqs[i] = flags;
    begin_node(w, "timer");
    prop_str(w, "compatible", "arm,armv8-timer");
    prop_cells(w, "interrupts", irqs, 12);
    end_node(w);
}

/* bindings/interrupt-controller/arm,gic.yaml (v2: distributor and CPU
 * interface) and arm,gic-v3.yaml (distributor and one redistributor
 * region covering every vCPU). */
static void add_gic(struct writer *w, const struct guest_fdt_params *p)
{
    char name[NODE_NAME_MAX];
    uint64_t reg[4] = {p->gicd_base, GUEST_FDT_GICD_SIZE_V2, p->gicc_base, GUEST_FDT_GICC_SIZE};

    if (p->gic_version == 3) {
        reg[1] = GUEST_FDT_GICD_SIZE_V3;
        reg[2] = p->gicr_base;
        reg[3] = (uint64_t)GUEST_FDT_GICR_SIZE * p->nr_vcpus;
    }
    node_name(name, "interrupt-controller", p->gicd_base);
    begin_node(w, name);
    prop_str(w, "compatible", p->gic_version == 3 ? "arm,gic-v3" : "arm,cortex-a15-gic");
    prop_u32(w, "#interrupt-cells", 3);
    prop_u32(w, "#address-cells", 0); /* no children, no interrupt-map use */
    prop(w, "interrupt-controller", "", 0);
    prop_reg(w, reg, 2);
    prop_u32(w, "phandle", GUEST_FDT_PHANDLE_GIC);
    end_node(w);
}

/* bindings/clock/fixed-clock.yaml: the PL011's UARTCLK and PCLK. */
static void add_clock(struct writer *w)
{
    begin_node(w, "apb-pclk");
    prop_str(w, "compatible", "fixed-clock");
    prop_u32(w, "#clock-cells", 0);
    prop_u32(w, "clock-frequency", GUEST_FDT_UART_CLOCK_HZ);
    prop_str(w, "clock-output-names", "clk24mhz");
    prop_u32(w, "phandle", GUEST_FDT_PHANDLE_CLOCK);
    end_node(w);
}

/* bindings/serial/pl011.yaml: an AMBA PrimeCell; Linux's AMBA bus enables
 * "apb_pclk" before it reads the ID registers. */
static void add_uart(struct writer *w, const struct guest_fdt_params *p, const char *name)
{
    static const char compatible[] = "arm,pl011\0arm,primecell";
    static const char clock_names[] = "uartclk\0apb_pclk";
    uint64_t reg[2] = {p->uart_base, GUEST_FDT_UART_SIZE};
    uint32_t irq[3] = {GIC_SPI, p->uart_spi, IRQ_TYPE_LEVEL_HIGH};
    uint32_t clocks[2] = {GUEST_FDT_PHANDLE_CLOCK, GUEST_FDT_PHANDLE_CLOCK};

    begin_node(w, name);
    prop(w, "compatible", compatible, sizeof(compatible));
    prop_reg(w, reg, 1);
    prop_cells(w, "interrupts", irq, 3);
    prop_cells(w, "clocks", clocks, 2);
    prop(w, "clock-names", clock_names, sizeof(clock_names));
    end_node(w);
}

/* A passed-through device as the host described it (guest_fdt.h). */
static void add_device(struct writer *w, const struct guest_fdt_device *d)
{
    uint64_t reg[2] = {d->base, d->size};
    uint32_t irq[3] = {GIC_SPI, d->spi, d->spi_flags};

    begin_node(w, d->name);
    prop(w, "compatible", d->compatible, (int)d->compatible_len);
    prop_reg(w, reg, 1);
    if (d->has_spi)
        prop_cells(w, "interrupts", irq, 3);
    if (d->apb_pclk) {
        prop_u32(w, "clocks", GUEST_FDT_PHANDLE_CLOCK);
        prop_str(w, "clock-names", "apb_pclk");
    }
    end_node(w);
}

static bool device_is_valid(const struct guest_fdt_device *d, unsigned uart_spi)
{
    return d->name && d->name[0] && d->compatible && d->compatible_len > 0 &&
           d->compatible_len <= GUEST_FDT_COMPATIBLE_MAX &&
           d->compatible[d->compatible_len - 1] == '\0' &&
           (!d->has_spi || (d->spi <= SPI_MAX && d->spi != uart_spi));
}

static bool params_are_valid(const struct guest_fdt_params *p)
{
    unsigned max_vcpus = p->gic_version == 2 ? GUEST_FDT_MAX_VCPUS_V2 : GUEST_FDT_MAX_VCPUS_V3;
    uint64_t ram_end = p->ram_base + p->ram_size;

    if (p->gic_version != 2 && p->gic_version != 3)
        return false;
    if (p->nr_vcpus == 0 || p->nr_vcpus > max_vcpus)
        return false;
    if (p->ram_size == 0 || ram_end < p->ram_base)
        return false;
    if (p->uart_spi > SPI_MAX)
        return false;
    if (p->nr_devices > GUEST_FDT_MAX_DEVICES || (p->nr_devices && !p->devices))
        return false;
    for (unsigned i = 0; i < p->nr_devices; i++)
        if (!device_is_valid(&p->devices[i], p->uart_spi))
            return false;
    if (p->initrd_size > 0 && (p->initrd_base < p->ram_base || p->initrd_base > ram_end ||
                               p->initrd_size > ram_end - p->initrd_base))
        return false;
    return true;
}

static enum guest_fdt_status status_of(int err)
{
    if (err == 0)
        return GUEST_FDT_OK;
    return err == -FDT_ERR_NOSPACE ? GUEST_FDT_NO_SPACE : GUEST_FDT_LIBFDT;
}

enum guest_fdt_status guest_fdt_build(void *buf, size_t bufsize,
                                      const struct guest_fdt_params *params, size_t *fdt_size)
{
    struct writer w = {.fdt = buf};
    char uart_name[NODE_NAME_MAX];
    char stdout_path[STDOUT_PATH_MAX];

    if (!params_are_valid(params))
        return GUEST_FDT_BAD_PARAMS;
    if (bufsize > 0x7fffffff)
        bufsize = 0x7fffffff; /* libfdt sizes are int */
    node_name(uart_name, "serial", params->uart_base);
    stdout_path[0] = '/';
    memcpy(stdout_path + 1, uart_name, strlen(uart_name) + 1);

    w.err = fdt_create(buf, (int)bufsize);
    if (w.err == 0)
        w.err = fdt_finish_reservemap(buf);
    begin_node(&w, "");
    prop_u32(&w, "#address-cells", 2);
    prop_u32(&w, "#size-cells", 2);
    prop_str(&w, "compatible", "libnova,vmm");
    prop_str(&w, "model", "libnova VMM");
    prop_u32(&w, "interrupt-parent", GUEST_FDT_PHANDLE_GIC);
    begin_node(&w, "aliases");
    prop_str(&w, "serial0", stdout_path);
    end_node(&w);
    add_chosen(&w, params, stdout_path);
    add_memory(&w, params);
    add_cpus(&w, params);
    add_psci(&w);
    add_timer(&w, params);
    add_gic(&w, params);
    add_clock(&w);
    add_uart(&w, params, uart_name);
    for (unsigned i = 0; i < params->nr_devices; i++)
        add_device(&w, &params->devices[i]);
    end_node(&w);
    if (w.err == 0)
        w.err = fdt_finish(buf);
    if (w.err != 0)
        return status_of(w.err);
    *fdt_size = fdt_totalsize(buf);
    return GUEST_FDT_OK;
}

const char *guest_fdt_status_str(enum guest_fdt_status status)
{
    switch (status) {
    case GUEST_FDT_OK:
        return "ok";
    case GUEST_FDT_NO_SPACE:
        return "device tree does not fit in the buffer";
    case GUEST_FDT_BAD_PARAMS:
        return "invalid machine description for the device tree";
    case GUEST_FDT_LIBFDT:
        return "libfdt error";
    }
    return "unknown status";
}
