#include <nova/caps.h>
#include <string.h>
#include "hip.h"

uint16_t hip_sum(const struct nova_hip *hip)
{
    const uint16_t *p = (const uint16_t *)hip;
    uint16_t sum = 0;
    for (size_t i = 0; i < hip->length / sizeof(uint16_t); i++)
        sum = (uint16_t)(sum + p[i]);
    return sum;
}

void hip_init(struct nova_hip *hip, const struct hip_info *info)
{
    memset(hip, 0, sizeof(*hip));
    hip->signature = HIP_SIGNATURE;
    hip->length = sizeof(*hip);
    hip->nova_start = pa_addr(info->nova_start);
    hip->nova_end = pa_addr(info->nova_end);
    hip->mbuf_start = pa_addr(info->mbuf_start);
    hip->mbuf_end = pa_addr(info->mbuf_end);
    hip->root_start = pa_addr(info->root_start);
    hip->root_end = pa_addr(info->root_end);
    hip->acpi_rsdp = HIP_NOT_PRESENT;
    hip->uefi_map = HIP_NOT_PRESENT;
    hip->stc_freq = info->stc_freq;
    hip->selnum = NOVA_SELNUM;
    hip->sel_hst_arch = HIP_SEL_HST_ARCH;
    hip->sel_hst_nova = HIP_SEL_HST_NOVA;
    hip->sel_gst_arch = HIP_SEL_GST_ARCH;
    hip->sel_gst_nova = HIP_SEL_GST_NOVA;
    hip->cpu_num = (uint16_t)info->cpu_num;
    hip->cpu_bsp = (uint16_t)info->cpu_bsp;
    hip->int_pin = (uint16_t)info->int_pin;
    hip->mco_obj = 8; /* one object-space leaf page */
    hip->mco_hst = 9; /* one last-level page table */
    hip->checksum = (uint16_t)(0 - hip_sum(hip));
}
