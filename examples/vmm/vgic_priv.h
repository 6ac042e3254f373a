/* Internals shared by vgic.c (state, inputs, lock), vgic_lr.c (list
 * registers) and vgic_mmio.c (register decoding). Every function here runs
 * with vgic->lock held unless it says otherwise. */
#ifndef VMM_VGIC_PRIV_H
#define VMM_VGIC_PRIV_H

#include "vgic.h"

/* struct vgic_irq.flags */
#define VGIC_IRQ_ENABLED (1u << 0)     /* GICD_ISENABLER */
#define VGIC_IRQ_PEND_LATCH (1u << 1)  /* edge, GICD_ISPENDR or a set-pending write */
#define VGIC_IRQ_LINE (1u << 2)        /* input line level */
#define VGIC_IRQ_ACTIVE (1u << 3)      /* GICD_ISACTIVER */
#define VGIC_IRQ_GROUP1 (1u << 4)      /* GICD_IGROUPR */
#define VGIC_IRQ_LEVEL (1u << 5)       /* GICD_ICFGR Int_config[1] == 0 */
#define VGIC_IRQ_LR_PEND (1u << 6)     /* in a running vCPU's LR as pending */
#define VGIC_IRQ_LR_ACT (1u << 7)      /* in a running vCPU's LR as active */
#define VGIC_IRQ_LR_LATCH (1u << 8)    /* the LR's pending state came from the latch */
#define VGIC_IRQ_CANCEL_PEND (1u << 9) /* cleared by the guest while in an LR */
#define VGIC_IRQ_CANCEL_ACT (1u << 10) /* deactivated by the guest while in an LR */
#define VGIC_IRQ_HW (1u << 11)         /* backed by the physical SPI of the same INTID */

#define VGIC_IRQ_LR_STATE                                                                          \
    (VGIC_IRQ_LR_PEND | VGIC_IRQ_LR_ACT | VGIC_IRQ_LR_LATCH | VGIC_IRQ_CANCEL_PEND |               \
     VGIC_IRQ_CANCEL_ACT)

/* Taken without the lock. */
void vgic_lock(struct vgic *vgic);
void vgic_unlock(struct vgic *vgic);

static inline uint32_t vgic_cpu_mask(const struct vgic *vgic) { return (1u << vgic->nr_cpus) - 1; }

static inline unsigned vgic_nr_irqs(const struct vgic *vgic)
{
    return VGIC_NR_PRIVATE + vgic->nr_spis;
}

static inline bool vgic_is_v2_sgi(const struct vgic *vgic, unsigned intid)
{
    return vgic->version == VGIC_V2 && intid < VGIC_NR_SGIS;
}

/* The interrupt intid as vCPU cpu sees it (its banked SGIs and PPIs); NULL
 * for an INTID the VM does not implement, and for SGIs and PPIs when cpu is
 * VGIC_NO_CPU (GICv3 distributor with affinity routing). */
struct vgic_irq *vgic_irq_get(struct vgic *vgic, unsigned cpu, unsigned intid);

/* Pending or active as the guest reads them (GICD_ISPENDR, GICD_ISACTIVER):
 * the model's state plus what the LR of a running vCPU holds. */
bool vgic_irq_is_pending(const struct vgic *vgic, unsigned intid, const struct vgic_irq *irq);
bool vgic_irq_is_active(const struct vgic_irq *irq);

/* Pending in the model alone (what is not in an LR). */
bool vgic_irq_model_pending(const struct vgic *vgic, unsigned intid, const struct vgic_irq *irq);

/* Enabled and its group enabled in GICD_CTLR: may be signalled. */
bool vgic_irq_may_signal(const struct vgic *vgic, const struct vgic_irq *irq);

/* vCPUs the interrupt may be delivered to: cpu for its own SGIs and PPIs,
 * GICD_ITARGETSR (v2) or GICD_IROUTER (v3) for SPIs. */
uint32_t vgic_irq_targets(const struct vgic *vgic, unsigned cpu, unsigned intid,
                          const struct vgic_irq *irq);

/* After a state change of intid (banked for cpu): the vCPUs whose LRs are
 * now out of date, added to pending_kick and returned. */
uint32_t vgic_irq_changed(struct vgic *vgic, unsigned cpu, unsigned intid,
                          const struct vgic_irq *irq);

/* Adds mask to pending_kick and returns it. */
uint32_t vgic_kick(struct vgic *vgic, uint32_t mask);

/* Kick every vCPU (a GICD_CTLR change). */
void vgic_kick_all(struct vgic *vgic);

/* Guest-visible state changes, shared by the register writes and the
 * inputs; each returns the vCPUs to kick. */
uint32_t vgic_irq_set_pending(struct vgic *vgic, unsigned cpu, unsigned intid);
uint32_t vgic_irq_clear_pending(struct vgic *vgic, unsigned cpu, unsigned intid);
uint32_t vgic_irq_set_active(struct vgic *vgic, unsigned cpu, unsigned intid);
uint32_t vgic_irq_clear_active(struct vgic *vgic, unsigned cpu, unsigned intid);
uint32_t vgic_sgi_raise(struct vgic *vgic, unsigned target, unsigned sgi, unsigned source);

#endif
