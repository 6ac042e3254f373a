/* The Arm Generic Interrupt Controller, v2 (memory-mapped CPU interface)
 * or v3 (system-register CPU interface), as discovery found it. INTIDs:
 * 0-15 SGIs, 16-31 PPIs (PPI n is INTID 16 + n), 32-1019 SPIs.
 *
 * State: the distributor is set up once by gic_init() on the boot CPU;
 * each CPU then sets up its own interface with gic_init_cpu(). The
 * enable bits are single-copy atomic MMIO writes (set/clear registers),
 * so gic_enable_irq/gic_disable_irq need no lock. */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

#include "arch_types.h"
#include "cpu.h"
#include "platform.h"

#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32
#define GIC_INTID_SPURIOUS 1023
#define GIC_PPI(n) (GIC_PPI_BASE + (n))

/* 32-bit register off of a GIC frame at base (GICD, GICC, GICR). */
static inline uint32_t gic_rd(uintptr_t base, unsigned off)
{
    return (uint32_t)mmio_read32(base + off);
}
static inline void gic_wr(uintptr_t base, unsigned off, uint32_t v) { mmio_write32(base + off, v); }

/* Boot CPU: distributor (all SPIs disabled, group 1, default priority,
 * routed to this CPU), then this CPU's interface. GIC_NONE: warns, and
 * every other call is a no-op (gic_ack returns GIC_INTID_SPURIOUS). */
void gic_init(const struct platform *p);

/* The current CPU's interface: SGIs enabled, PPIs disabled, priority
 * mask open, group 1 signalled as IRQ. */
void gic_init_cpu(void);

/* Acknowledge the highest-priority pending interrupt. The value is opaque
 * (on v2 an SGI's source CPU is in bits 12:10): take the INTID with
 * GIC_INTID() and hand the value back unchanged to gic_eoi() or
 * gic_drop(). The CPU interfaces split priority drop from deactivation
 * (EOImode 1) where they can: gic_eoi() does both, gic_drop() only the
 * drop, which leaves the interrupt active for a guest to deactivate
 * through a list register's HW bit. */
unsigned gic_ack(void);
void gic_eoi(unsigned ack);
void gic_drop(unsigned ack);
/* gic_drop() works and there is a virtual CPU interface. */
bool gic_guest_capable(void);

#define GIC_INTID(ack) ((ack)&0x3ffu)
static inline bool gic_is_spurious(unsigned ack) { return GIC_INTID(ack) >= 1020; }

/* An SPI for all CPUs, an SGI or PPI for the current CPU only. */
void gic_enable_irq(unsigned intid);
void gic_disable_irq(unsigned intid);

/* The current CPU's SGI target, read on that CPU after gic_init_cpu():
 * v2 its CPU interface bit (GICD_ITARGETSR0), v3 its MPIDR affinity. */
uint64_t gic_cpu_route(void);

/* Boot CPU, while it gives CPUs their ids: logical CPU cpu has route. */
void gic_set_route(unsigned cpu, uint64_t route);

/* Send SGI sgi (0-15) to logical CPU cpu. This CPU's earlier memory writes
 * are visible to the target before the interrupt is. */
void gic_send_sgi(unsigned cpu, unsigned sgi);

/* SPI intid (disabled while this runs): edge- or level-triggered, routed
 * to logical CPU cpu, not active. */
void gic_config_spi(unsigned intid, unsigned cpu, bool level);

/* SPIs the distributor implements (GICD_TYPER.ITLinesNumber), the HIP's
 * interrupt pin count. */
unsigned gic_num_spis(void);

/* The virtual CPU interface of the vCPU whose state this CPU holds:
 * number of list registers (0: no virtualization support), save (which
 * also stops virtual interrupts), load (ICH_HCR from g->hcr), the
 * maintenance interrupt status (ICH_MISR format) and the control
 * register (ICH_HCR format; GICv2 converts). */
#define ICH_HCR_EN 0x1u
#define ICH_HCR_UIE 0x2u
#define ICH_MISR_U 0x2u
#define GIC_PPI_MAINTENANCE GIC_PPI(9)
#define GIC_PPI_VTIMER GIC_PPI(11)
unsigned gic_virt_lrs(void);
void gic_virt_save(struct gic_virt *g);
void gic_virt_load(struct gic_virt *g);
uint32_t gic_virt_misr(void);
void gic_virt_set_hcr(uint32_t hcr);

struct gic_virt_ops {
    unsigned (*lrs)(void);
    void (*save)(struct gic_virt *g);
    void (*load)(struct gic_virt *g);
    uint32_t (*misr)(void);
    void (*set_hcr)(uint32_t hcr);
};

/* One GIC architecture version; gic.c dispatches to the one in use. */
struct gic_ops {
    void (*init)(const struct platform *p);
    void (*init_cpu)(void);
    unsigned (*ack)(void);
    void (*eoi)(unsigned ack);
    void (*drop)(unsigned ack);
    bool (*split)(void); /* EOImode 1 is in force */
    void (*enable)(unsigned intid);
    void (*disable)(unsigned intid);
    unsigned (*num_spis)(void);
    uint64_t (*cpu_route)(void);
    void (*send_sgi)(uint64_t route, unsigned sgi);
    void (*config_spi)(unsigned intid, uint64_t route, bool level);
    const struct gic_virt_ops *virt;
};

extern const struct gic_ops gicv2_ops;
extern const struct gic_virt_ops gicv2_virt_ops, gicv3_virt_ops;
void gicv2_virt_init(const struct platform *p);
extern const struct gic_ops gicv3_ops;

/* Distributor registers shared by v2 and v3 (GICv3 spec 12.9, GICv2 4.3). */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00
#define GICD_IROUTER 0x6000

#define GICD_TYPER_ITLINES(t) ((t)&0x1f)
#define GICD_TYPER_SECURITY_EXTN (1u << 10)

/* Priority for every interrupt the kernel uses: mid-range, so a priority
 * mask can still block them. */
#define GIC_PRIORITY_DEFAULT 0xa0
#define GIC_PRIORITY_4X (GIC_PRIORITY_DEFAULT * 0x01010101u)

/* Number of SPIs from GICD_TYPER (INTIDs 1020-1023 are special). */
static inline unsigned gic_typer_spis(uint32_t typer)
{
    unsigned lines = 32 * (GICD_TYPER_ITLINES(typer) + 1);
    return (lines > 1020 ? 1020 : lines) - GIC_SPI_BASE;
}

/* GICD_ICFGR: two bits per INTID, bit 1 set for edge-triggered (the same
 * in v2 and v3). The SPI must be disabled. */
static inline void gic_set_trigger(uintptr_t gicd, unsigned intid, bool level)
{
    unsigned reg = GICD_ICFGR + intid / 16 * 4, bit = 2 * (intid % 16) + 1;
    uint32_t v = gic_rd(gicd, reg);
    gic_wr(gicd, reg, level ? v & ~(1u << bit) : v | 1u << bit);
}

/* Polls before a GIC register that should settle is given up on. */
#define GIC_SPIN_LIMIT 1000000

#endif
