/* Virtual GIC: list registers (ICH_LR<n>_EL2 format) of one vCPU, filled
 * before it runs and folded back into the model after it exits. */
#include "vgic_priv.h"

/* Whether intid should be in one of cpu's LRs: active (it must stay
 * listed so the guest can deactivate it), or pending, enabled, its group
 * enabled and targeted at cpu, and not held by another vCPU's LR (one SPI,
 * one vCPU). */
static bool vgic_lr_wanted(struct vgic *vgic, unsigned cpu, unsigned intid,
                           const struct vgic_irq *irq)
{
    if (irq->lr_cpu != VGIC_NO_CPU && irq->lr_cpu != cpu)
        return false;
    /* Active here: retargeting does not move it (GICD_ITARGETSR). */
    if (irq->lr_cpu == cpu && (irq->flags & VGIC_IRQ_ACTIVE))
        return true;
    if (!(vgic_irq_targets(vgic, cpu, intid, irq) & (1u << cpu)))
        return false;
    if (irq->flags & VGIC_IRQ_ACTIVE)
        return true;
    return vgic_irq_model_pending(vgic, intid, irq) && vgic_irq_may_signal(vgic, irq);
}

/* Frees a slot; an interrupt still wanted goes to the other vCPUs that may
 * take it (cpu itself learns from vgic_fill_lrs's count). */
static void vgic_lr_release(struct vgic *vgic, unsigned cpu, unsigned slot)
{
    unsigned intid = vgic->cpu[cpu].lr_intid[slot];
    struct vgic_irq *irq = vgic_irq_get(vgic, cpu, intid);

    vgic->cpu[cpu].lr_intid[slot] = VGIC_LR_FREE;
    irq->lr_cpu = VGIC_NO_CPU;
    bool still = (irq->flags & VGIC_IRQ_ACTIVE) ||
                 (vgic_irq_model_pending(vgic, intid, irq) && vgic_irq_may_signal(vgic, irq));
    if (still)
        vgic_kick(vgic, vgic_irq_targets(vgic, cpu, intid, irq) & ~(1u << cpu));
}

static unsigned vgic_lowest_bit(uint32_t mask) { return (unsigned)__builtin_ctz(mask); }

/* Moves intid's pending and active state from the model into an LR value.
 * The latch is consumed (the LR now holds it); an asserted level line is
 * not, it is sampled again at the next fill. */
static uint64_t vgic_lr_make(struct vgic *vgic, unsigned intid, struct vgic_irq *irq)
{
    bool active = irq->flags & VGIC_IRQ_ACTIVE;
    bool may_pend = vgic_irq_may_signal(vgic, irq);
    uint64_t vintid = intid;
    bool pending, eoi;

    irq->flags &= ~(VGIC_IRQ_LR_STATE | VGIC_IRQ_ACTIVE);
    if (vgic_is_v2_sgi(vgic, intid)) {
        /* One source at a time, the source in vINTID[12:10] as GICV_IAR
         * returns it; the next source follows the EOI of this one. */
        unsigned src =
            active || !irq->sgi_sources ? irq->active_source : vgic_lowest_bit(irq->sgi_sources);
        pending = may_pend && (irq->sgi_sources & (1u << src));
        if (pending)
            irq->sgi_sources &= ~(1u << src);
        irq->lr_source = (uint8_t)src;
        vintid |= (uint64_t)src << VGIC_LR_SGI_SOURCE_SHIFT;
        eoi = irq->sgi_sources != 0;
        if (pending)
            irq->flags |= VGIC_IRQ_LR_LATCH;
    } else {
        /* HW: an active interrupt's next edge stays in the model */
        pending = may_pend && vgic_irq_model_pending(vgic, intid, irq) &&
                  !(active && (irq->flags & VGIC_IRQ_HW));
        if (pending && (irq->flags & VGIC_IRQ_PEND_LATCH)) {
            irq->flags &= ~VGIC_IRQ_PEND_LATCH;
            irq->flags |= VGIC_IRQ_LR_LATCH;
        }
        /* A level line still asserted at EOI must pend again: the VMM
         * needs the exit to see it. A line that is low now (the pending
         * state is the latch's) raises a kick when it rises, so no exit
         * is asked for: a virtual timer tick costs no maintenance exit. */
        eoi = (irq->flags & VGIC_IRQ_LEVEL) && (irq->flags & VGIC_IRQ_LINE);
    }
    if (pending)
        irq->flags |= VGIC_IRQ_LR_PEND;
    if (active)
        irq->flags |= VGIC_IRQ_LR_ACT;

    uint64_t lr = vintid | (uint64_t)irq->priority << VGIC_LR_PRIORITY_SHIFT;
    if (irq->flags & VGIC_IRQ_HW)
        lr |= VGIC_LR_HW | (uint64_t)intid << VGIC_LR_PINTID_SHIFT; /* no EOI bit: pINTID's */
    else if (eoi)
        lr |= VGIC_LR_EOI;
    if (irq->flags & VGIC_IRQ_GROUP1)
        lr |= VGIC_LR_GROUP;
    if (pending)
        lr |= VGIC_LR_STATE_PENDING;
    if (active)
        lr |= VGIC_LR_STATE_ACTIVE;
    return lr;
}

/* Folds lr[0..n) back into the model; LRs from n on (all of them when lr
 * is NULL) are taken as they were filled, i.e. the vCPU did not run. */
static void vgic_lr_fold(struct vgic *vgic, unsigned vcpu, const uint64_t lr[], unsigned n)
{
    struct vgic_cpu *vc = &vgic->cpu[vcpu];

    for (unsigned i = 0; vc->in_guest && i < VGIC_MAX_LRS; i++) {
        if (vc->lr_intid[i] == VGIC_LR_FREE)
            continue;
        unsigned intid = vc->lr_intid[i];
        struct vgic_irq *irq = vgic_irq_get(vgic, vcpu, intid);
        uint16_t f = irq->flags;
        bool handed_back = lr && i < n;
        bool pend = handed_back ? (lr[i] & VGIC_LR_STATE_PENDING) : (f & VGIC_IRQ_LR_PEND);
        bool act = handed_back ? (lr[i] & VGIC_LR_STATE_ACTIVE) : (f & VGIC_IRQ_LR_ACT);

        /* A guest write to GICD_ICPENDR / GICD_ICACTIVER meanwhile wins. */
        pend = pend && !(f & VGIC_IRQ_CANCEL_PEND);
        act = act && !(f & VGIC_IRQ_CANCEL_ACT);
        if (vgic_is_v2_sgi(vgic, intid)) {
            if (pend)
                irq->sgi_sources |= 1u << irq->lr_source;
            if (act)
                irq->active_source = irq->lr_source;
        } else if (pend && (f & VGIC_IRQ_LR_LATCH)) {
            irq->flags |= VGIC_IRQ_PEND_LATCH;
        }
        if (act)
            irq->flags |= VGIC_IRQ_ACTIVE;
        irq->flags &= ~VGIC_IRQ_LR_STATE;

        /* Idle now (acknowledged and deactivated, line low): the slot and
         * the claim on the SPI go. */
        if (!(irq->flags & VGIC_IRQ_ACTIVE) && !vgic_irq_model_pending(vgic, intid, irq)) {
            vc->lr_intid[i] = VGIC_LR_FREE;
            irq->lr_cpu = VGIC_NO_CPU;
        }
    }
    vc->in_guest = false;
}

void vgic_sync_lrs(struct vgic *vgic, unsigned vcpu, const uint64_t lr[], unsigned n)
{
    if (vcpu >= vgic->nr_cpus)
        return;
    vgic_lock(vgic);
    vgic_lr_fold(vgic, vcpu, lr, n);
    vgic_unlock(vgic);
}

/* Inserts intid into best[] (INTIDs sorted by priority, then INTID; the
 * caller offers INTIDs in increasing order) if it ranks among the first
 * max. */
static void vgic_lr_rank(struct vgic *vgic, unsigned cpu, uint16_t best[], unsigned *nbest,
                         unsigned max, unsigned intid)
{
    uint8_t prio = vgic_irq_get(vgic, cpu, intid)->priority;
    unsigned pos = *nbest;

    while (pos > 0 && vgic_irq_get(vgic, cpu, best[pos - 1])->priority > prio)
        pos--;
    if (pos >= max)
        return;
    unsigned last = *nbest < max ? *nbest : max - 1;
    for (unsigned i = last; i > pos; i--)
        best[i] = best[i - 1];
    best[pos] = (uint16_t)intid;
    if (*nbest < max)
        (*nbest)++;
}

static bool vgic_lr_is_ranked(const uint16_t best[], unsigned nbest, unsigned intid)
{
    for (unsigned i = 0; i < nbest; i++)
        if (best[i] == intid)
            return true;
    return false;
}

/* Not on a hot path worth tuning: a scan of at most 288 interrupts. */
unsigned vgic_fill_lrs(struct vgic *vgic, unsigned vcpu, uint64_t lr[], unsigned n)
{
    bool pinned[VGIC_MAX_LRS] = {false};
    uint16_t best[VGIC_MAX_LRS];
    unsigned nbest = 0, npinned = 0, wanted = 0;

    if (vcpu >= vgic->nr_cpus)
        return 0;
    if (n > VGIC_MAX_LRS)
        n = VGIC_MAX_LRS;
    vgic_lock(vgic);
    struct vgic_cpu *vc = &vgic->cpu[vcpu];

    /* Filled again without an exit in between: the LRs are as we left them. */
    vgic_lr_fold(vgic, vcpu, NULL, 0);

    /* Active interrupts keep their slot; what is no longer wanted leaves. */
    for (unsigned i = 0; i < VGIC_MAX_LRS; i++) {
        if (vc->lr_intid[i] == VGIC_LR_FREE)
            continue;
        struct vgic_irq *irq = vgic_irq_get(vgic, vcpu, vc->lr_intid[i]);
        if (i >= n || !vgic_lr_wanted(vgic, vcpu, vc->lr_intid[i], irq))
            vgic_lr_release(vgic, vcpu, i);
        else if (irq->flags & VGIC_IRQ_ACTIVE)
            pinned[i] = true, npinned++;
    }

    /* The rest compete by priority, listed or not. */
    for (unsigned intid = 0; intid < vgic_nr_irqs(vgic); intid++) {
        struct vgic_irq *irq = vgic_irq_get(vgic, vcpu, intid);
        if (irq->lr_cpu == vcpu && (irq->flags & VGIC_IRQ_ACTIVE))
            continue;
        if (!vgic_lr_wanted(vgic, vcpu, intid, irq))
            continue;
        wanted++;
        if (npinned < n)
            vgic_lr_rank(vgic, vcpu, best, &nbest, n - npinned, intid);
    }

    for (unsigned i = 0; i < VGIC_MAX_LRS; i++)
        if (vc->lr_intid[i] != VGIC_LR_FREE && !pinned[i] &&
            !vgic_lr_is_ranked(best, nbest, vc->lr_intid[i]))
            vgic_lr_release(vgic, vcpu, i);

    unsigned slot = 0;
    for (unsigned b = 0; b < nbest; b++) {
        struct vgic_irq *irq = vgic_irq_get(vgic, vcpu, best[b]);
        if (irq->lr_cpu == vcpu)
            continue;
        while (vc->lr_intid[slot] != VGIC_LR_FREE)
            slot++;
        vc->lr_intid[slot] = best[b];
        irq->lr_cpu = (uint8_t)vcpu;
    }

    for (unsigned i = 0; i < n; i++) {
        unsigned intid = vc->lr_intid[i];
        lr[i] =
            intid == VGIC_LR_FREE ? 0 : vgic_lr_make(vgic, intid, vgic_irq_get(vgic, vcpu, intid));
    }
    vc->in_guest = true;
    vgic_unlock(vgic);
    return wanted - nbest;
}

bool vgic_has_pending(struct vgic *vgic, unsigned vcpu)
{
    bool found = false;

    if (vcpu >= vgic->nr_cpus)
        return false;
    vgic_lock(vgic);
    for (unsigned intid = 0; !found && intid < vgic_nr_irqs(vgic); intid++) {
        struct vgic_irq *irq = vgic_irq_get(vgic, vcpu, intid);
        if (irq->lr_cpu != VGIC_NO_CPU && irq->lr_cpu != vcpu)
            continue;
        found = (vgic_irq_targets(vgic, vcpu, intid, irq) & (1u << vcpu)) &&
                vgic_irq_may_signal(vgic, irq) && vgic_irq_is_pending(vgic, intid, irq);
    }
    vgic_unlock(vgic);
    return found;
}
