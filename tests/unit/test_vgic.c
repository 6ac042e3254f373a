/* Tests for examples/vmm/vgic*.c: the virtual GIC distributor and
 * redistributors (register values from the GICv2 and GICv3 specifications)
 * and the list-register exchange with a vCPU. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <threads.h>

#include <cmocka.h>

#include "vgic_priv.h"

#define V2D VGIC_REGION_V2_DIST
#define V3D VGIC_REGION_V3_DIST
#define V3R VGIC_REGION_V3_REDIST

#define RD(k) ((uint64_t)(k)*VGIC_V3_REDIST_STRIDE) /* RD_base of vCPU k */
#define SGI(k) (RD(k) + 0x10000)                    /* SGI_base of vCPU k */

/* Distributor offsets (same in GICv2 and GICv3 unless noted). */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_CPENDSGIR 0xf10
#define GICD_SPENDSGIR 0xf20
#define GICD_ICPIDR2_V2 0xfe8
#define GICD_IROUTER 0x6000
#define GICD_PIDR2_V3 0xffe8
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
#define GICR_IGRPMODR0 0x0d00

#define LR_STATE(lr) ((unsigned)((lr) >> 62))
#define LR_INTID(lr) ((unsigned)((lr)&0xffffffff))
#define LR_PRIO(lr) ((unsigned)(((lr) >> 48) & 0xff))

static struct vgic g;

static uint64_t rd(unsigned cpu, enum vgic_region r, uint64_t off, unsigned size)
{
    uint64_t v = 0xdeadbeefdeadbeefull;
    assert_true(vgic_mmio_read(&g, cpu, r, off, size, &v));
    return v;
}

static uint32_t rd32(unsigned cpu, enum vgic_region r, uint64_t off)
{
    return (uint32_t)rd(cpu, r, off, 4);
}

static void wr(unsigned cpu, enum vgic_region r, uint64_t off, unsigned size, uint64_t v)
{
    assert_true(vgic_mmio_write(&g, cpu, r, off, size, v));
}

static void wr32(unsigned cpu, enum vgic_region r, uint64_t off, uint32_t v)
{
    wr(cpu, r, off, 4, v);
}

static void init(enum vgic_version v, unsigned cpus, unsigned spis)
{
    assert_true(vgic_init(&g, v, cpus, spis));
}

/* Distributor on, SPI enabled and pending with priority prio (GICv2,
 * group 0). */
static void v2_spi_pending(unsigned intid, uint8_t prio, uint8_t targets)
{
    wr(0, V2D, GICD_IPRIORITYR + intid, 1, prio);
    wr(0, V2D, GICD_ITARGETSR + intid, 1, targets);
    wr32(0, V2D, GICD_ISENABLER + intid / 32 * 4, 1u << intid % 32);
    wr32(0, V2D, GICD_ISPENDR + intid / 32 * 4, 1u << intid % 32);
}

/* GICv3: group 1, enabled, priority prio, routed to Aff0 = cpu. */
static void v3_spi_setup(unsigned intid, uint8_t prio, unsigned cpu)
{
    wr(0, V3D, GICD_IPRIORITYR + intid, 1, prio);
    wr32(0, V3D, GICD_IGROUPR + intid / 32 * 4,
         rd32(0, V3D, GICD_IGROUPR + intid / 32 * 4) | 1u << intid % 32);
    wr(0, V3D, GICD_IROUTER + 8 * intid, 8, cpu);
    wr32(0, V3D, GICD_ISENABLER + intid / 32 * 4, 1u << intid % 32);
}

/* ---- identification registers ---- */

static void v2_typer_iidr_pidr2(void **state)
{
    init(VGIC_V2, 4, 64);
    /* ITLinesNumber = 96 / 32 - 1, CPUNumber = 4 - 1, SecurityExtn 0 */
    assert_int_equal(rd32(0, V2D, GICD_TYPER), 2 | 3 << 5);
    assert_int_equal(rd32(0, V2D, GICD_IIDR), 0x4e00043b);
    assert_int_equal(rd32(0, V2D, GICD_ICPIDR2_V2) & 0xf0, 0x20);
    assert_int_equal(rd32(0, V2D, GICD_CTLR), 0);
    wr32(0, V2D, GICD_CTLR, 0xffffffff);
    assert_int_equal(rd32(0, V2D, GICD_CTLR), 3); /* EnableGrp0, EnableGrp1 */
}

static void v3_typer_iidr_pidr2(void **state)
{
    init(VGIC_V3, 2, 96);
    /* ITLinesNumber 3, IDbits 9 (10 bits), CPUNumber 0, no LPIs/MBIS/A3V,
     * SecurityExtn 0 */
    assert_int_equal(rd32(0, V3D, GICD_TYPER), 3 | 9 << 19);
    assert_int_equal(rd32(0, V3D, GICD_IIDR), 0x4e00043b);
    assert_int_equal(rd32(0, V3D, GICD_PIDR2_V3) & 0xf0, 0x30);
    assert_int_equal(rd32(1, V3R, RD(1) + GICR_PIDR2) & 0xf0, 0x30);
    assert_int_equal(rd32(0, V3R, RD(0) + GICR_IIDR), 0x4e00043b);
    /* ARE and DS read as one; Linux writes ARE_NS | EnableGrp1A | EnableGrp1 */
    assert_int_equal(rd32(0, V3D, GICD_CTLR), 1 << 4 | 1 << 6);
    wr32(0, V3D, GICD_CTLR, 0);
    assert_int_equal(rd32(0, V3D, GICD_CTLR), 1 << 4 | 1 << 6);
    wr32(0, V3D, GICD_CTLR, 1 << 4 | 3);
    assert_int_equal(rd32(0, V3D, GICD_CTLR), 1 << 4 | 1 << 6 | 3);
    /* RWP (bit 31) never set, so Linux's waits finish */
    assert_int_equal(rd32(0, V3R, RD(0) + GICR_CTLR), 0);
}

static void gicr_typer_has_affinity_and_last_bit(void **state)
{
    init(VGIC_V3, 3, 32);
    assert_int_equal(rd(0, V3R, RD(0) + GICR_TYPER, 8), 0);
    assert_int_equal(rd(0, V3R, RD(1) + GICR_TYPER, 8), 1ull << 32 | 1 << 8);
    assert_int_equal(rd(0, V3R, RD(2) + GICR_TYPER, 8), 2ull << 32 | 2 << 8 | 1 << 4);
    /* 32-bit halves */
    assert_int_equal(rd32(0, V3R, RD(2) + GICR_TYPER), 2 << 8 | 1 << 4);
    assert_int_equal(rd32(0, V3R, RD(2) + GICR_TYPER + 4), 2);
    /* no fourth redistributor */
    uint64_t v;
    assert_false(vgic_mmio_read(&g, 0, V3R, RD(3) + GICR_TYPER, 8, &v));
}

static void gicr_waker_handshake(void **state)
{
    init(VGIC_V3, 2, 32);
    /* reset: ProcessorSleep and ChildrenAsleep */
    assert_int_equal(rd32(0, V3R, RD(1) + GICR_WAKER), 6);
    wr32(1, V3R, RD(1) + GICR_WAKER, rd32(1, V3R, RD(1) + GICR_WAKER) & ~2u);
    assert_int_equal(rd32(1, V3R, RD(1) + GICR_WAKER), 0);
    assert_int_equal(rd32(0, V3R, RD(0) + GICR_WAKER), 6); /* per redistributor */
    wr32(1, V3R, RD(1) + GICR_WAKER, 2);
    assert_int_equal(rd32(1, V3R, RD(1) + GICR_WAKER), 6);
}

/* ---- set/clear register pairs ---- */

static void set_clear_pairs(void **state)
{
    static const struct {
        uint64_t set, clear;
    } pairs[] = {
        {GICD_ISENABLER, GICD_ICENABLER},
        {GICD_ISPENDR, GICD_ICPENDR},
        {GICD_ISACTIVER, GICD_ICACTIVER},
    };

    init(VGIC_V2, 2, 32);
    for (unsigned p = 0; p < 3; p++) {
        /* SPI 40: bit 8 of word 1; set shows in both views, zeros are no-ops */
        wr32(0, V2D, pairs[p].set + 4, 1 << 8);
        wr32(0, V2D, pairs[p].set + 4, 0);
        wr32(0, V2D, pairs[p].clear + 4, 0);
        assert_int_equal(rd32(0, V2D, pairs[p].set + 4), 1 << 8);
        assert_int_equal(rd32(1, V2D, pairs[p].clear + 4), 1 << 8);
        wr32(1, V2D, pairs[p].clear + 4, 1 << 8);
        assert_int_equal(rd32(0, V2D, pairs[p].set + 4), 0);
        /* PPI 27 is banked: cpu 1 does not see cpu 0's */
        wr32(0, V2D, pairs[p].set, 1u << 27);
        assert_int_equal(rd32(0, V2D, pairs[p].set), 1u << 27);
        assert_int_equal(rd32(1, V2D, pairs[p].set), 0);
        /* beyond the implemented SPIs: RAZ/WI */
        wr32(0, V2D, pairs[p].set + 8, 0xffffffff);
        assert_int_equal(rd32(0, V2D, pairs[p].set + 8), 0);
    }
}

static void v2_sgi_pending_bits_ignore_writes(void **state)
{
    init(VGIC_V2, 2, 32);
    /* GICD_ISPENDR0/ICPENDR0 SGI bits are read-only; GICD_SPENDSGIR sets them */
    wr32(0, V2D, GICD_ISPENDR, 0xffff);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR), 0);
    wr(0, V2D, GICD_SPENDSGIR + 2, 1, 0x2);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR), 1 << 2);
    wr32(0, V2D, GICD_ICPENDR, 0xffff);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR), 1 << 2);
}

static void v3_banked_registers_live_in_redistributor(void **state)
{
    init(VGIC_V3, 2, 32);
    /* with ARE, the distributor's word 0 is RAZ/WI */
    wr32(0, V3D, GICD_ISENABLER, 0xffffffff);
    assert_int_equal(rd32(0, V3D, GICD_ISENABLER), 0);
    wr32(0, V3R, SGI(1) + GICD_ISENABLER, 1u << 27 | 1);
    assert_int_equal(rd32(0, V3R, SGI(1) + GICD_ISENABLER), 1u << 27 | 1);
    assert_int_equal(rd32(0, V3R, SGI(1) + GICD_ICENABLER), 1u << 27 | 1);
    assert_int_equal(rd32(0, V3R, SGI(0) + GICD_ISENABLER), 0);
    /* GICv3 SGI pending bits are writable in GICR_ISPENDR0 */
    wr32(1, V3R, SGI(1) + GICD_ISPENDR, 1 << 5);
    assert_int_equal(rd32(1, V3R, SGI(1) + GICD_ISPENDR), 1 << 5);
    wr32(1, V3R, SGI(1) + GICD_ICPENDR, 1 << 5);
    assert_int_equal(rd32(1, V3R, SGI(1) + GICD_ISPENDR), 0);
    wr32(1, V3R, SGI(1) + GICD_IGROUPR, 0xffffffff);
    assert_int_equal(rd32(1, V3R, SGI(1) + GICD_IGROUPR), 0xffffffff);
    /* GICR_IGRPMODR0 is RAZ/WI with DS == 1 */
    wr32(1, V3R, SGI(1) + GICR_IGRPMODR0, 0xffffffff);
    assert_int_equal(rd32(1, V3R, SGI(1) + GICR_IGRPMODR0), 0);
}

static void level_line_stays_pending_over_icpendr(void **state)
{
    init(VGIC_V2, 1, 32);
    vgic_set_level(&g, 0, 40, true); /* SPIs reset level-sensitive */
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR + 4), 1 << 8);
    wr32(0, V2D, GICD_ICPENDR + 4, 1 << 8);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR + 4), 1 << 8);
    vgic_set_level(&g, 0, 40, false);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR + 4), 0);
    /* a GICD_ISPENDR latch outlives the line */
    wr32(0, V2D, GICD_ISPENDR + 4, 1 << 8);
    vgic_set_level(&g, 0, 40, true);
    vgic_set_level(&g, 0, 40, false);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR + 4), 1 << 8);
    wr32(0, V2D, GICD_ICPENDR + 4, 1 << 8);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR + 4), 0);
}

/* ---- priorities, configuration, targets, routing ---- */

static void priority_byte_and_word_access(void **state)
{
    init(VGIC_V2, 1, 32);
    wr32(0, V2D, GICD_IPRIORITYR + 40, 0x44332211);
    assert_int_equal(rd(0, V2D, GICD_IPRIORITYR + 41, 1), 0x22);
    wr(0, V2D, GICD_IPRIORITYR + 42, 1, 0xa0);
    assert_int_equal(rd32(0, V2D, GICD_IPRIORITYR + 40), 0x44a02211);

    init(VGIC_V3, 2, 32);
    wr(0, V3R, SGI(1) + GICD_IPRIORITYR + 27, 1, 0x80);
    assert_int_equal(rd32(0, V3R, SGI(1) + GICD_IPRIORITYR + 24), 0x80000000);
    assert_int_equal(rd32(0, V3R, SGI(0) + GICD_IPRIORITYR + 24), 0);
    wr32(0, V3D, GICD_IPRIORITYR + 32, 0x01020304);
    assert_int_equal(rd(0, V3D, GICD_IPRIORITYR + 35, 1), 0x01);
}

static void icfgr_sgis_edge_ppis_and_spis_programmable(void **state)
{
    init(VGIC_V2, 1, 32);
    assert_int_equal(rd32(0, V2D, GICD_ICFGR), 0xaaaaaaaa);
    wr32(0, V2D, GICD_ICFGR, 0);
    assert_int_equal(rd32(0, V2D, GICD_ICFGR), 0xaaaaaaaa);
    assert_int_equal(rd32(0, V2D, GICD_ICFGR + 4), 0);
    /* Int_config[0] is RES0 */
    wr32(0, V2D, GICD_ICFGR + 4, 0xffffffff);
    assert_int_equal(rd32(0, V2D, GICD_ICFGR + 4), 0xaaaaaaaa);
    wr32(0, V2D, GICD_ICFGR + 8, 2u << 2 * 8); /* SPI 40 edge */
    assert_int_equal(rd32(0, V2D, GICD_ICFGR + 8), 2u << 2 * 8);

    /* edge: a rising line latches, the latch outlives the line */
    vgic_set_level(&g, 0, 40, true);
    vgic_set_level(&g, 0, 40, false);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR + 4), 1 << 8);

    init(VGIC_V3, 1, 32);
    wr32(0, V3R, SGI(0) + GICD_ICFGR + 4, 2u << 2 * 11); /* PPI 27 edge */
    assert_int_equal(rd32(0, V3R, SGI(0) + GICD_ICFGR + 4), 2u << 2 * 11);
    assert_int_equal(rd32(0, V3R, SGI(0) + GICD_ICFGR), 0xaaaaaaaa);
}

static void v2_itargetsr(void **state)
{
    init(VGIC_V2, 4, 32);
    /* ITARGETSR0-7 read-only, each byte the reader's own bit */
    assert_int_equal(rd32(2, V2D, GICD_ITARGETSR), 0x04040404);
    assert_int_equal(rd(1, V2D, GICD_ITARGETSR + 27, 1), 0x02);
    wr32(2, V2D, GICD_ITARGETSR + 28, 0x01010101);
    assert_int_equal(rd32(2, V2D, GICD_ITARGETSR + 28), 0x04040404);
    /* SPIs: bits of absent CPUs RAZ/WI */
    wr(0, V2D, GICD_ITARGETSR + 33, 1, 0xff);
    assert_int_equal(rd(0, V2D, GICD_ITARGETSR + 33, 1), 0x0f);
    wr32(0, V2D, GICD_ITARGETSR + 36, 0x08040201);
    assert_int_equal(rd32(3, V2D, GICD_ITARGETSR + 36), 0x08040201);
}

static void v2_sgir_filters_and_sources(void **state)
{
    init(VGIC_V2, 4, 32);
    /* filter 0: CPUTargetList 0b0101, SGI 3, from cpu 1 */
    wr32(1, V2D, GICD_SGIR, 0 << 24 | 0x05 << 16 | 3);
    assert_int_equal(rd(0, V2D, GICD_SPENDSGIR + 3, 1), 0x02);
    assert_int_equal(rd(2, V2D, GICD_SPENDSGIR + 3, 1), 0x02);
    assert_int_equal(rd(1, V2D, GICD_SPENDSGIR + 3, 1), 0);
    assert_int_equal(rd(3, V2D, GICD_SPENDSGIR + 3, 1), 0);
    /* same SGI from cpu 3: sources accumulate */
    wr32(3, V2D, GICD_SGIR, 0x01 << 16 | 3);
    assert_int_equal(rd(0, V2D, GICD_SPENDSGIR + 3, 1), 0x0a);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR), 1 << 3);
    /* filter 1: all but self */
    wr32(2, V2D, GICD_SGIR, 1 << 24 | 5);
    assert_int_equal(rd32(0, V2D, GICD_SPENDSGIR + 4), 0x04 << 8);
    assert_int_equal(rd32(1, V2D, GICD_SPENDSGIR + 4), 0x04 << 8);
    assert_int_equal(rd32(2, V2D, GICD_SPENDSGIR + 4), 0);
    assert_int_equal(rd32(3, V2D, GICD_SPENDSGIR + 4), 0x04 << 8);
    /* filter 2: self only, the target list ignored */
    wr32(3, V2D, GICD_SGIR, 2 << 24 | 0x0f << 16 | 7);
    assert_int_equal(rd(3, V2D, GICD_SPENDSGIR + 7, 1), 0x08);
    assert_int_equal(rd(0, V2D, GICD_SPENDSGIR + 7, 1), 0);
    /* filter 3 is reserved */
    wr32(0, V2D, GICD_SGIR, 3u << 24 | 0x0f << 16 | 9);
    for (unsigned c = 0; c < 4; c++)
        assert_int_equal(rd(c, V2D, GICD_SPENDSGIR + 9, 1), 0);
    /* GICD_CPENDSGIR clears single sources */
    wr(0, V2D, GICD_CPENDSGIR + 3, 1, 0x02);
    assert_int_equal(rd(0, V2D, GICD_SPENDSGIR + 3, 1), 0x08);
    assert_int_equal(rd(0, V2D, GICD_CPENDSGIR + 3, 1), 0x08);
    /* write-only GICD_SGIR reads as zero */
    assert_int_equal(rd32(0, V2D, GICD_SGIR), 0);
}

static void v3_irouter(void **state)
{
    init(VGIC_V3, 2, 32);
    assert_int_equal(rd(0, V3D, GICD_IROUTER + 8 * 33, 8), 0);
    wr(0, V3D, GICD_IROUTER + 8 * 33, 8, 1);
    assert_int_equal(rd(0, V3D, GICD_IROUTER + 8 * 33, 8), 1);
    /* IRM, Aff2..Aff0 kept; Aff3 RES0 (A3V == 0) and the rest RES0 */
    wr(0, V3D, GICD_IROUTER + 8 * 34, 8, ~0ull);
    assert_int_equal(rd(0, V3D, GICD_IROUTER + 8 * 34, 8), 0x80ffffff);
    wr32(0, V3D, GICD_IROUTER + 8 * 35 + 4, 0xff);
    assert_int_equal(rd32(0, V3D, GICD_IROUTER + 8 * 35 + 4), 0);
    /* INTIDs 0-31 have none; beyond the SPIs, none */
    wr(0, V3D, GICD_IROUTER + 8 * 20, 8, 1);
    assert_int_equal(rd(0, V3D, GICD_IROUTER + 8 * 20, 8), 0);
    wr(0, V3D, GICD_IROUTER + 8 * 64, 8, 1);
    assert_int_equal(rd(0, V3D, GICD_IROUTER + 8 * 64, 8), 0);

    /* routing decides which vCPU lists it */
    uint64_t lr[4];
    wr32(0, V3D, GICD_CTLR, 2);
    v3_spi_setup(33, 0x80, 1);
    vgic_inject(&g, 0, 33);
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 4), 0);
    assert_int_equal(lr[0], 0);
    assert_false(vgic_has_pending(&g, 0));
    assert_true(vgic_has_pending(&g, 1));
    vgic_fill_lrs(&g, 1, lr, 4);
    assert_int_equal(LR_INTID(lr[0]), 33);
    /* Aff1 != 0 names no vCPU */
    wr(0, V3D, GICD_IROUTER + 8 * 36, 8, 1 << 8);
    v3_spi_setup(36, 0x80, 1 << 8);
    vgic_inject(&g, 0, 36);
    assert_false(vgic_has_pending(&g, 0));
}

static void v3_sgi1r_targets(void **state)
{
    init(VGIC_V3, 4, 32);
    /* SGI 1, TargetList 0b1010 */
    vgic_sgi1r(&g, 0, 1ull << 24 | 0xa);
    for (unsigned k = 0; k < 4; k++)
        assert_int_equal(rd32(0, V3R, SGI(k) + GICD_ISPENDR), k & 1 ? 1 << 1 : 0);
    /* IRM: all but self */
    vgic_sgi1r(&g, 2, 1ull << 40 | 4ull << 24);
    for (unsigned k = 0; k < 4; k++)
        assert_int_equal(rd32(0, V3R, SGI(k) + GICD_ISPENDR) & 1 << 4, k == 2 ? 0 : 1 << 4);
    /* Aff1, Aff2, Aff3 or RS non-zero: no such vCPU */
    vgic_sgi1r(&g, 0, 1ull << 16 | 6ull << 24 | 0xf);
    vgic_sgi1r(&g, 0, 1ull << 32 | 6ull << 24 | 0xf);
    vgic_sgi1r(&g, 0, 1ull << 44 | 6ull << 24 | 0xf);
    vgic_sgi1r(&g, 0, 1ull << 48 | 6ull << 24 | 0xf);
    for (unsigned k = 0; k < 4; k++)
        assert_int_equal(rd32(0, V3R, SGI(k) + GICD_ISPENDR) & 1 << 6, 0);
}

/* ---- list registers ---- */

static void fill_lrs_priority_order_and_overflow(void **state)
{
    static const struct {
        unsigned intid;
        uint8_t prio;
    } irqs[] = {{40, 0xa0}, {41, 0x20}, {42, 0x80}, {43, 0x20}, {44, 0xf0}, {45, 0x10}};
    uint64_t lr[4];

    init(VGIC_V3, 1, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    wr32(0, V3D, GICD_ICFGR + 8, 0xaaaaaaaa); /* SPIs 32-47 edge */
    for (unsigned i = 0; i < 6; i++) {
        v3_spi_setup(irqs[i].intid, irqs[i].prio, 0);
        vgic_inject(&g, 0, irqs[i].intid);
    }
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 4), 2);
    /* 45 (0x10), then 41 and 43 (0x20, lower INTID first), then 42 (0x80) */
    static const unsigned want[] = {45, 41, 43, 42};
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(LR_INTID(lr[i]), want[i]);
        assert_int_equal(LR_STATE(lr[i]), 1);
        assert_true(lr[i] & VGIC_LR_GROUP);
        assert_false(lr[i] & (VGIC_LR_HW | VGIC_LR_EOI)); /* edge */
    }
    assert_int_equal(LR_PRIO(lr[0]), 0x10);
    assert_int_equal(LR_PRIO(lr[3]), 0x80);

    /* the guest takes 45 and 41 (EOI), leaves the rest: 40 and 44 follow
     * in the free slots, 43 and 42 stay where they are */
    lr[0] = 0, lr[1] = 0;
    vgic_sync_lrs(&g, 0, lr, 4);
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 4), 0);
    assert_int_equal(LR_INTID(lr[0]), 40);
    assert_int_equal(LR_INTID(lr[1]), 44);
    assert_int_equal(LR_INTID(lr[2]), 43);
    assert_int_equal(LR_INTID(lr[3]), 42);

    /* nothing deliverable when the group is off in GICD_CTLR */
    vgic_sync_lrs(&g, 0, lr, 4);
    wr32(0, V3D, GICD_CTLR, 1);
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 4), 0);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(lr[i], 0);
    assert_false(vgic_has_pending(&g, 0));
}

static void fill_keeps_active_in_its_slot(void **state)
{
    uint64_t lr[2];

    init(VGIC_V3, 1, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    v3_spi_setup(40, 0x80, 0);
    v3_spi_setup(41, 0x70, 0);
    v3_spi_setup(42, 0x10, 0);
    vgic_inject(&g, 0, 40);
    vgic_inject(&g, 0, 41);
    vgic_fill_lrs(&g, 0, lr, 2);
    assert_int_equal(LR_INTID(lr[0]), 41);
    assert_int_equal(LR_INTID(lr[1]), 40);
    /* the guest acknowledges 40 (active); 42 arrives, higher priority:
     * pending 41 makes room, active 40 keeps slot 1 */
    lr[1] = (lr[1] & ~(3ull << 62)) | VGIC_LR_STATE_ACTIVE;
    vgic_sync_lrs(&g, 0, lr, 2);
    assert_int_equal(rd32(0, V3D, GICD_ISACTIVER + 4), 1 << 8);
    assert_int_equal(rd32(0, V3D, GICD_ISPENDR + 4), 1 << 9);
    vgic_inject(&g, 0, 42);
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 2), 1);
    assert_int_equal(LR_INTID(lr[0]), 42);
    assert_int_equal(LR_STATE(lr[0]), 1);
    assert_int_equal(LR_INTID(lr[1]), 40);
    assert_int_equal(LR_STATE(lr[1]), 2);
    /* while listed, the guest's view includes the LRs */
    assert_int_equal(rd32(0, V3D, GICD_ISPENDR + 4), 1 << 9 | 1 << 10);
    assert_int_equal(rd32(0, V3D, GICD_ISACTIVER + 4), 1 << 8);
}

static void one_spi_goes_to_one_vcpu(void **state)
{
    uint64_t lr0[2], lr1[2];

    init(VGIC_V2, 2, 32);
    wr32(0, V2D, GICD_CTLR, 1);
    v2_spi_pending(40, 0x80, 0x3);
    assert_true(vgic_has_pending(&g, 0));
    assert_true(vgic_has_pending(&g, 1));
    vgic_fill_lrs(&g, 0, lr0, 2);
    assert_int_equal(LR_INTID(lr0[0]), 40);
    assert_int_equal(vgic_fill_lrs(&g, 1, lr1, 2), 0);
    assert_int_equal(lr1[0], 0);
    assert_false(vgic_has_pending(&g, 1));
    /* cpu 0 exits before acknowledging it: still cpu 0's */
    vgic_sync_lrs(&g, 0, lr0, 2);
    vgic_sync_lrs(&g, 1, lr1, 2);
    assert_false(vgic_has_pending(&g, 1));
    assert_int_equal(vgic_fill_lrs(&g, 1, lr1, 2), 0);
    assert_int_equal(lr1[0], 0);
    vgic_fill_lrs(&g, 0, lr0, 2);
    assert_int_equal(LR_INTID(lr0[0]), 40);
    /* cpu 0 handled it (EOI); pending again, either may take it */
    lr0[0] = 0;
    vgic_sync_lrs(&g, 0, lr0, 2);
    wr32(1, V2D, GICD_ISPENDR + 4, 1 << 8);
    vgic_sync_lrs(&g, 1, lr1, 2);
    vgic_fill_lrs(&g, 1, lr1, 2);
    assert_int_equal(LR_INTID(lr1[0]), 40);
    vgic_fill_lrs(&g, 0, lr0, 2);
    assert_int_equal(lr0[0], 0);

    /* GICv3 1 of N (IRM) likewise */
    init(VGIC_V3, 2, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    v3_spi_setup(50, 0x80, 0);
    wr(0, V3D, GICD_IROUTER + 8 * 50, 8, 1u << 31);
    vgic_inject(&g, 0, 50);
    vgic_fill_lrs(&g, 1, lr1, 2);
    assert_int_equal(LR_INTID(lr1[0]), 50);
    vgic_fill_lrs(&g, 0, lr0, 2);
    assert_int_equal(lr0[0], 0);
}

static void sync_edge_states(void **state)
{
    uint64_t lr[1];

    init(VGIC_V3, 1, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    v3_spi_setup(40, 0x80, 0);
    vgic_inject(&g, 0, 40);
    vgic_fill_lrs(&g, 0, lr, 1);
    assert_int_equal(LR_STATE(lr[0]), 1);
    /* not acknowledged: still pending */
    vgic_sync_lrs(&g, 0, lr, 1);
    assert_int_equal(rd32(0, V3D, GICD_ISPENDR + 4), 1 << 8);
    vgic_fill_lrs(&g, 0, lr, 1);
    assert_int_equal(LR_STATE(lr[0]), 1);
    /* acknowledged: active, not pending; a new edge while running makes
     * it active and pending */
    lr[0] ^= VGIC_LR_STATE_PENDING | VGIC_LR_STATE_ACTIVE;
    vgic_inject(&g, 0, 40);
    vgic_sync_lrs(&g, 0, lr, 1);
    assert_int_equal(rd32(0, V3D, GICD_ISACTIVER + 4), 1 << 8);
    assert_int_equal(rd32(0, V3D, GICD_ISPENDR + 4), 1 << 8);
    vgic_fill_lrs(&g, 0, lr, 1);
    assert_int_equal(LR_STATE(lr[0]), 3);
    /* EOI of the active one, the pending one acknowledged: active only */
    lr[0] = (lr[0] & ~(3ull << 62)) | VGIC_LR_STATE_ACTIVE;
    vgic_sync_lrs(&g, 0, lr, 1);
    assert_int_equal(rd32(0, V3D, GICD_ISPENDR + 4), 0);
    vgic_fill_lrs(&g, 0, lr, 1);
    assert_int_equal(LR_STATE(lr[0]), 2);
    /* invalid: acknowledged and deactivated */
    lr[0] &= ~(3ull << 62);
    vgic_sync_lrs(&g, 0, lr, 1);
    assert_int_equal(rd32(0, V3D, GICD_ISPENDR + 4), 0);
    assert_int_equal(rd32(0, V3D, GICD_ISACTIVER + 4), 0);
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 1), 0);
    assert_int_equal(lr[0], 0);
}

static void hw_spi_lr_carries_the_physical_intid(void **state)
{
    uint64_t lr[1];

    init(VGIC_V3, 1, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    v3_spi_setup(34, 0x80, 0);
    assert_false(vgic_set_hw(&g, 27)); /* a PPI */
    assert_false(vgic_set_hw(&g, 64)); /* beyond the VM's SPIs */
    assert_true(vgic_set_hw(&g, 34));
    vgic_inject(&g, 0, 34);
    vgic_fill_lrs(&g, 0, lr, 1);
    assert_int_equal(lr[0] & (VGIC_LR_HW | VGIC_LR_VINTID_MASK), VGIC_LR_HW | 34);
    assert_int_equal((lr[0] >> VGIC_LR_PINTID_SHIFT) & 0x1fff, 34);
    assert_int_equal(LR_STATE(lr[0]), 1);
    /* acknowledged; an edge meanwhile waits: HW forbids pending and active */
    lr[0] ^= VGIC_LR_STATE_PENDING | VGIC_LR_STATE_ACTIVE;
    vgic_inject(&g, 0, 34);
    vgic_sync_lrs(&g, 0, lr, 1);
    vgic_fill_lrs(&g, 0, lr, 1);
    assert_int_equal(LR_STATE(lr[0]), 2);
    /* the guest's EOI deactivated it (and the physical one): the edge follows */
    lr[0] &= ~(3ull << 62);
    vgic_sync_lrs(&g, 0, lr, 1);
    vgic_fill_lrs(&g, 0, lr, 1);
    assert_int_equal(LR_STATE(lr[0]), 1);
    assert_int_equal(lr[0] & VGIC_LR_HW, VGIC_LR_HW);
}

static void sync_level_repends_only_while_asserted(void **state)
{
    uint64_t lr[2];

    init(VGIC_V3, 2, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    wr32(1, V3R, SGI(1) + GICD_IGROUPR, 1u << 27);
    wr32(1, V3R, SGI(1) + GICD_ISENABLER, 1u << 27);
    vgic_set_level(&g, 1, 27, true); /* virtual timer of vCPU 1 */
    assert_false(vgic_has_pending(&g, 0));
    vgic_fill_lrs(&g, 1, lr, 2);
    assert_int_equal(LR_INTID(lr[0]), 27);
    assert_int_equal(LR_STATE(lr[0]), 1);
    assert_true(lr[0] & VGIC_LR_EOI); /* level: exit at EOI to resample */
    /* EOI with the line still high: pending again */
    lr[0] &= ~(3ull << 62);
    vgic_sync_lrs(&g, 1, lr, 2);
    assert_true(vgic_has_pending(&g, 1));
    vgic_fill_lrs(&g, 1, lr, 2);
    assert_int_equal(LR_INTID(lr[0]), 27);
    assert_int_equal(LR_STATE(lr[0]), 1);
    /* the line drops (the guest reprogrammed the timer), then EOI */
    vgic_set_level(&g, 1, 27, false);
    lr[0] &= ~(3ull << 62);
    vgic_sync_lrs(&g, 1, lr, 2);
    assert_false(vgic_has_pending(&g, 1));
    assert_int_equal(rd32(1, V3R, SGI(1) + GICD_ISPENDR), 0);
    assert_int_equal(vgic_fill_lrs(&g, 1, lr, 2), 0);
    assert_int_equal(lr[0], 0);
}

static void refill_without_sync_keeps_state(void **state)
{
    uint64_t lr[1];

    init(VGIC_V3, 1, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    wr32(0, V3D, GICD_ICFGR + 8, 0xaaaaaaaa);
    v3_spi_setup(40, 0x80, 0);
    vgic_inject(&g, 0, 40);
    vgic_fill_lrs(&g, 0, lr, 1);
    /* kicked before entering the guest: fill again */
    memset(lr, 0, sizeof(lr));
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 1), 0);
    assert_int_equal(LR_INTID(lr[0]), 40);
    assert_int_equal(LR_STATE(lr[0]), 1);
}

static void guest_clear_pending_wins_over_lr(void **state)
{
    uint64_t lr[1];

    init(VGIC_V3, 2, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    v3_spi_setup(40, 0x80, 0);
    vgic_inject(&g, 0, 40);
    vgic_fill_lrs(&g, 0, lr, 1);
    vgic_take_kicks(&g);
    /* vCPU 1 clears it while vCPU 0 runs with it pending in an LR */
    wr32(1, V3D, GICD_ICPENDR + 4, 1 << 8);
    assert_int_equal(vgic_take_kicks(&g), 1);
    assert_int_equal(rd32(1, V3D, GICD_ISPENDR + 4), 0);
    vgic_sync_lrs(&g, 0, lr, 1);
    assert_int_equal(rd32(1, V3D, GICD_ISPENDR + 4), 0);
    assert_int_equal(vgic_fill_lrs(&g, 0, lr, 1), 0);
    assert_int_equal(lr[0], 0);
}

static void v2_sgi_lr_carries_source(void **state)
{
    uint64_t lr[2];

    init(VGIC_V2, 4, 32);
    wr32(0, V2D, GICD_CTLR, 1);
    wr32(0, V2D, GICD_ISENABLER, 0xffff);
    wr32(1, V2D, GICD_SGIR, 0x01 << 16 | 3);
    wr32(2, V2D, GICD_SGIR, 0x01 << 16 | 3);
    vgic_fill_lrs(&g, 0, lr, 2);
    /* one source at a time, in vINTID[12:10]; EOI for the next one */
    assert_int_equal(LR_INTID(lr[0]), 3 | 1 << 10);
    assert_true(lr[0] & VGIC_LR_EOI);
    assert_int_equal(lr[1], 0);
    lr[0] &= ~(3ull << 62);
    vgic_sync_lrs(&g, 0, lr, 2);
    vgic_fill_lrs(&g, 0, lr, 2);
    assert_int_equal(LR_INTID(lr[0]), 3 | 2 << 10);
    assert_false(lr[0] & VGIC_LR_EOI);
    lr[0] &= ~(3ull << 62);
    vgic_sync_lrs(&g, 0, lr, 2);
    assert_false(vgic_has_pending(&g, 0));
    assert_int_equal(rd(0, V2D, GICD_SPENDSGIR + 3, 1), 0);
}

/* ---- kicks ---- */

static void kicks_for_cross_vcpu_sgis(void **state)
{
    init(VGIC_V3, 3, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    vgic_take_kicks(&g);
    /* disabled at the target: pending, but nobody to kick */
    assert_int_equal(vgic_sgi1r(&g, 0, 1ull << 24 | 0x6), 0);
    assert_int_equal(vgic_take_kicks(&g), 0);
    for (unsigned k = 1; k < 3; k++) {
        wr32(k, V3R, SGI(k) + GICD_IGROUPR, 0xffff);
        wr32(k, V3R, SGI(k) + GICD_ISENABLER, 0xffff);
    }
    /* enabling the pending SGIs kicked their vCPUs */
    assert_int_equal(vgic_take_kicks(&g), 0x6);
    assert_int_equal(vgic_sgi1r(&g, 0, 2ull << 24 | 0x4), 0x4);
    assert_int_equal(vgic_sgi1r(&g, 1, 1ull << 40 | 2ull << 24), 0x4); /* vCPU 0: disabled */
    assert_int_equal(vgic_take_kicks(&g), 0x4);
    assert_int_equal(vgic_take_kicks(&g), 0);

    init(VGIC_V2, 2, 32);
    wr32(0, V2D, GICD_CTLR, 1);
    wr32(1, V2D, GICD_ISENABLER, 0xffff);
    vgic_take_kicks(&g);
    wr32(0, V2D, GICD_SGIR, 0x02 << 16 | 1);
    assert_int_equal(vgic_take_kicks(&g), 0x2);
}

static void kick_the_vcpu_holding_a_disabled_interrupt(void **state)
{
    uint64_t lr[2];

    init(VGIC_V2, 2, 32);
    wr32(0, V2D, GICD_CTLR, 1);
    vgic_take_kicks(&g);
    v2_spi_pending(40, 0x80, 0x2);
    assert_int_equal(vgic_take_kicks(&g), 0x2);
    vgic_fill_lrs(&g, 1, lr, 2);
    /* vCPU 0 disables it: vCPU 1 must drop its LR */
    wr32(0, V2D, GICD_ICENABLER + 4, 1 << 8);
    assert_int_equal(vgic_take_kicks(&g), 0x2);
    vgic_sync_lrs(&g, 1, lr, 2);
    vgic_fill_lrs(&g, 1, lr, 2);
    assert_int_equal(lr[0], 0);
    assert_int_equal(rd32(0, V2D, GICD_ISPENDR + 4), 1 << 8);
    /* retargeted to vCPU 0 and enabled again: vCPU 0 is kicked */
    wr(0, V2D, GICD_ITARGETSR + 40, 1, 0x1);
    vgic_take_kicks(&g);
    wr32(0, V2D, GICD_ISENABLER + 4, 1 << 8);
    assert_int_equal(vgic_take_kicks(&g), 0x1);
}

/* ---- two vCPU threads on one struct vgic ---- */

#define ROUNDS 20000

static uint64_t lock_counter;  /* under g.lock */
static unsigned threads_ready; /* atomic: start together, so they overlap */

static void start_together(void)
{
    __atomic_fetch_add(&threads_ready, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&threads_ready, __ATOMIC_ACQUIRE) < 2)
        ;
}

static int count_under_vgic_lock(void *arg)
{
    (void)arg;
    start_together();
    for (unsigned i = 0; i < 10 * ROUNDS; i++) {
        vgic_lock(&g);
        uint64_t v = lock_counter;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        lock_counter = v + 1;
        vgic_unlock(&g);
    }
    return 0;
}

static void vgic_lock_excludes(void **state)
{
    thrd_t t[2];

    init(VGIC_V3, 2, 32);
    lock_counter = 0;
    threads_ready = 0;
    for (unsigned i = 0; i < 2; i++)
        assert_int_equal(thrd_create(&t[i], count_under_vgic_lock, NULL), thrd_success);
    for (unsigned i = 0; i < 2; i++)
        thrd_join(t[i], NULL);
    assert_int_equal(lock_counter, 2 * 10 * ROUNDS);
}

/* A vCPU's loop: IPI the other vCPU, run (EOI whatever is listed), exit. */
static int vcpu_ping_pong(void *arg)
{
    unsigned self = (unsigned)(uintptr_t)arg;
    unsigned delivered = 0;
    uint64_t lr[4];

    start_together();
    for (unsigned i = 0; i < ROUNDS; i++) {
        vgic_sgi1r(&g, self, 1ull << 24 | 1u << (1 - self));
        vgic_fill_lrs(&g, self, lr, 4);
        for (unsigned k = 0; k < 4; k++) {
            if (LR_STATE(lr[k]) == 1 && LR_INTID(lr[k]) == 1)
                delivered++;
            lr[k] &= ~(3ull << 62);
        }
        vgic_sync_lrs(&g, self, lr, 4);
    }
    return (int)delivered;
}

static void vcpu_threads_share_the_model(void **state)
{
    thrd_t t[2];
    int delivered[2];
    uint64_t lr[4];

    init(VGIC_V3, 2, 32);
    wr32(0, V3D, GICD_CTLR, 2);
    for (unsigned k = 0; k < 2; k++) {
        wr32(k, V3R, SGI(k) + GICD_IGROUPR, 0xffff);
        wr32(k, V3R, SGI(k) + GICD_ISENABLER, 0xffff);
    }
    threads_ready = 0;
    for (unsigned k = 0; k < 2; k++)
        assert_int_equal(thrd_create(&t[k], vcpu_ping_pong, (void *)(uintptr_t)k), thrd_success);
    for (unsigned k = 0; k < 2; k++)
        thrd_join(t[k], &delivered[k]);
    /* the threads may or may not have overlapped; IPIs got through */
    assert_true(delivered[0] + delivered[1] > 0);
    /* the last IPIs are still pending; after one more round nothing is */
    for (unsigned k = 0; k < 2; k++) {
        vgic_fill_lrs(&g, k, lr, 4);
        for (unsigned i = 0; i < 4; i++)
            lr[i] &= ~(3ull << 62);
        vgic_sync_lrs(&g, k, lr, 4);
        assert_false(vgic_has_pending(&g, k));
        for (unsigned i = 0; i < VGIC_MAX_LRS; i++)
            assert_int_equal(g.cpu[k].lr_intid[i], VGIC_LR_FREE);
    }
    assert_int_equal(g.lock, 0);
}

/* ---- malformed and reserved accesses ---- */

static void bad_size_or_alignment_is_refused(void **state)
{
    uint64_t v;

    init(VGIC_V3, 2, 32);
    uint32_t before = g.bad_accesses;
    assert_false(vgic_mmio_read(&g, 0, V3D, GICD_CTLR, 2, &v));          /* halfword */
    assert_false(vgic_mmio_read(&g, 0, V3D, GICD_TYPER + 1, 4, &v));     /* misaligned */
    assert_false(vgic_mmio_read(&g, 0, V3D, GICD_ISENABLER + 4, 1, &v)); /* not byte-accessible */
    assert_false(vgic_mmio_write(&g, 0, V3D, GICD_CTLR, 8, 0));          /* not 64-bit */
    assert_false(vgic_mmio_read(&g, 0, V3D, GICD_IROUTER + 8 * 33 + 4, 8, &v));
    assert_false(vgic_mmio_read(&g, 0, V3D, 0x10000, 4, &v));   /* outside the frame */
    assert_false(vgic_mmio_read(&g, 0, V3D, 0x5000, 1, &v));    /* reserved: 32-bit only */
    assert_false(vgic_mmio_read(&g, 0, V3R, RD(2), 4, &v));     /* no such redistributor */
    assert_false(vgic_mmio_read(&g, 0, V2D, GICD_CTLR, 4, &v)); /* not a GICv2 VM */
    assert_false(vgic_mmio_read(&g, 2, V3D, GICD_CTLR, 4, &v)); /* no such vCPU */
    assert_int_equal(g.bad_accesses - before, 10);
    /* the allowed forms */
    assert_true(vgic_mmio_read(&g, 0, V3D, GICD_IPRIORITYR + 33, 1, &v));
    assert_true(vgic_mmio_read(&g, 0, V3D, GICD_IROUTER + 8 * 33, 8, &v));
    assert_true(vgic_mmio_read(&g, 0, V3D, GICD_IROUTER + 8 * 33 + 4, 4, &v));
    assert_true(vgic_mmio_read(&g, 0, V3R, RD(1) + GICR_TYPER, 8, &v));

    init(VGIC_V2, 1, 32);
    assert_false(vgic_mmio_write(&g, 0, V2D, GICD_SGIR, 1, 0));
    assert_false(vgic_mmio_read(&g, 0, V2D, 0x1000, 4, &v));
    assert_true(vgic_mmio_read(&g, 0, V2D, GICD_SPENDSGIR + 1, 1, &v));
    assert_true(vgic_mmio_read(&g, 0, V2D, GICD_ITARGETSR + 3, 1, &v));
}

static void reserved_offsets_are_raz_wi(void **state)
{
    static const uint64_t v2[] = {0x00c, 0x040, 0xd00, 0xe00, 0xf04, 0xf30, 0xfd0, 0xffc};
    static const uint64_t v3d[] = {0x000c, 0x0010, 0x0800, 0x0d00, 0x0e00, 0x0f00, 0x5000, 0xfffc};
    static const uint64_t v3r[] = {0x0010,  0x0070,  0x0100,  0xfffc,
                                   0x10104, 0x10c08, 0x10e00, 0x1fffc};

    init(VGIC_V2, 1, 32);
    for (unsigned i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
        wr32(0, V2D, v2[i], 0xffffffff);
        assert_int_equal(rd32(0, V2D, v2[i]), 0);
    }
    init(VGIC_V3, 2, 32);
    for (unsigned i = 0; i < sizeof(v3d) / sizeof(v3d[0]); i++) {
        wr32(0, V3D, v3d[i], 0xffffffff);
        assert_int_equal(rd32(0, V3D, v3d[i]), 0);
    }
    for (unsigned i = 0; i < sizeof(v3r) / sizeof(v3r[0]); i++) {
        wr32(0, V3R, RD(1) + v3r[i], 0xffffffff);
        assert_int_equal(rd32(0, V3R, RD(1) + v3r[i]), 0);
    }
    /* nothing else changed */
    assert_int_equal(rd32(0, V3D, GICD_CTLR), 1 << 4 | 1 << 6);
    assert_int_equal(g.bad_accesses, 0);
}

static void init_refuses_bad_shapes(void **state)
{
    assert_false(vgic_init(&g, VGIC_V3, 0, 32));
    assert_false(vgic_init(&g, VGIC_V3, VGIC_MAX_CPUS + 1, 32));
    assert_false(vgic_init(&g, VGIC_V3, 1, 33));
    assert_false(vgic_init(&g, VGIC_V3, 1, VGIC_MAX_SPIS + 32));
    assert_false(vgic_init(&g, (enum vgic_version)4, 1, 32));
    assert_true(vgic_init(&g, VGIC_V2, VGIC_MAX_CPUS, VGIC_MAX_SPIS));
    assert_true(vgic_init(&g, VGIC_V3, 1, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v2_typer_iidr_pidr2),
        cmocka_unit_test(v3_typer_iidr_pidr2),
        cmocka_unit_test(gicr_typer_has_affinity_and_last_bit),
        cmocka_unit_test(gicr_waker_handshake),
        cmocka_unit_test(set_clear_pairs),
        cmocka_unit_test(v2_sgi_pending_bits_ignore_writes),
        cmocka_unit_test(v3_banked_registers_live_in_redistributor),
        cmocka_unit_test(level_line_stays_pending_over_icpendr),
        cmocka_unit_test(priority_byte_and_word_access),
        cmocka_unit_test(icfgr_sgis_edge_ppis_and_spis_programmable),
        cmocka_unit_test(v2_itargetsr),
        cmocka_unit_test(v2_sgir_filters_and_sources),
        cmocka_unit_test(v3_irouter),
        cmocka_unit_test(v3_sgi1r_targets),
        cmocka_unit_test(fill_lrs_priority_order_and_overflow),
        cmocka_unit_test(fill_keeps_active_in_its_slot),
        cmocka_unit_test(one_spi_goes_to_one_vcpu),
        cmocka_unit_test(sync_edge_states),
        cmocka_unit_test(hw_spi_lr_carries_the_physical_intid),
        cmocka_unit_test(sync_level_repends_only_while_asserted),
        cmocka_unit_test(refill_without_sync_keeps_state),
        cmocka_unit_test(guest_clear_pending_wins_over_lr),
        cmocka_unit_test(v2_sgi_lr_carries_source),
        cmocka_unit_test(kicks_for_cross_vcpu_sgis),
        cmocka_unit_test(kick_the_vcpu_holding_a_disabled_interrupt),
        cmocka_unit_test(vgic_lock_excludes),
        cmocka_unit_test(vcpu_threads_share_the_model),
        cmocka_unit_test(bad_size_or_alignment_is_refused),
        cmocka_unit_test(reserved_offsets_are_raz_wi),
        cmocka_unit_test(init_refuses_bad_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
