/* Virtual GIC: decoding of guest accesses to the distributor (GICv2 or
 * GICv3) and the GICv3 redistributors. Register names and offsets are the
 * GICv2 (IHI 0048B) and GICv3 (IHI 0069) architecture specifications'. */
#include "vgic_priv.h"

/* Implementer JEP106 0x43B (Arm), ProductID 'N'. Linux keys its GIC errata
 * workarounds on IIDR; this value matches none of them. */
#define VGIC_IIDR 0x4e00043bu
/* GICD_PIDR2 / GICR_PIDR2: ArchRev [7:4], JEP106 id bits [3:0] (Arm). */
#define VGIC_PIDR2(arch_rev) (((arch_rev) << 4) | 0xbu)

#define VGICD_CTLR_ARE (1u << 4) /* GICv3 with DS == 1: ARE, RAO/WI here */
#define VGICD_CTLR_DS (1u << 6)
#define VGICD_CTLR_ENABLE_GRPS 3u        /* EnableGrp0, EnableGrp1 */
#define VGICD_TYPER_IDBITS_10 (9u << 19) /* INTIDs 0..1023, no LPIs */
#define VGICD_IROUTER_MASK 0x80ffffffu   /* IRM, Aff2, Aff1, Aff0 */
#define VGICR_TYPER_LAST (1u << 4)
#define VGICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define VGICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define VGICR_SGI_BASE 0x10000u

enum vgic_reg {
    VGIC_RAZ_WI,
    VGIC_CTLR,
    VGIC_TYPER,
    VGIC_IIDR_REG,
    VGIC_PIDR2_REG,
    VGIC_IGROUPR,
    VGIC_ISENABLER,
    VGIC_ICENABLER,
    VGIC_ISPENDR,
    VGIC_ICPENDR,
    VGIC_ISACTIVER,
    VGIC_ICACTIVER,
    VGIC_IPRIORITYR,
    VGIC_ITARGETSR,
    VGIC_ICFGR,
    VGIC_SGIR,
    VGIC_CPENDSGIR,
    VGIC_SPENDSGIR,
    VGIC_IROUTER,
    VGIC_GICR_TYPER,
    VGIC_GICR_WAKER,
};

/* Access sizes a register takes. */
#define SZ_1 (1u << 1)
#define SZ_4 (1u << 4)
#define SZ_8 (1u << 8)

struct vgic_range {
    uint32_t offset, length;
    uint8_t reg;
    uint16_t sizes;
};

/* GICv2 distributor register map. */
static const struct vgic_range vgic_v2_dist[] = {
    {0x000, 4, VGIC_CTLR, SZ_4},
    {0x004, 4, VGIC_TYPER, SZ_4},
    {0x008, 4, VGIC_IIDR_REG, SZ_4},
    {0x080, 0x80, VGIC_IGROUPR, SZ_4},
    {0x100, 0x80, VGIC_ISENABLER, SZ_4},
    {0x180, 0x80, VGIC_ICENABLER, SZ_4},
    {0x200, 0x80, VGIC_ISPENDR, SZ_4},
    {0x280, 0x80, VGIC_ICPENDR, SZ_4},
    {0x300, 0x80, VGIC_ISACTIVER, SZ_4},
    {0x380, 0x80, VGIC_ICACTIVER, SZ_4},
    {0x400, 0x3fc, VGIC_IPRIORITYR, SZ_1 | SZ_4},
    {0x800, 0x3fc, VGIC_ITARGETSR, SZ_1 | SZ_4},
    {0xc00, 0x100, VGIC_ICFGR, SZ_4},
    {0xf00, 4, VGIC_SGIR, SZ_4},
    {0xf10, 0x10, VGIC_CPENDSGIR, SZ_1 | SZ_4},
    {0xf20, 0x10, VGIC_SPENDSGIR, SZ_1 | SZ_4},
    {0xfe8, 4, VGIC_PIDR2_REG, SZ_4}, /* ICPIDR2 */
};

/* GICv3 distributor. With affinity routing the SGI/PPI words of the banked
 * registers are RAZ/WI (they live in the redistributor); GICD_ITARGETSR,
 * GICD_IGRPMODR (DS == 1) and GICD_NSACR are RAZ/WI. */
static const struct vgic_range vgic_v3_dist[] = {
    {0x0000, 4, VGIC_CTLR, SZ_4},
    {0x0004, 4, VGIC_TYPER, SZ_4},
    {0x0008, 4, VGIC_IIDR_REG, SZ_4},
    {0x0080, 0x80, VGIC_IGROUPR, SZ_4},
    {0x0100, 0x80, VGIC_ISENABLER, SZ_4},
    {0x0180, 0x80, VGIC_ICENABLER, SZ_4},
    {0x0200, 0x80, VGIC_ISPENDR, SZ_4},
    {0x0280, 0x80, VGIC_ICPENDR, SZ_4},
    {0x0300, 0x80, VGIC_ISACTIVER, SZ_4},
    {0x0380, 0x80, VGIC_ICACTIVER, SZ_4},
    {0x0400, 0x3fc, VGIC_IPRIORITYR, SZ_1 | SZ_4},
    {0x0800, 0x3fc, VGIC_RAZ_WI, SZ_1 | SZ_4},
    {0x0c00, 0x100, VGIC_ICFGR, SZ_4},
    {0x6000, 0x1fe0, VGIC_IROUTER, SZ_4 | SZ_8},
    {0xffe8, 4, VGIC_PIDR2_REG, SZ_4},
};

/* One GICv3 redistributor: RD_base frame, then SGI_base frame at 64 KiB.
 * GICR_CTLR is RAZ/WI (no LPIs: EnableLPIs RAZ, RWP never set), as are
 * GICR_PROPBASER/PENDBASER and GICR_IGRPMODR0 (DS == 1). */
static const struct vgic_range vgic_v3_redist[] = {
    {0x0000, 4, VGIC_RAZ_WI, SZ_4},
    {0x0004, 4, VGIC_IIDR_REG, SZ_4},
    {0x0008, 8, VGIC_GICR_TYPER, SZ_4 | SZ_8},
    {0x0014, 4, VGIC_GICR_WAKER, SZ_4},
    {0x0070, 0x10, VGIC_RAZ_WI, SZ_4 | SZ_8},
    {0xffe8, 4, VGIC_PIDR2_REG, SZ_4},
    {VGICR_SGI_BASE + 0x080, 4, VGIC_IGROUPR, SZ_4},
    {VGICR_SGI_BASE + 0x100, 4, VGIC_ISENABLER, SZ_4},
    {VGICR_SGI_BASE + 0x180, 4, VGIC_ICENABLER, SZ_4},
    {VGICR_SGI_BASE + 0x200, 4, VGIC_ISPENDR, SZ_4},
    {VGICR_SGI_BASE + 0x280, 4, VGIC_ICPENDR, SZ_4},
    {VGICR_SGI_BASE + 0x300, 4, VGIC_ISACTIVER, SZ_4},
    {VGICR_SGI_BASE + 0x380, 4, VGIC_ICACTIVER, SZ_4},
    {VGICR_SGI_BASE + 0x400, 0x20, VGIC_IPRIORITYR, SZ_1 | SZ_4},
    {VGICR_SGI_BASE + 0xc00, 8, VGIC_ICFGR, SZ_4},
    {VGICR_SGI_BASE + 0xd00, 4, VGIC_RAZ_WI, SZ_4},
};

#define VGIC_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct vgic_range *vgic_range_find(const struct vgic_range *t, size_t n,
                                                uint32_t offset)
{
    for (size_t i = 0; i < n; i++)
        if (offset >= t[i].offset && offset - t[i].offset < t[i].length)
            return &t[i];
    return NULL;
}

/* One bit per interrupt: test it for a read. */
static bool vgic_bit_get(struct vgic *vgic, enum vgic_reg reg, unsigned intid,
                         const struct vgic_irq *irq)
{
    switch (reg) {
    case VGIC_IGROUPR:
        return irq->flags & VGIC_IRQ_GROUP1;
    case VGIC_ISENABLER:
    case VGIC_ICENABLER:
        return irq->flags & VGIC_IRQ_ENABLED;
    case VGIC_ISPENDR:
    case VGIC_ICPENDR:
        return vgic_irq_is_pending(vgic, intid, irq);
    default:
        return vgic_irq_is_active(irq);
    }
}

/* One bit per interrupt: a written 1 (IGROUPR: any written value). */
static void vgic_bit_put(struct vgic *vgic, unsigned cpu, enum vgic_reg reg, unsigned intid,
                         struct vgic_irq *irq, bool bit)
{
    switch (reg) {
    case VGIC_IGROUPR:
        if (bit == !!(irq->flags & VGIC_IRQ_GROUP1))
            return;
        irq->flags ^= VGIC_IRQ_GROUP1;
        vgic_irq_changed(vgic, cpu, intid, irq);
        return;
    case VGIC_ISENABLER:
        irq->flags |= VGIC_IRQ_ENABLED;
        vgic_irq_changed(vgic, cpu, intid, irq);
        return;
    case VGIC_ICENABLER:
        irq->flags &= ~VGIC_IRQ_ENABLED;
        vgic_irq_changed(vgic, cpu, intid, irq);
        return;
    case VGIC_ISPENDR:
        vgic_irq_set_pending(vgic, cpu, intid);
        return;
    case VGIC_ICPENDR:
        vgic_irq_clear_pending(vgic, cpu, intid);
        return;
    case VGIC_ISACTIVER:
        vgic_irq_set_active(vgic, cpu, intid);
        return;
    default:
        vgic_irq_clear_active(vgic, cpu, intid);
        return;
    }
}

/* GICD_IGROUPR .. GICD_ICACTIVER (and GICR_*0): 32 interrupts a word. */
static uint32_t vgic_bits_access(struct vgic *vgic, unsigned cpu, enum vgic_reg reg, unsigned first,
                                 uint32_t val, bool write)
{
    uint32_t r = 0;

    for (unsigned i = 0; i < 32; i++) {
        struct vgic_irq *irq = vgic_irq_get(vgic, cpu, first + i);
        if (!irq)
            continue;
        if (!write && vgic_bit_get(vgic, reg, first + i, irq))
            r |= 1u << i;
        /* Zeros are no-ops except in GICD_IGROUPR. */
        if (write && (reg == VGIC_IGROUPR || (val & (1u << i))))
            vgic_bit_put(vgic, cpu, reg, first + i, irq, val & (1u << i));
    }
    return r;
}

/* GICD_ICFGR: Int_config[1] of each 2-bit field, 1 = edge. SGIs are edge
 * and read-only; PPIs and SPIs are programmable; Int_config[0] is RES0. */
static uint32_t vgic_icfgr_access(struct vgic *vgic, unsigned cpu, unsigned first, uint32_t val,
                                  bool write)
{
    uint32_t r = 0;

    for (unsigned i = 0; i < 16; i++) {
        unsigned intid = first + i;
        struct vgic_irq *irq = vgic_irq_get(vgic, cpu, intid);
        if (!irq)
            continue;
        if (write && intid >= VGIC_NR_SGIS) {
            if (val & (2u << (2 * i)))
                irq->flags &= ~VGIC_IRQ_LEVEL;
            else
                irq->flags |= VGIC_IRQ_LEVEL;
            vgic_irq_changed(vgic, cpu, intid, irq);
        }
        if (!(irq->flags & VGIC_IRQ_LEVEL))
            r |= 2u << (2 * i);
    }
    return r;
}

/* GICD_IPRIORITYR, GICD_ITARGETSR, GICD_[CS]PENDSGIR: one byte an
 * interrupt, byte-accessible. */
static uint8_t vgic_byte_access(struct vgic *vgic, unsigned cpu, enum vgic_reg reg, unsigned intid,
                                uint8_t val, bool write)
{
    struct vgic_irq *irq = vgic_irq_get(vgic, cpu, intid);
    uint8_t cpus = (uint8_t)vgic_cpu_mask(vgic);

    if (!irq)
        return 0;
    switch (reg) {
    case VGIC_IPRIORITYR:
        if (write) {
            irq->priority = val;
            vgic_irq_changed(vgic, cpu, intid, irq);
        }
        return irq->priority;
    case VGIC_ITARGETSR:
        /* GICD_ITARGETSR0-7 are read-only: the reading CPU's own bit. */
        if (intid < VGIC_NR_PRIVATE)
            return (uint8_t)(1u << cpu);
        if (write) {
            /* Tell the old holder and the new targets. */
            vgic_irq_changed(vgic, cpu, intid, irq);
            irq->targets = val & cpus;
            vgic_irq_changed(vgic, cpu, intid, irq);
        }
        return irq->targets;
    default:
        /* GICD_SPENDSGIR / GICD_CPENDSGIR: the SGI's pending bit per
         * source CPU, for the accessing CPU as target. */
        if (write && reg == VGIC_SPENDSGIR) {
            irq->sgi_sources |= val & cpus;
            vgic_irq_changed(vgic, cpu, intid, irq);
        } else if (write) {
            irq->sgi_sources &= (uint8_t)~val;
            if ((irq->flags & VGIC_IRQ_LR_PEND) && (val & (1u << irq->lr_source)))
                irq->flags |= VGIC_IRQ_CANCEL_PEND;
            vgic_irq_changed(vgic, cpu, intid, irq);
        }
        uint8_t in_lr = (irq->flags & (VGIC_IRQ_LR_PEND | VGIC_IRQ_CANCEL_PEND)) == VGIC_IRQ_LR_PEND
                            ? (uint8_t)(1u << irq->lr_source)
                            : 0;
        return irq->sgi_sources | in_lr;
    }
}

/* GICD_SGIR: TargetListFilter [25:24] (0 list, 1 all but self, 2 self),
 * CPUTargetList [23:16], SGIINTID [3:0]; NSATT is moot without Security
 * Extensions. */
static void vgic_sgir_write(struct vgic *vgic, unsigned cpu, uint32_t val)
{
    uint32_t targets;

    switch ((val >> 24) & 3) {
    case 0:
        targets = (val >> 16) & 0xff;
        break;
    case 1:
        targets = ~(1u << cpu);
        break;
    case 2:
        targets = 1u << cpu;
        break;
    default:
        return; /* reserved filter value */
    }
    targets &= vgic_cpu_mask(vgic);
    for (unsigned t = 0; t < vgic->nr_cpus; t++)
        if (targets & (1u << t))
            vgic_sgi_raise(vgic, t, val & 0xf, cpu);
}

static uint32_t vgic_ctlr_access(struct vgic *vgic, uint32_t val, bool write)
{
    if (write) {
        vgic->ctlr = val & VGICD_CTLR_ENABLE_GRPS;
        vgic_kick_all(vgic);
    }
    if (vgic->version == VGIC_V2)
        return vgic->ctlr;
    return vgic->ctlr | VGICD_CTLR_ARE | VGICD_CTLR_DS;
}

/* GICD_TYPER: ITLinesNumber = (32 + SPIs) / 32 - 1. GICv2: CPUNumber is
 * the CPU count - 1, SecurityExtn 0. GICv3: CPUNumber 0 (ARE always on),
 * IDbits 10, no LPIs/MBIS, No1N 0 (IRM supported), A3V 0, RSS 0. */
static uint32_t vgic_typer(const struct vgic *vgic)
{
    uint32_t itlines = vgic->nr_spis / 32;

    if (vgic->version == VGIC_V2)
        return itlines | (vgic->nr_cpus - 1) << 5;
    return itlines | VGICD_TYPER_IDBITS_10;
}

/* GICR_TYPER: Affinity_Value [63:32] = 0.0.0.k, Processor_Number [23:8],
 * Last [4] on the final redistributor; PLPIS, VLPIS, DirectLPI all 0. */
static uint32_t vgic_gicr_typer(const struct vgic *vgic, unsigned k, bool high)
{
    if (high)
        return k;
    return k << 8 | (k == vgic->nr_cpus - 1 ? VGICR_TYPER_LAST : 0);
}

/* GICR_WAKER: ChildrenAsleep follows ProcessorSleep at once, so Linux's
 * wake handshake completes on its first poll. */
static uint32_t vgic_waker_access(struct vgic *vgic, unsigned k, uint32_t val, bool write)
{
    struct vgic_cpu *vc = &vgic->cpu[k];

    if (write)
        vc->processor_sleep = val & VGICR_WAKER_PROCESSOR_SLEEP;
    return vc->processor_sleep ? VGICR_WAKER_PROCESSOR_SLEEP | VGICR_WAKER_CHILDREN_ASLEEP : 0;
}

static uint32_t vgic_irouter_access(struct vgic *vgic, unsigned intid, bool high, uint32_t val,
                                    bool write)
{
    struct vgic_irq *irq = intid >= VGIC_NR_PRIVATE ? vgic_irq_get(vgic, VGIC_NO_CPU, intid) : 0;

    /* Bits [63:32] hold Aff3, RES0 with A3V == 0; INTIDs 0-31 reserved. */
    if (!irq || high)
        return 0;
    if (write) {
        vgic_irq_changed(vgic, VGIC_NO_CPU, intid, irq);
        irq->route = val & VGICD_IROUTER_MASK;
        vgic_irq_changed(vgic, VGIC_NO_CPU, intid, irq);
    }
    return irq->route;
}

/* One access of width 1 or 4 at rel bytes into range r. cpu: whose banked
 * registers (GICv2: the accessor; GICv3 redistributor: its vCPU; GICv3
 * distributor: VGIC_NO_CPU). */
static uint32_t vgic_reg_access(struct vgic *vgic, unsigned cpu, const struct vgic_range *r,
                                uint32_t rel, unsigned width, uint32_t val, bool write)
{
    switch (r->reg) {
    case VGIC_CTLR:
        return vgic_ctlr_access(vgic, val, write);
    case VGIC_TYPER:
        return vgic_typer(vgic);
    case VGIC_IIDR_REG:
        return VGIC_IIDR;
    case VGIC_PIDR2_REG:
        return VGIC_PIDR2(vgic->version);
    case VGIC_IGROUPR:
    case VGIC_ISENABLER:
    case VGIC_ICENABLER:
    case VGIC_ISPENDR:
    case VGIC_ICPENDR:
    case VGIC_ISACTIVER:
    case VGIC_ICACTIVER:
        return vgic_bits_access(vgic, cpu, r->reg, rel * 8, val, write);
    case VGIC_ICFGR:
        return vgic_icfgr_access(vgic, cpu, rel * 4, val, write);
    case VGIC_IPRIORITYR:
    case VGIC_ITARGETSR:
    case VGIC_CPENDSGIR:
    case VGIC_SPENDSGIR: {
        uint32_t res = 0;
        for (unsigned b = 0; b < width; b++)
            res |= (uint32_t)vgic_byte_access(vgic, cpu, r->reg, rel + b, (uint8_t)(val >> 8 * b),
                                              write)
                   << 8 * b;
        return res;
    }
    case VGIC_SGIR:
        if (write)
            vgic_sgir_write(vgic, cpu, val);
        return 0; /* write-only */
    case VGIC_IROUTER:
        return vgic_irouter_access(vgic, rel / 8, rel & 4, val, write);
    case VGIC_GICR_TYPER:
        return vgic_gicr_typer(vgic, cpu, rel & 4);
    case VGIC_GICR_WAKER:
        return vgic_waker_access(vgic, cpu, val, write);
    default:
        return 0;
    }
}

static bool vgic_access(struct vgic *vgic, unsigned vcpu, enum vgic_region region, uint64_t offset,
                        unsigned size, uint64_t *value, bool write)
{
    const struct vgic_range *table;
    size_t entries;
    uint64_t limit;
    unsigned cpu = vcpu;

    switch (region) {
    case VGIC_REGION_V2_DIST:
        table = vgic_v2_dist, entries = VGIC_COUNT(vgic_v2_dist);
        limit = vgic->version == VGIC_V2 ? VGIC_V2_DIST_SIZE : 0;
        break;
    case VGIC_REGION_V3_DIST:
        table = vgic_v3_dist, entries = VGIC_COUNT(vgic_v3_dist);
        limit = vgic->version == VGIC_V3 ? VGIC_V3_DIST_SIZE : 0;
        cpu = VGIC_NO_CPU;
        break;
    case VGIC_REGION_V3_REDIST:
        table = vgic_v3_redist, entries = VGIC_COUNT(vgic_v3_redist);
        limit = vgic->version == VGIC_V3 ? (uint64_t)vgic->nr_cpus * VGIC_V3_REDIST_STRIDE : 0;
        break;
    default:
        return false;
    }
    if (vcpu >= vgic->nr_cpus || offset >= limit)
        goto bad;
    if (region == VGIC_REGION_V3_REDIST) {
        cpu = (unsigned)(offset / VGIC_V3_REDIST_STRIDE);
        offset %= VGIC_V3_REDIST_STRIDE;
    }

    /* Sizes the register takes, at natural alignment; 32-bit everywhere
     * else (reserved space is RAZ/WI, but a misformed access faults). */
    const struct vgic_range *r = vgic_range_find(table, entries, (uint32_t)offset);
    uint16_t sizes = r ? r->sizes : SZ_4;
    if (size > 8 || !(sizes & (1u << size)) || offset % size)
        goto bad;

    static const struct vgic_range raz = {0, 0, VGIC_RAZ_WI, SZ_4};
    uint32_t rel = r ? (uint32_t)offset - r->offset : 0;
    uint64_t in = write ? *value : 0;
    uint64_t out;
    if (!r)
        r = &raz;

    vgic_lock(vgic);
    if (size == 8)
        out = vgic_reg_access(vgic, cpu, r, rel, 4, (uint32_t)in, write) |
              (uint64_t)vgic_reg_access(vgic, cpu, r, rel + 4, 4, (uint32_t)(in >> 32), write)
                  << 32;
    else
        out = vgic_reg_access(vgic, cpu, r, rel, size, (uint32_t)in, write);
    vgic_unlock(vgic);

    if (!write)
        *value = out;
    return true;

bad:
    __atomic_fetch_add(&vgic->bad_accesses, 1, __ATOMIC_RELAXED);
    return false;
}

bool vgic_mmio_read(struct vgic *vgic, unsigned vcpu, enum vgic_region region, uint64_t offset,
                    unsigned size, uint64_t *value)
{
    return vgic_access(vgic, vcpu, region, offset, size, value, false);
}

/* Any write may change what is deliverable (enables, priorities, routing):
 * every vCPU fills again, conservatively; distributor writes are rare. */
bool vgic_mmio_write(struct vgic *vgic, unsigned vcpu, enum vgic_region region, uint64_t offset,
                     unsigned size, uint64_t value)
{
    bool ok = vgic_access(vgic, vcpu, region, offset, size, &value, true);
    __atomic_fetch_or(&vgic->refill, (uint32_t)((1ull << vgic->nr_cpus) - 1), __ATOMIC_RELEASE);
    return ok;
}
