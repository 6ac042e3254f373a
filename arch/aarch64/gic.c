/* GIC front end: picks the v2 or v3 driver from discovery's answer. */
#include "console.h"
#include "gic.h"

/* Set once by gic_init() on the boot CPU before other CPUs start. */
static const struct gic_ops *gic;
static bool guest_capable;

/* SGI and SPI target per logical CPU: written by the boot CPU in
 * smp_boot(), before any SGI is sent; immutable afterwards. */
static uint64_t sgi_route[PLATFORM_MAX_CPUS];

void gic_init(const struct platform *p)
{
    switch (p->gic.version) {
    case GIC_V2:
        gic = &gicv2_ops;
        break;
    case GIC_V3:
        gic = &gicv3_ops;
        break;
    default:
        kprintf("gic: warning: no interrupt controller, interrupts unavailable\n");
        return;
    }
    gic->init(p);
    guest_capable = gic->split() && gic->virt->lrs();
}

void gic_init_cpu(void)
{
    if (gic)
        gic->init_cpu();
}

unsigned gic_ack(void) { return gic ? gic->ack() : GIC_INTID_SPURIOUS; }

void gic_eoi(unsigned ack)
{
    if (gic)
        gic->eoi(ack);
}

void gic_drop(unsigned ack) { gic->drop(ack); }

bool gic_guest_capable(void) { return guest_capable; }

void gic_enable_irq(unsigned intid)
{
    if (gic)
        gic->enable(intid);
}

void gic_disable_irq(unsigned intid)
{
    if (gic)
        gic->disable(intid);
}

unsigned gic_num_spis(void) { return gic ? gic->num_spis() : 0; }

uint64_t gic_cpu_route(void) { return gic ? gic->cpu_route() : 0; }

void gic_set_route(unsigned cpu, uint64_t route)
{
    if (cpu < PLATFORM_MAX_CPUS)
        sgi_route[cpu] = route;
}

void gic_config_spi(unsigned intid, unsigned cpu, bool level)
{
    if (gic && cpu < PLATFORM_MAX_CPUS && intid >= GIC_SPI_BASE &&
        intid < GIC_SPI_BASE + gic->num_spis())
        gic->config_spi(intid, sgi_route[cpu], level);
}

void gic_send_sgi(unsigned cpu, unsigned sgi)
{
    if (gic && cpu < PLATFORM_MAX_CPUS && sgi < GIC_PPI_BASE)
        gic->send_sgi(sgi_route[cpu], sgi);
}

unsigned gic_virt_lrs(void) { return gic ? gic->virt->lrs() : 0; }
void gic_virt_save(struct gic_virt *g) { gic->virt->save(g); }
void gic_virt_load(struct gic_virt *g) { gic->virt->load(g); }
uint32_t gic_virt_misr(void) { return gic->virt->misr(); }
void gic_virt_set_hcr(uint32_t hcr) { gic->virt->set_hcr(hcr); }
