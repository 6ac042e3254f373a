/* guest_fdt: the device tree a Linux guest boots with, written with libfdt
 * into a buffer of the caller's: memory, CPUs (PSCI), the GIC (v2 or v3),
 * the generic timer, the emulated PL011 and /chosen. Names and properties
 * are those the Linux drivers match (Documentation/devicetree/bindings:
 * arm/cpus, arm/psci, timer/arm,arch_timer, interrupt-controller/arm,gic
 * and arm,gic-v3, serial/pl011, clock/fixed-clock). */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Register window sizes the tree gives. */
#define GUEST_FDT_GICD_SIZE_V2 0x1000u
#define GUEST_FDT_GICC_SIZE 0x2000u
#define GUEST_FDT_GICD_SIZE_V3 0x10000u
#define GUEST_FDT_GICR_SIZE 0x20000u /* per vCPU: RD_base + SGI_base frames */
#define GUEST_FDT_UART_SIZE 0x1000u
#define GUEST_FDT_UART_CLOCK_HZ 24000000u

/* GICv2 addresses 8 CPUs; vCPU k has MPIDR Aff0 = k and GICv3 SGIs reach
 * Aff0 0-15 without the range selector, so GICv3 guests get at most 16. */
#define GUEST_FDT_MAX_VCPUS_V2 8u
#define GUEST_FDT_MAX_VCPUS_V3 16u

/* Generic timer PPIs (as PPI numbers: INTID - 16), as QEMU's virt gives. */
#define GUEST_FDT_PPI_SEC_PHYS 13u
#define GUEST_FDT_PPI_NONSEC_PHYS 14u
#define GUEST_FDT_PPI_VIRT 11u
#define GUEST_FDT_PPI_HYP 10u

/* The phandles the tree uses. */
#define GUEST_FDT_PHANDLE_GIC 1u
#define GUEST_FDT_PHANDLE_CLOCK 2u

enum guest_fdt_status {
    GUEST_FDT_OK,
    GUEST_FDT_NO_SPACE,   /* the buffer is too small; nothing valid was written */
    GUEST_FDT_BAD_PARAMS, /* the parameters describe no machine (see guest_fdt_build) */
    GUEST_FDT_LIBFDT,     /* libfdt failed otherwise */
};

/* A host device passed through: its node, at its host address, with the
 * host's compatible strings and one SPI (spi_flags: the host's third
 * interrupt cell, 1 edge or 4 level); apb_pclk: an AMBA PrimeCell, which
 * gets the tree's clock as "apb_pclk". */
#define GUEST_FDT_MAX_DEVICES 2u
#define GUEST_FDT_COMPATIBLE_MAX 64u
struct guest_fdt_device {
    const char *name; /* node name, e.g. "pl031@9010000" */
    const char *compatible;
    unsigned compatible_len; /* bytes, the NULs included */
    uint64_t base, size;
    unsigned spi, spi_flags;
    bool has_spi, apb_pclk;
};

struct guest_fdt_params {
    uint64_t ram_base, ram_size;
    unsigned nr_vcpus;    /* vCPU k: MPIDR Aff0 = k */
    unsigned gic_version; /* 2 or 3 */
    uint64_t gicd_base;
    uint64_t gicc_base; /* GICv2: the CPU interface */
    uint64_t gicr_base; /* GICv3: nr_vcpus redistributors, GUEST_FDT_GICR_SIZE each */
    uint64_t uart_base;
    unsigned uart_spi;                 /* SPI number, INTID - 32 */
    const char *bootargs;              /* NULL: no bootargs property */
    uint64_t initrd_base, initrd_size; /* size 0: no initrd */
    const struct guest_fdt_device *devices;
    unsigned nr_devices; /* at most GUEST_FDT_MAX_DEVICES */
};

/* Writes the tree into buf[0, bufsize) and its size to *fdt_size. Returns
 * GUEST_FDT_BAD_PARAMS if RAM is empty or wraps, nr_vcpus is 0 or above the
 * GIC's limit, gic_version is not 2 or 3, uart_spi is above 987 (INTID
 * 1019), the initrd lies outside RAM, or a device is malformed (no name,
 * compatible strings not NUL-terminated or longer than
 * GUEST_FDT_COMPATIBLE_MAX, its SPI above 987 or the UART's). Never writes outside the buffer. */
enum guest_fdt_status guest_fdt_build(void *buf, size_t bufsize,
                                      const struct guest_fdt_params *params, size_t *fdt_size);

const char *guest_fdt_status_str(enum guest_fdt_status status);

#endif
