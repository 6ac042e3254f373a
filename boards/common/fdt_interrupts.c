/* The interrupt controller and the generic timer's interrupts, from the
 * Linux device tree bindings arm,gic (v2), arm,gic-v3 and arm,arch_timer.
 * An interrupt specifier is <type number flags>, type 1 = PPI; the GIC
 * found here is taken as the interrupt parent of the timer. */
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "fdt_discover.h"
#include "fdt_index.h"
#include "fdt_platform.h"
#include "fdt_reg.h"

#define GIC_SPEC_TYPE_PPI 1
#define GIC_PPI_COUNT 16

static const char *const gicv3_compatibles[] = {"arm,gic-v3", NULL};
static const char *const gicv2_compatibles[] = {"arm,gic-400", "arm,cortex-a15-gic",
                                                "arm,cortex-a9-gic", "arm,cortex-a7-gic", NULL};
static const char *const timer_compatibles[] = {"arm,armv8-timer", "arm,armv7-timer", NULL};

/* PPI number of entry index of node's `interrupts`, cells per entry from
 * the GIC. False (with a warning) if absent, short or not a PPI. */
static bool read_ppi(const void *fdt, int node, unsigned cells, unsigned index, unsigned *ppi)
{
    int len;
    const fdt32_t *spec = fdt_getprop(fdt, node, "interrupts", &len);

    if (!spec || len < 0 || (unsigned)len < (index + 1) * cells * 4) {
        kprintf("fdt: warning: %s: no interrupts entry %u\n", fdt_reg_node_name(fdt, node), index);
        return false;
    }
    spec += index * cells;
    uint32_t type = fdt32_to_cpu(spec[0]), number = fdt32_to_cpu(spec[1]);
    if (type != GIC_SPEC_TYPE_PPI || number >= GIC_PPI_COUNT) {
        kprintf("fdt: warning: %s: interrupts entry %u is not a PPI (%u %u)\n",
                fdt_reg_node_name(fdt, node), index, type, number);
        return false;
    }
    *ppi = number;
    return true;
}

/* #interrupt-cells of the GIC: the binding requires at least 3. */
static unsigned gic_interrupt_cells(const void *fdt, int gic)
{
    uint32_t cells = 3;

    if (gic >= 0 && fdt_reg_u32(fdt, gic, "#interrupt-cells", &cells) && cells < 3) {
        kprintf("fdt: warning: GIC #interrupt-cells %u < 3, assuming 3\n", cells);
        cells = 3;
    }
    return cells > 4 ? 4 : cells;
}

static bool gic_reg(const void *fdt, int node, unsigned index, paddr_t *base, uint64_t *size)
{
    struct mem_range r;

    if (!fdt_reg_get(fdt, node, index, false, &r) || r.size == 0)
        return false;
    *base = r.base;
    *size = r.size;
    return true;
}

static bool discover_gicv3(const void *fdt, int node, struct platform *p)
{
    uint32_t regions = 1;

    if (!gic_reg(fdt, node, 0, &p->gic.dist, &p->gic.dist_size) ||
        !gic_reg(fdt, node, 1, &p->gic.redist, &p->gic.redist_size))
        return false;
    if (fdt_reg_u32(fdt, node, "#redistributor-regions", &regions) && regions > 1)
        kprintf("fdt: warning: %u redistributor regions, only the first is used\n", regions);
    return true;
}

static bool discover_gicv2(const void *fdt, int node, struct platform *p)
{
    if (!gic_reg(fdt, node, 0, &p->gic.dist, &p->gic.dist_size) ||
        !gic_reg(fdt, node, 1, &p->gic.cpu, &p->gic.cpu_size))
        return false;
    /* GICH and GICV exist only with the virtualization extensions. */
    if (fdt_reg_count(fdt, node) >= 4 &&
        (!gic_reg(fdt, node, 2, &p->gic.hyp, &p->gic.hyp_size) ||
         !gic_reg(fdt, node, 3, &p->gic.vcpu, &p->gic.vcpu_size))) {
        p->gic.hyp = p->gic.vcpu = pa_init(0);
        p->gic.hyp_size = p->gic.vcpu_size = 0;
    }
    return true;
}

unsigned fdt_discover_gic(const void *fdt, struct platform *p)
{
    int node = fdt_index_find_compatible(fdt, gicv3_compatibles);
    enum gic_version version = GIC_V3;
    unsigned cells;
    bool ok;

    if (node < 0) {
        node = fdt_index_find_compatible(fdt, gicv2_compatibles);
        version = GIC_V2;
    }
    if (node < 0) {
        kprintf("fdt: warning: no supported interrupt controller\n");
        return gic_interrupt_cells(fdt, node);
    }
    cells = gic_interrupt_cells(fdt, node);
    ok = version == GIC_V3 ? discover_gicv3(fdt, node, p) : discover_gicv2(fdt, node, p);
    if (!ok) {
        kprintf("fdt: warning: %s: unusable reg, no interrupt controller\n",
                fdt_reg_node_name(fdt, node));
        memset(&p->gic, 0, sizeof(p->gic));
        return cells;
    }
    p->gic.version = version;

    /* The maintenance interrupt is listed only when the virtualization
     * extensions are present; its absence is not an error. */
    unsigned ppi;
    if (fdt_getprop(fdt, node, "interrupts", NULL) && read_ppi(fdt, node, cells, 0, &ppi))
        p->gic.maint_ppi = ppi;
    return cells;
}

void fdt_discover_timer_defaults(struct platform *p)
{
    p->timer.ppi_sec_phys = FDT_TIMER_PPI_SEC_PHYS;
    p->timer.ppi_phys = FDT_TIMER_PPI_PHYS;
    p->timer.ppi_virt = FDT_TIMER_PPI_VIRT;
    p->timer.ppi_hyp_phys = FDT_TIMER_PPI_HYP_PHYS;
    p->timer.freq_hz = 0;
}

void fdt_discover_timer(const void *fdt, struct platform *p, unsigned gic_cells)
{
    int node = fdt_index_find_compatible(fdt, timer_compatibles);
    unsigned ppi[4];
    uint32_t hz;

    fdt_discover_timer_defaults(p);
    if (node < 0) {
        kprintf("fdt: warning: no arm,armv8-timer node, default timer PPIs\n");
        return;
    }
    for (unsigned i = 0; i < 4; i++) {
        if (!read_ppi(fdt, node, gic_cells, i, &ppi[i])) {
            kprintf("fdt: warning: timer interrupts unusable, default timer PPIs\n");
            return;
        }
    }
    p->timer.ppi_sec_phys = ppi[0];
    p->timer.ppi_phys = ppi[1];
    p->timer.ppi_virt = ppi[2];
    p->timer.ppi_hyp_phys = ppi[3];
    if (fdt_reg_u32(fdt, node, "clock-frequency", &hz))
        p->timer.freq_hz = hz;
}
