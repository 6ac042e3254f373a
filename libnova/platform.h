/* What board discovery found out about the machine. Filled once on the
 * boot CPU by board_discover() before any other CPU runs; read-only after. */
#ifndef LIBNOVA_PLATFORM_H
#define LIBNOVA_PLATFORM_H

#include "types.h"

#define PLATFORM_MAX_RAM 16
#define PLATFORM_MAX_RESERVED 32
#define PLATFORM_MAX_CPUS 64
#define PLATFORM_BOOTARGS_MAX 256

struct mem_range {
    paddr_t base;
    uint64_t size;
};

struct uart_driver;

enum gic_version { GIC_NONE = 0, GIC_V2 = 2, GIC_V3 = 3 };
enum psci_method { PSCI_NONE = 0, PSCI_SMC, PSCI_HVC };

struct platform {
    /* RAM banks from /memory, and what must never be handed out:
     * /memreserve/ entries and /reserved-memory children. */
    struct mem_range ram[PLATFORM_MAX_RAM];
    unsigned ram_count;
    struct mem_range reserved[PLATFORM_MAX_RESERVED];
    unsigned reserved_count;

    /* Console from /chosen/stdout-path; driver NULL if none matched. */
    struct {
        const struct uart_driver *driver;
        paddr_t base;
        uint64_t size;
        uint32_t clock_hz; /* 0 if unknown: the driver keeps the firmware's divisor */
        uint32_t baud;
    } uart;

    struct {
        enum gic_version version;
        paddr_t dist; /* GICD */
        uint64_t dist_size;
        paddr_t redist; /* GICR (v3) */
        uint64_t redist_size;
        paddr_t cpu; /* GICC (v2) */
        uint64_t cpu_size;
        paddr_t hyp; /* GICH (v2) */
        uint64_t hyp_size;
        paddr_t vcpu; /* GICV (v2) */
        uint64_t vcpu_size;
        unsigned maint_ppi; /* maintenance interrupt, 0 if absent */
    } gic;

    struct {
        unsigned ppi_sec_phys, ppi_phys, ppi_virt, ppi_hyp_phys;
        uint32_t freq_hz; /* clock-frequency property, 0: read CNTFRQ_EL0 */
    } timer;

    enum psci_method psci;

    unsigned cpu_count;
    uint64_t cpu_mpidr[PLATFORM_MAX_CPUS];

    char bootargs[PLATFORM_BOOTARGS_MAX];

    paddr_t fdt;
    uint64_t fdt_size;
};

#endif
