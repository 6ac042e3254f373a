/* GICv2 driver (Arm GIC Architecture Specification v2.0, IHI 0048B):
 * memory-mapped distributor and CPU interface.
 *
 * Grouping: with the Security Extensions the kernel runs Non-secure and
 * owns only Group 1, which secure firmware assigned; without them (QEMU
 * virt without secure=on) every interrupt is put in Group 0, which with
 * GICC_CTLR.FIQEn = 0 is signalled as IRQ and acknowledged without the
 * AckCtl subtleties of Group 1. Either way GICD/GICC_CTLR bit 0 enables
 * the one group in use. */
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "mmu.h"

#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR 0x1000 /* in the CPU interface's second page */

#define GIC_CTLR_ENABLE 1u
#define GICC_CTLR_EOIMODE (1u << 9) /* EOImodeNS in the Non-secure view */
#define GICC_IAR_MASK 0x1fffu       /* CPUID [12:10], INTID [9:0] */

/* Set by gicv2_init() on the boot CPU; read-only afterwards. */
static uintptr_t gicd, gicc;
static unsigned spis;
static bool has_security;
static bool split; /* the CPU interface has its second page: EOImode 1 */

static void gicv2_init_cpu(void)
{
    /* Banked per CPU: SGIs and PPIs, and the CPU interface. */
    gic_wr(gicd, GICD_ICENABLER, 0xffff0000);
    gic_wr(gicd, GICD_ICACTIVER, 0xffffffff);
    gic_wr(gicd, GICD_ICPENDR, 0xffff0000);
    if (!has_security)
        gic_wr(gicd, GICD_IGROUPR, 0);
    for (unsigned i = 0; i < GIC_SPI_BASE; i += 4)
        gic_wr(gicd, GICD_IPRIORITYR + i, GIC_PRIORITY_4X);
    gic_wr(gicd, GICD_ISENABLER, 0x0000ffff);

    gic_wr(gicc, GICC_PMR, 0xff);
    gic_wr(gicc, GICC_BPR, 0);
    gic_wr(gicc, GICC_CTLR, GIC_CTLR_ENABLE | (split ? GICC_CTLR_EOIMODE : 0));
    dsb_sy();
}

/* This CPU's bit in the target lists: GICD_ITARGETSR0-7 are read-only
 * and return it (RAZ on a uniprocessor GIC: then CPU 0). */
static uint32_t this_cpu_target(void)
{
    uint32_t mask = gic_rd(gicd, GICD_ITARGETSR) & 0xff;

    return mask ? mask : 1;
}

static void gicv2_init(const struct platform *p)
{
    gicd = (uintptr_t)mmu_map_device(p->gic.dist, p->gic.dist_size);
    gicc = (uintptr_t)mmu_map_device(p->gic.cpu, p->gic.cpu_size);
    split = p->gic.cpu_size > GICC_DIR;
    gicv2_virt_init(p);

    uint32_t typer = gic_rd(gicd, GICD_TYPER);
    spis = gic_typer_spis(typer);
    has_security = typer & GICD_TYPER_SECURITY_EXTN;

    gic_wr(gicd, GICD_CTLR, 0);
    unsigned end = GIC_SPI_BASE + spis;
    for (unsigned n = GIC_SPI_BASE; n < end; n += 32) {
        gic_wr(gicd, GICD_ICENABLER + n / 8, 0xffffffff);
        gic_wr(gicd, GICD_ICPENDR + n / 8, 0xffffffff);
        gic_wr(gicd, GICD_ICACTIVER + n / 8, 0xffffffff);
        if (!has_security)
            gic_wr(gicd, GICD_IGROUPR + n / 8, 0);
    }
    uint32_t targets = this_cpu_target() * 0x01010101u;
    for (unsigned n = GIC_SPI_BASE; n < end; n += 4) {
        gic_wr(gicd, GICD_IPRIORITYR + n, GIC_PRIORITY_4X);
        gic_wr(gicd, GICD_ITARGETSR + n, targets);
    }
    gic_wr(gicd, GICD_CTLR, GIC_CTLR_ENABLE);
    dsb_sy();
    gicv2_init_cpu();
    kprintf("gic: v2, %u SPIs%s\n", spis, has_security ? ", security extensions" : "");
}

static unsigned gicv2_ack(void) { return gic_rd(gicc, GICC_IAR) & GICC_IAR_MASK; }

static void gicv2_eoi(unsigned ack)
{
    gic_wr(gicc, GICC_EOIR, ack);
    if (split)
        gic_wr(gicc, GICC_DIR, ack);
}

static void gicv2_drop(unsigned ack) { gic_wr(gicc, GICC_EOIR, ack); }

static bool gicv2_split(void) { return split; }

static void gicv2_enable(unsigned intid)
{
    if (intid < GIC_SPI_BASE + spis)
        gic_wr(gicd, GICD_ISENABLER + intid / 32 * 4, 1u << (intid % 32));
}

static void gicv2_disable(unsigned intid)
{
    if (intid < GIC_SPI_BASE + spis) {
        gic_wr(gicd, GICD_ICENABLER + intid / 32 * 4, 1u << (intid % 32));
        dsb_sy();
    }
}

static unsigned gicv2_num_spis(void) { return spis; }

/* GICD_ITARGETSR: one byte per INTID, the CPU interface mask. */
static void gicv2_config_spi(unsigned intid, uint64_t route, bool level)
{
    gic_set_trigger(gicd, intid, level);
    gic_wr(gicd, GICD_ICACTIVER + intid / 32 * 4, 1u << (intid % 32));
    *(volatile uint8_t *)(gicd + GICD_ITARGETSR + intid) = (uint8_t)route;
    dsb_sy();
}

static uint64_t gicv2_cpu_route(void) { return this_cpu_target(); }

/* GICD_SGIR: TargetListFilter 0 (the list), CPUTargetList [23:16],
 * NSATT 0, SGIINTID [3:0]. */
static void gicv2_send_sgi(uint64_t route, unsigned sgi)
{
    dsb_sy();
    gic_wr(gicd, GICD_SGIR, (uint32_t)(route & 0xff) << 16 | sgi);
}

const struct gic_ops gicv2_ops = {
    .init = gicv2_init,
    .init_cpu = gicv2_init_cpu,
    .ack = gicv2_ack,
    .eoi = gicv2_eoi,
    .drop = gicv2_drop,
    .split = gicv2_split,
    .enable = gicv2_enable,
    .disable = gicv2_disable,
    .config_spi = gicv2_config_spi,
    .num_spis = gicv2_num_spis,
    .cpu_route = gicv2_cpu_route,
    .send_sgi = gicv2_send_sgi,
    .virt = &gicv2_virt_ops,
};
