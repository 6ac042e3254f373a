/* Virtual GIC: the interrupt state model, the lock, and the inputs from the
 * VMM (lines, edges, ICC_SGI1R_EL1). Register decoding is in vgic_mmio.c,
 * the list registers in vgic_lr.c. */
#include <string.h>

#include "vgic_priv.h"

static inline void vgic_cpu_relax(void)
{
#if defined(__aarch64__)
    __asm__ volatile("yield");
#elif defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("pause");
#endif
}

/* Test-and-test-and-set, not a ticket lock: the holder is a user thread the
 * kernel may preempt, and a ticket lock would then stall every waiter in
 * turn behind it. */
void vgic_lock(struct vgic *vgic)
{
    while (__atomic_exchange_n(&vgic->lock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&vgic->lock, __ATOMIC_RELAXED))
            vgic_cpu_relax();
}

void vgic_unlock(struct vgic *vgic) { __atomic_store_n(&vgic->lock, 0, __ATOMIC_RELEASE); }

bool vgic_init(struct vgic *vgic, enum vgic_version version, unsigned nr_cpus, unsigned nr_spis)
{
    if (version != VGIC_V2 && version != VGIC_V3)
        return false;
    if (nr_cpus < 1 || nr_cpus > VGIC_MAX_CPUS)
        return false;
    if (nr_spis % 32 || nr_spis > VGIC_MAX_SPIS)
        return false;

    memset(vgic, 0, sizeof(*vgic));
    vgic->version = version;
    vgic->nr_cpus = nr_cpus;
    vgic->nr_spis = nr_spis;

    /* Reset values are IMPLEMENTATION DEFINED where not listed in
     * vgic.h; SGIs are always edge-triggered (GICD_ICFGR). */
    for (unsigned c = 0; c < VGIC_MAX_CPUS; c++) {
        struct vgic_cpu *vc = &vgic->cpu[c];
        for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++) {
            vc->priv[i].flags = i < VGIC_NR_SGIS ? 0 : VGIC_IRQ_LEVEL;
            vc->priv[i].lr_cpu = VGIC_NO_CPU;
        }
        for (unsigned i = 0; i < VGIC_MAX_LRS; i++)
            vc->lr_intid[i] = VGIC_LR_FREE;
        /* GICR_WAKER resets with ProcessorSleep (and ChildrenAsleep) set. */
        vc->processor_sleep = true;
    }
    for (unsigned i = 0; i < VGIC_MAX_SPIS; i++) {
        vgic->spi[i].flags = VGIC_IRQ_LEVEL;
        vgic->spi[i].targets = 1;
        vgic->spi[i].lr_cpu = VGIC_NO_CPU;
    }
    return true;
}

struct vgic_irq *vgic_irq_get(struct vgic *vgic, unsigned cpu, unsigned intid)
{
    if (intid < VGIC_NR_PRIVATE)
        return cpu < vgic->nr_cpus ? &vgic->cpu[cpu].priv[intid] : NULL;
    if (intid < vgic_nr_irqs(vgic))
        return &vgic->spi[intid - VGIC_NR_PRIVATE];
    return NULL;
}

bool vgic_irq_model_pending(const struct vgic *vgic, unsigned intid, const struct vgic_irq *irq)
{
    if (vgic_is_v2_sgi(vgic, intid))
        return irq->sgi_sources != 0;
    return (irq->flags & VGIC_IRQ_PEND_LATCH) ||
           ((irq->flags & VGIC_IRQ_LEVEL) && (irq->flags & VGIC_IRQ_LINE));
}

bool vgic_irq_is_pending(const struct vgic *vgic, unsigned intid, const struct vgic_irq *irq)
{
    bool in_lr = (irq->flags & (VGIC_IRQ_LR_PEND | VGIC_IRQ_CANCEL_PEND)) == VGIC_IRQ_LR_PEND;
    return in_lr || vgic_irq_model_pending(vgic, intid, irq);
}

bool vgic_irq_is_active(const struct vgic_irq *irq)
{
    bool in_lr = (irq->flags & (VGIC_IRQ_LR_ACT | VGIC_IRQ_CANCEL_ACT)) == VGIC_IRQ_LR_ACT;
    return in_lr || (irq->flags & VGIC_IRQ_ACTIVE);
}

bool vgic_irq_may_signal(const struct vgic *vgic, const struct vgic_irq *irq)
{
    uint32_t grp_enable = irq->flags & VGIC_IRQ_GROUP1 ? 2 : 1; /* GICD_CTLR.EnableGrp1/0 */
    return (irq->flags & VGIC_IRQ_ENABLED) && (vgic->ctlr & grp_enable);
}

uint32_t vgic_irq_targets(const struct vgic *vgic, unsigned cpu, unsigned intid,
                          const struct vgic_irq *irq)
{
    if (intid < VGIC_NR_PRIVATE)
        return 1u << cpu;
    if (vgic->version == VGIC_V2)
        return irq->targets;
    /* GICD_IROUTER.IRM: 1 of N, any vCPU may take it. */
    if (irq->route & (1u << 31))
        return vgic_cpu_mask(vgic);
    /* Aff1 and Aff2 must be 0 and Aff0 name a vCPU, else no PE is targeted. */
    if (irq->route & 0x00ffff00u)
        return 0;
    unsigned aff0 = irq->route & 0xff;
    return aff0 < vgic->nr_cpus ? 1u << aff0 : 0;
}

uint32_t vgic_kick(struct vgic *vgic, uint32_t mask)
{
    if (mask) {
        __atomic_fetch_or(&vgic->refill, mask, __ATOMIC_RELEASE);
        __atomic_fetch_or(&vgic->pending_kick, mask, __ATOMIC_RELEASE);
    }
    return mask;
}

bool vgic_take_refill(struct vgic *vgic, unsigned vcpu)
{
    uint32_t bit = 1u << vcpu;
    return __atomic_fetch_and(&vgic->refill, ~bit, __ATOMIC_ACQ_REL) & bit;
}

/* The vCPU holding it in an LR must refresh that LR; otherwise every vCPU
 * it could now go to should look at it. */
uint32_t vgic_irq_changed(struct vgic *vgic, unsigned cpu, unsigned intid,
                          const struct vgic_irq *irq)
{
    if (irq->lr_cpu != VGIC_NO_CPU)
        return vgic_kick(vgic, 1u << irq->lr_cpu);
    bool wanted = (irq->flags & VGIC_IRQ_ACTIVE) ||
                  (vgic_irq_model_pending(vgic, intid, irq) && vgic_irq_may_signal(vgic, irq));
    return wanted ? vgic_kick(vgic, vgic_irq_targets(vgic, cpu, intid, irq)) : 0;
}

void vgic_kick_all(struct vgic *vgic) { vgic_kick(vgic, vgic_cpu_mask(vgic)); }

uint32_t vgic_take_kicks(struct vgic *vgic)
{
    return __atomic_exchange_n(&vgic->pending_kick, 0, __ATOMIC_ACQUIRE);
}

/* GICD_ISPENDR: for a level-sensitive interrupt the latch keeps it pending
 * after the line drops, until acknowledged or GICD_ICPENDR. GICv2 SGIs
 * have per-source state set through GICD_SPENDSGIR instead. */
uint32_t vgic_irq_set_pending(struct vgic *vgic, unsigned cpu, unsigned intid)
{
    struct vgic_irq *irq = vgic_irq_get(vgic, cpu, intid);

    if (!irq || vgic_is_v2_sgi(vgic, intid))
        return 0;
    irq->flags |= VGIC_IRQ_PEND_LATCH;
    return vgic_irq_changed(vgic, cpu, intid, irq);
}

/* GICD_ICPENDR: clears the latch; an asserted level line stays pending. */
uint32_t vgic_irq_clear_pending(struct vgic *vgic, unsigned cpu, unsigned intid)
{
    struct vgic_irq *irq = vgic_irq_get(vgic, cpu, intid);

    if (!irq || vgic_is_v2_sgi(vgic, intid))
        return 0;
    irq->flags &= ~VGIC_IRQ_PEND_LATCH;
    if (irq->flags & VGIC_IRQ_LR_PEND)
        irq->flags |= VGIC_IRQ_CANCEL_PEND;
    return vgic_irq_changed(vgic, cpu, intid, irq);
}

uint32_t vgic_irq_set_active(struct vgic *vgic, unsigned cpu, unsigned intid)
{
    struct vgic_irq *irq = vgic_irq_get(vgic, cpu, intid);

    if (!irq)
        return 0;
    irq->flags |= VGIC_IRQ_ACTIVE;
    irq->flags &= ~VGIC_IRQ_CANCEL_ACT;
    return vgic_irq_changed(vgic, cpu, intid, irq);
}

uint32_t vgic_irq_clear_active(struct vgic *vgic, unsigned cpu, unsigned intid)
{
    struct vgic_irq *irq = vgic_irq_get(vgic, cpu, intid);

    if (!irq)
        return 0;
    irq->flags &= ~VGIC_IRQ_ACTIVE;
    if (irq->flags & VGIC_IRQ_LR_ACT)
        irq->flags |= VGIC_IRQ_CANCEL_ACT;
    return vgic_irq_changed(vgic, cpu, intid, irq);
}

/* An SGI from source to target: per-source pending bits on GICv2
 * (GICD_SPENDSGIR, acknowledged one source at a time), one latch on v3. */
uint32_t vgic_sgi_raise(struct vgic *vgic, unsigned target, unsigned sgi, unsigned source)
{
    struct vgic_irq *irq = &vgic->cpu[target].priv[sgi];

    if (vgic->version == VGIC_V2)
        irq->sgi_sources |= 1u << source;
    else
        irq->flags |= VGIC_IRQ_PEND_LATCH;
    return vgic_irq_changed(vgic, target, sgi, irq);
}

uint32_t vgic_set_level(struct vgic *vgic, unsigned vcpu, unsigned intid, bool level)
{
    uint32_t kick = 0;

    if (vcpu >= vgic->nr_cpus || intid < VGIC_NR_SGIS)
        return 0;
    vgic_lock(vgic);
    struct vgic_irq *irq = vgic_irq_get(vgic, vcpu, intid);
    if (irq && level != !!(irq->flags & VGIC_IRQ_LINE)) {
        if (level) {
            irq->flags |= VGIC_IRQ_LINE;
            if (!(irq->flags & VGIC_IRQ_LEVEL))
                irq->flags |= VGIC_IRQ_PEND_LATCH;
            kick = vgic_irq_changed(vgic, vcpu, intid, irq);
        } else {
            irq->flags &= ~VGIC_IRQ_LINE;
            /* Only an LR holding the line's pending state is now stale. */
            bool line_in_lr =
                (irq->flags & (VGIC_IRQ_LR_PEND | VGIC_IRQ_LR_LATCH)) == VGIC_IRQ_LR_PEND;
            if (line_in_lr && (irq->flags & VGIC_IRQ_LEVEL))
                kick = vgic_kick(vgic, 1u << irq->lr_cpu);
        }
    }
    vgic_unlock(vgic);
    return kick;
}

uint32_t vgic_inject(struct vgic *vgic, unsigned vcpu, unsigned intid)
{
    uint32_t kick = 0;

    if (vcpu >= vgic->nr_cpus || intid < VGIC_NR_SGIS)
        return 0;
    vgic_lock(vgic);
    struct vgic_irq *irq = vgic_irq_get(vgic, vcpu, intid);
    if (irq) {
        irq->flags |= VGIC_IRQ_PEND_LATCH;
        kick = vgic_irq_changed(vgic, vcpu, intid, irq);
    }
    vgic_unlock(vgic);
    return kick;
}

bool vgic_set_hw(struct vgic *vgic, unsigned intid)
{
    if (intid < VGIC_NR_PRIVATE || intid >= vgic_nr_irqs(vgic))
        return false;
    vgic_lock(vgic);
    vgic->spi[intid - VGIC_NR_PRIVATE].flags |= VGIC_IRQ_HW;
    vgic_unlock(vgic);
    return true;
}

/* ICC_SGI1R_EL1: INTID [27:24], TargetList [15:0], Aff1 [23:16],
 * Aff2 [39:32], IRM [40], RS [47:44], Aff3 [55:48]. vCPU k is 0.0.0.k, so
 * only RS 0 with Aff3..Aff1 zero reaches anyone. The SGI is made pending
 * whatever the target's group: Linux configures all SGIs as Group 1. */
uint32_t vgic_sgi1r(struct vgic *vgic, unsigned vcpu, uint64_t icc_sgi1r)
{
    unsigned sgi = (icc_sgi1r >> 24) & 0xf;
    uint32_t targets;
    uint32_t kick = 0;

    if (vcpu >= vgic->nr_cpus || vgic->version != VGIC_V3)
        return 0;
    if (icc_sgi1r & (1ull << 40))
        targets = vgic_cpu_mask(vgic) & ~(1u << vcpu);
    else if (icc_sgi1r & 0x00fff0ff00ff0000ull)
        targets = 0;
    else
        targets = (uint32_t)(icc_sgi1r & 0xffff) & vgic_cpu_mask(vgic);

    vgic_lock(vgic);
    for (unsigned t = 0; t < vgic->nr_cpus; t++)
        if (targets & (1u << t))
            kick |= vgic_sgi_raise(vgic, t, sgi, vcpu);
    vgic_unlock(vgic);
    return kick;
}
