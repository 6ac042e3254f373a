/* Virtual GIC distributor (GICv2 or GICv3) and GICv3 redistributors of a VM,
 * emulated in the VMM. The kernel switches the virtual CPU interface (list
 * registers) and hands the list registers to the VMM in the vCPU's UTCB, in
 * the ICH_LR<n>_EL2 format whatever the GIC version; this module decides
 * what goes into them.
 *
 * Freestanding: no allocation (the caller provides struct vgic), no libc
 * beyond memset. One VM = one struct vgic, shared by all vCPU threads.
 *
 * Locking: every function below except vgic_init and vgic_take_kicks takes
 * vgic->lock (a spinlock that never sleeps, held for at most a scan of all
 * interrupts); none may be called with it held. vgic_init runs before other
 * threads use the struct; vgic_take_kicks is one atomic exchange.
 *
 * Chosen where the architecture leaves a choice (GICv2: IHI 0048B; GICv3:
 * IHI 0069): one security state (GICv3 GICD_CTLR.DS is 1, GICv2 has no
 * Security Extensions), GICv3 affinity routing always on (ARE RAO/WI, no
 * legacy mode), no LPIs/ITS/MBIS, no extended SPI/PPI ranges, all 8
 * priority bits, PPIs configurable edge or level, SGI enable bits writable,
 * vCPU k has affinity 0.0.0.k (MPIDR Aff0 = k). */
#ifndef VMM_VGIC_H
#define VMM_VGIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VGIC_MAX_CPUS 8
#define VGIC_MAX_SPIS 256
#define VGIC_MAX_LRS 16    /* ICH_VTR_EL2.ListRegs allows at most 16 */
#define VGIC_NR_PRIVATE 32 /* SGIs 0-15, PPIs 16-31 */
#define VGIC_NR_SGIS 16

/* Frame sizes of the register maps. */
#define VGIC_V2_DIST_SIZE 0x1000u
#define VGIC_V3_DIST_SIZE 0x10000u
#define VGIC_V3_REDIST_STRIDE 0x20000u /* RD_base frame + SGI_base frame */

/* ICH_LR<n>_EL2 fields (GICv3 system register description). */
#define VGIC_LR_VINTID_MASK 0xffffffffull
#define VGIC_LR_SGI_SOURCE_SHIFT 10 /* GICv2 VMs: source CPU of an SGI in vINTID[12:10] */
#define VGIC_LR_PINTID_SHIFT 32
#define VGIC_LR_EOI (1ull << 41) /* with HW == 0: maintenance interrupt on EOI */
#define VGIC_LR_PRIORITY_SHIFT 48
#define VGIC_LR_GROUP (1ull << 60)
#define VGIC_LR_HW (1ull << 61)
#define VGIC_LR_STATE_SHIFT 62
#define VGIC_LR_STATE_PENDING (1ull << 62)
#define VGIC_LR_STATE_ACTIVE (2ull << 62)

enum vgic_version {
    VGIC_V2 = 2,
    VGIC_V3 = 3,
};

enum vgic_region {
    VGIC_REGION_V2_DIST,   /* GICv2 distributor, 4 KiB */
    VGIC_REGION_V3_DIST,   /* GICv3 distributor, 64 KiB */
    VGIC_REGION_V3_REDIST, /* GICv3 redistributors, VGIC_V3_REDIST_STRIDE per vCPU */
};

/* State of one interrupt; SGIs and PPIs have one per vCPU. Protected by
 * vgic->lock. While the interrupt sits in an LR of a vCPU that is running
 * (between vgic_fill_lrs and vgic_sync_lrs), the LR owns the pending and
 * active state it was given (VGIC_IRQ_LR_*); pend_latch, sgi_sources and
 * VGIC_IRQ_ACTIVE then hold only what happened since. */
struct vgic_irq {
    uint16_t flags;        /* VGIC_IRQ_* in vgic_priv.h */
    uint8_t priority;      /* GICD_IPRIORITYR byte */
    uint8_t targets;       /* GICv2 SPIs: GICD_ITARGETSR byte */
    uint8_t sgi_sources;   /* GICv2 SGIs: pending per source vCPU (GICD_SPENDSGIR) */
    uint8_t active_source; /* GICv2 SGIs: source of the active instance */
    uint8_t lr_source;     /* GICv2 SGIs: source of the instance in the LR */
    uint8_t lr_cpu;        /* vCPU whose LR slot holds it, or VGIC_NO_CPU */
    uint32_t route;        /* GICv3 SPIs: GICD_IROUTER bits 31:0 (Aff2.Aff1.Aff0, IRM) */
};

#define VGIC_NO_CPU 0xff

struct vgic_cpu {
    struct vgic_irq priv[VGIC_NR_PRIVATE];
    uint16_t lr_intid[VGIC_MAX_LRS]; /* which interrupt each slot holds, VGIC_LR_FREE if none */
    bool in_guest;                   /* LRs filled and not yet synced back */
    bool processor_sleep;            /* GICR_WAKER.ProcessorSleep */
};

#define VGIC_LR_FREE 0xffff

struct vgic {
    uint32_t lock;         /* see the top of this file */
    uint32_t pending_kick; /* vCPUs to kick, drained by vgic_take_kicks; atomic */
    uint32_t refill;       /* vCPUs whose list registers may be stale; atomic */
    uint32_t bad_accesses; /* MMIO accesses refused for size or alignment */
    enum vgic_version version;
    unsigned nr_cpus;
    unsigned nr_spis;
    uint32_t ctlr; /* GICD_CTLR: EnableGrp0 (bit 0), EnableGrp1 (bit 1) */
    struct vgic_cpu cpu[VGIC_MAX_CPUS];
    struct vgic_irq spi[VGIC_MAX_SPIS];
};

/* Reset state (all interrupts disabled, inactive, not pending, group 0,
 * priority 0, level-sensitive except SGIs, SPIs targeted/routed to vCPU 0,
 * GICR_WAKER.ProcessorSleep set). False for nr_cpus outside
 * 1..VGIC_MAX_CPUS, nr_spis not a multiple of 32 or above VGIC_MAX_SPIS,
 * or an unknown version. */
bool vgic_init(struct vgic *vgic, enum vgic_version version, unsigned nr_cpus, unsigned nr_spis);

/* A guest access of size bytes at offset in region, by vCPU vcpu (whose
 * banked registers a GICv2 distributor access reaches; a GICv3
 * redistributor access reaches the vCPU the offset names). For a read,
 * *value receives the zero-extended result. Accesses are naturally aligned
 * words; bytes also to GICD_IPRIORITYR, GICD_ITARGETSR and
 * GICD_[CS]PENDSGIR; doublewords also to GICD_IROUTER, GICR_TYPER and
 * GICR_PROPBASER/PENDBASER. False (and bad_accesses counted) if the access
 * must fault: another size or alignment, offset outside the region, a
 * region not of this VM's GIC version, vcpu out of range. Reserved and
 * unimplemented registers read as zero and ignore writes. */
bool vgic_mmio_read(struct vgic *vgic, unsigned vcpu, enum vgic_region region, uint64_t offset,
                    unsigned size, uint64_t *value);
bool vgic_mmio_write(struct vgic *vgic, unsigned vcpu, enum vgic_region region, uint64_t offset,
                     unsigned size, uint64_t value);

/* An interrupt line: level for a level-sensitive interrupt. intid < 32 is
 * the line of vCPU vcpu (e.g. the virtual timer PPI 27); for an SPI any
 * valid vcpu will do.
 * A rising level on an edge-configured interrupt latches it pending.
 * Returns the vCPUs to kick (also added to pending_kick). */
uint32_t vgic_set_level(struct vgic *vgic, unsigned vcpu, unsigned intid, bool level);

/* An edge on intid (a PPI of vcpu or an SPI): pending until acknowledged,
 * whatever its configuration. SGIs are generated by vgic_sgi1r or GICD_SGIR.
 * Returns the vCPUs to kick. */
uint32_t vgic_inject(struct vgic *vgic, unsigned vcpu, unsigned intid);

/* SPI intid is a host interrupt passed through (assign_int G=1, the same
 * INTID on the host): its LRs carry the HW bit and it as the physical
 * INTID, so the guest's deactivation ends the physical interrupt, which
 * cannot fire again before. Raise it with vgic_inject. Never pending and
 * active in one LR (the architecture forbids it with HW): a new edge waits
 * in the model until the guest deactivates the old one. False for no SPI
 * of this VM. */
bool vgic_set_hw(struct vgic *vgic, unsigned intid);

/* A GICv3 guest's trapped write of value to ICC_SGI1R_EL1 on vCPU vcpu:
 * TargetList/Aff1/Aff2/Aff3/RS, or IRM = all but self. Returns the vCPUs to
 * kick. Ignored on a GICv2 VM. */
uint32_t vgic_sgi1r(struct vgic *vgic, unsigned vcpu, uint64_t icc_sgi1r);

/* After vCPU vcpu exited: lr[0..n) are its list registers as the hardware
 * left them, the same n as the last vgic_fill_lrs. Folds them back into the
 * model: pending -> still pending, active -> acknowledged, invalid ->
 * acknowledged and deactivated (EOI). A level-sensitive interrupt whose
 * line is still asserted stays pending. */
void vgic_sync_lrs(struct vgic *vgic, unsigned vcpu, const uint64_t lr[], unsigned n);

/* Before vCPU vcpu runs: writes lr[0..n) (n <= VGIC_MAX_LRS taken at most).
 * Called again without vgic_sync_lrs in between, it takes the LRs as it
 * wrote them (the vCPU did not run).
 * Active interrupts keep their slot; the remaining slots get the pending
 * interrupts deliverable to vcpu in priority order (lowest value first, then
 * lowest INTID), an interrupt already listed keeping its slot. Free slots
 * are 0. Returns how many deliverable pending interrupts did not fit (ask
 * for the underflow maintenance interrupt when non-zero). LRs of
 * level-sensitive interrupts, and of GICv2 SGIs with more sources queued,
 * carry VGIC_LR_EOI: deactivating them must cause an exit and a sync. */
unsigned vgic_fill_lrs(struct vgic *vgic, unsigned vcpu, uint64_t lr[], unsigned n);

/* Whether an interrupt is pending, enabled and deliverable to vcpu (it
 * wakes the vCPU from WFI). The guest's own priority mask (ICH_VMCR_EL2)
 * is not known here. */
bool vgic_has_pending(struct vgic *vgic, unsigned vcpu);

/* Whether vCPU vcpu's list registers may need a fill: something changed
 * for it since the last call (a kick, a distributor write). Clears its bit.
 * A VMM whose list registers came back as it filled them and that gets
 * false here may skip vgic_sync_lrs and vgic_fill_lrs. One atomic. */
bool vgic_take_refill(struct vgic *vgic, unsigned vcpu);

/* Drains pending_kick: bit k set = vCPU k has something new for its list
 * registers (exit it or wake it, then sync and fill). The calling vCPU's
 * own bit may be set; it needs nothing more than its next fill. */
uint32_t vgic_take_kicks(struct vgic *vgic);

#endif
