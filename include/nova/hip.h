/* Hypervisor Information Page (spec 6.3, aarch64 part 7.7.2). */
#ifndef NOVA_HIP_H
#define NOVA_HIP_H

#include <stddef.h>
#include <stdint.h>

#define HIP_SIGNATURE 0x41564f4eu
#define HIP_NOT_PRESENT UINT64_C(0xffffffffffffffff)

/* Number of event selectors (spec 7.6): 64 exception classes, then the
 * microhypervisor events STARTUP, RECALL (host) and VTIMER (guest). */
#define HIP_SEL_HST_ARCH 0x40u
#define HIP_SEL_HST_NOVA 0x2u
#define HIP_SEL_GST_ARCH 0x40u
#define HIP_SEL_GST_NOVA 0x3u

#define HIP_FEATURE_SMMU 0x1u

struct nova_hip {
    uint32_t signature;
    uint16_t checksum;
    uint16_t length;
    uint64_t nova_start;
    uint64_t nova_end;
    uint64_t mbuf_start;
    uint64_t mbuf_end;
    uint64_t root_start;
    uint64_t root_end;
    uint64_t acpi_rsdp;
    uint64_t uefi_map;
    uint32_t uefi_map_size;
    uint16_t uefi_desc_size;
    uint16_t uefi_desc_version;
    uint64_t stc_freq;
    uint64_t selnum;
    uint16_t sel_hst_arch;
    uint16_t sel_hst_nova;
    uint16_t sel_gst_arch;
    uint16_t sel_gst_nova;
    uint16_t cpu_num;
    uint16_t cpu_bsp;
    uint16_t int_pin;
    uint16_t int_msi;
    uint8_t mco_obj;
    uint8_t mco_hst;
    uint8_t mco_gst;
    uint8_t mco_dma;
    uint8_t mco_pio;
    uint8_t mco_msr;
    uint16_t kimax;
    uint64_t features;
    /* spec 7.7.2: architecture-dependent part */
    uint16_t smg_num;
    uint16_t ctx_num;
    uint32_t reserved;
};

_Static_assert(offsetof(struct nova_hip, nova_start) == 0x08, "HIP layout");
_Static_assert(offsetof(struct nova_hip, mbuf_start) == 0x18, "HIP layout");
_Static_assert(offsetof(struct nova_hip, root_start) == 0x28, "HIP layout");
_Static_assert(offsetof(struct nova_hip, acpi_rsdp) == 0x38, "HIP layout");
_Static_assert(offsetof(struct nova_hip, uefi_map) == 0x40, "HIP layout");
_Static_assert(offsetof(struct nova_hip, uefi_map_size) == 0x48, "HIP layout");
_Static_assert(offsetof(struct nova_hip, stc_freq) == 0x50, "HIP layout");
_Static_assert(offsetof(struct nova_hip, selnum) == 0x58, "HIP layout");
_Static_assert(offsetof(struct nova_hip, sel_hst_arch) == 0x60, "HIP layout");
_Static_assert(offsetof(struct nova_hip, cpu_num) == 0x68, "HIP layout");
_Static_assert(offsetof(struct nova_hip, mco_obj) == 0x70, "HIP layout");
_Static_assert(offsetof(struct nova_hip, kimax) == 0x76, "HIP layout");
_Static_assert(offsetof(struct nova_hip, features) == 0x78, "HIP layout");
_Static_assert(offsetof(struct nova_hip, smg_num) == 0x80, "HIP layout");
_Static_assert(sizeof(struct nova_hip) == 0x88, "HIP layout");

#endif
