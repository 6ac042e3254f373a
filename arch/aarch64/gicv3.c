/* GICv3 driver (Arm GIC Architecture Specification v3/v4, IHI 0069):
 * distributor with affinity routing, one redistributor per CPU, and the
 * system-register CPU interface used from EL2.
 *
 * Every interrupt goes to Group 1 (Non-secure Group 1 when the GIC has
 * two security states, where IGROUPR is Secure-only and reads as 0 but
 * firmware has already made it so); Group 0 would arrive as FIQ. The
 * GICD_CTLR bits written, 0, 1 and 4, are EnableGrp1/EnableGrp1A/ARE_NS
 * in the Non-secure view and EnableGrp0/EnableGrp1/ARE with DS = 1. */
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "mmu.h"

#define GICD_CTLR_ENABLE (1u << 0 | 1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_RWP (1u << 31)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above it */
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI_BASE 0x10000
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_FRAME_V3 0x20000
#define GICR_FRAME_V4 0x40000

/* ICC_SRE_EL2: SRE, DFB, DIB, and Enable (EL1 may use its own SRE) */
#define ICC_SRE_EL2_VALUE 0xfu
#define ICC_CTLR_EOIMODE (1u << 1)

#define MPIDR_AFF_MASK 0xff00ffffffULL

/* Set by gicv3_init() on the boot CPU; read-only afterwards. */
static uintptr_t gicd, gicr;
static uint64_t gicr_size;
static unsigned spis;

static void wait_rwp(uintptr_t reg, uint32_t bit)
{
    for (unsigned i = 0; i < GIC_SPIN_LIMIT && (gic_rd(reg, 0) & bit); i++)
        ;
}

/* MPIDR affinity in GICR_TYPER[63:32] / GICD_IROUTER layout. */
static uint64_t this_cpu_affinity(void) { return sysreg_read(mpidr_el1) & MPIDR_AFF_MASK; }

static uint32_t typer_affinity(uint64_t mpidr)
{
    return (uint32_t)((mpidr >> 8 & 0xff000000) | (mpidr & 0xffffff));
}

/* The current CPU's RD_base, found by affinity; 0 if absent. Walks at most
 * the mapped region, frame by frame, until GICR_TYPER.Last. */
static uintptr_t this_redistributor(void)
{
    uint32_t want = typer_affinity(this_cpu_affinity());

    for (uint64_t off = 0; off + GICR_FRAME_V3 <= gicr_size;) {
        uintptr_t frame = gicr + off;
        uint64_t typer = *(volatile uint64_t *)(frame + GICR_TYPER);
        if ((uint32_t)(typer >> 32) == want)
            return frame;
        if (typer & GICR_TYPER_LAST)
            break;
        off += (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_V4 : GICR_FRAME_V3;
    }
    return 0;
}

static void init_redistributor(uintptr_t rd_base)
{
    uintptr_t sgi = rd_base + GICR_SGI_BASE;

    gic_wr(rd_base, GICR_WAKER, gic_rd(rd_base, GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
    for (unsigned i = 0; i < GIC_SPIN_LIMIT; i++)
        if (!(gic_rd(rd_base, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP))
            break;

    gic_wr(sgi, GICD_IGROUPR, 0xffffffff);
    gic_wr(sgi, GICD_ICENABLER, 0xffff0000);
    gic_wr(sgi, GICD_ICACTIVER, 0xffffffff);
    gic_wr(sgi, GICD_ICPENDR, 0xffff0000);
    for (unsigned i = 0; i < GIC_SPI_BASE; i += 4)
        gic_wr(sgi, GICD_IPRIORITYR + i, GIC_PRIORITY_4X);
    wait_rwp(rd_base + GICR_CTLR, GICR_CTLR_RWP);
    gic_wr(sgi, GICD_ISENABLER, 0x0000ffff);
}

static void init_cpu_interface(void)
{
    sysreg_write(icc_sre_el2, sysreg_read(icc_sre_el2) | ICC_SRE_EL2_VALUE);
    isb();
    if (!(sysreg_read(icc_sre_el2) & 1))
        kprintf("gic: warning: system register interface not enabled\n");
    sysreg_write(icc_pmr_el1, 0xff);
    sysreg_write(icc_bpr1_el1, 0);
    sysreg_write(icc_ctlr_el1, ICC_CTLR_EOIMODE); /* EOIR drops priority, DIR deactivates */
    sysreg_write(icc_igrpen1_el1, 1);
    isb();
}

static void gicv3_init_cpu(void)
{
    uintptr_t rd_base = this_redistributor();

    if (!rd_base) {
        kprintf("gic: warning: no redistributor for MPIDR %lx\n",
                (unsigned long)this_cpu_affinity());
        return;
    }
    init_redistributor(rd_base);
    init_cpu_interface();
}

/* Redistributor frames to map: one (v4-sized) per CPU, within the region. */
static uint64_t redist_map_size(const struct platform *p)
{
    uint64_t cpus = p->cpu_count ? p->cpu_count : 1;
    uint64_t want = cpus * GICR_FRAME_V4;

    return want < p->gic.redist_size ? want : p->gic.redist_size;
}

static void gicv3_init(const struct platform *p)
{
    gicd = (uintptr_t)mmu_map_device(p->gic.dist, p->gic.dist_size);
    gicr_size = redist_map_size(p);
    gicr = (uintptr_t)mmu_map_device(p->gic.redist, gicr_size);
    spis = gic_typer_spis(gic_rd(gicd, GICD_TYPER));

    gic_wr(gicd, GICD_CTLR, 0);
    wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
    unsigned end = GIC_SPI_BASE + spis;
    for (unsigned n = GIC_SPI_BASE; n < end; n += 32) {
        gic_wr(gicd, GICD_IGROUPR + n / 8, 0xffffffff);
        gic_wr(gicd, GICD_ICENABLER + n / 8, 0xffffffff);
        gic_wr(gicd, GICD_ICPENDR + n / 8, 0xffffffff);
        gic_wr(gicd, GICD_ICACTIVER + n / 8, 0xffffffff);
    }
    for (unsigned n = GIC_SPI_BASE; n < end; n += 4)
        gic_wr(gicd, GICD_IPRIORITYR + n, GIC_PRIORITY_4X);
    wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);

    gic_wr(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE);
    wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);

    /* IROUTER: Aff3 in [39:32], Aff2..0 in [23:0], IRM = 0: this CPU. */
    uint64_t route = this_cpu_affinity();
    for (unsigned n = GIC_SPI_BASE; n < end; n++)
        *(volatile uint64_t *)(gicd + GICD_IROUTER + n * 8) = route;
    dsb_sy();

    gicv3_init_cpu();
    kprintf("gic: v3, %u SPIs\n", spis);
}

static unsigned gicv3_ack(void)
{
    unsigned intid = (unsigned)sysreg_read(icc_iar1_el1);

    dsb_sy();
    return intid;
}

static void gicv3_eoi(unsigned ack)
{
    sysreg_write(icc_eoir1_el1, ack);
    sysreg_write(icc_dir_el1, ack);
    isb();
}

static void gicv3_drop(unsigned ack)
{
    sysreg_write(icc_eoir1_el1, ack);
    isb();
}

static bool gicv3_split(void) { return true; }

/* SGIs and PPIs live in the current CPU's redistributor. */
static void set_enable(unsigned intid, unsigned reg)
{
    if (intid >= GIC_SPI_BASE) {
        if (intid < GIC_SPI_BASE + spis)
            gic_wr(gicd, reg + intid / 32 * 4, 1u << (intid % 32));
        if (reg == GICD_ICENABLER)
            wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
        return;
    }
    uintptr_t rd_base = this_redistributor();
    if (!rd_base)
        return;
    gic_wr(rd_base + GICR_SGI_BASE, reg, 1u << intid);
    if (reg == GICD_ICENABLER)
        wait_rwp(rd_base + GICR_CTLR, GICR_CTLR_RWP);
}

static void gicv3_enable(unsigned intid) { set_enable(intid, GICD_ISENABLER); }
static void gicv3_disable(unsigned intid) { set_enable(intid, GICD_ICENABLER); }
static unsigned gicv3_num_spis(void) { return spis; }

/* GICD_IROUTER: the target's affinity, IRM = 0 (that CPU only). */
static void gicv3_config_spi(unsigned intid, uint64_t route, bool level)
{
    gic_set_trigger(gicd, intid, level);
    gic_wr(gicd, GICD_ICACTIVER + intid / 32 * 4, 1u << (intid % 32));
    wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
    *(volatile uint64_t *)(gicd + GICD_IROUTER + intid * 8) = route;
    dsb_sy();
}

static uint64_t gicv3_cpu_route(void) { return this_cpu_affinity(); }

/* ICC_SGI1R_EL1: Aff3 [55:48], RS [47:44] (Aff0 / 16), Aff2 [39:32],
 * INTID [27:24], Aff1 [23:16], TargetList [15:0] (bit Aff0 % 16), IRM 0. */
static void gicv3_send_sgi(uint64_t route, unsigned sgi)
{
    uint64_t aff0 = route & 0xff, aff1 = route >> 8 & 0xff, aff2 = route >> 16 & 0xff;
    uint64_t aff3 = route >> 32 & 0xff;
    uint64_t v = aff3 << 48 | (aff0 >> 4) << 44 | aff2 << 32 | (uint64_t)sgi << 24 | aff1 << 16 |
                 UINT64_C(1) << (aff0 & 0xf);

    dsb_ishst();
    sysreg_write(icc_sgi1r_el1, v);
    isb();
}

const struct gic_ops gicv3_ops = {
    .init = gicv3_init,
    .init_cpu = gicv3_init_cpu,
    .ack = gicv3_ack,
    .eoi = gicv3_eoi,
    .drop = gicv3_drop,
    .split = gicv3_split,
    .enable = gicv3_enable,
    .disable = gicv3_disable,
    .config_spi = gicv3_config_spi,
    .num_spis = gicv3_num_spis,
    .cpu_route = gicv3_cpu_route,
    .send_sgi = gicv3_send_sgi,
    .virt = &gicv3_virt_ops,
};
