/* Hypervisor Information Page (spec 6.3, 7.7.2). */
#ifndef LIBNOVA_HIP_H
#define LIBNOVA_HIP_H

#include <nova/hip.h>
#include "types.h"

struct hip_info {
    paddr_t nova_start, nova_end;
    paddr_t mbuf_start, mbuf_end;
    paddr_t root_start, root_end;
    uint64_t stc_freq;
    unsigned cpu_num, cpu_bsp;
    unsigned int_pin;
};

void hip_init(struct nova_hip *hip, const struct hip_info *info) __boot;
/* 16-bit-wise sum over the HIP; zero when the checksum is valid. */
uint16_t hip_sum(const struct nova_hip *hip);

#endif
