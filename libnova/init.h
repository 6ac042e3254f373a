/* Boot: what the arch entry hands to the core (see docs/boot-protocol.md). */
#ifndef LIBNOVA_INIT_H
#define LIBNOVA_INIT_H

#include "types.h"

struct boot_info {
    uint64_t reg[3];     /* X0..X2 from the bootloader */
    unsigned entry_el;   /* exception level the loader entered us at */
    paddr_t image_start; /* physical range of the whole image */
    paddr_t image_end;
    paddr_t payload_start; /* payload and MBUF: inside the image, not protected */
    paddr_t mbuf_end;
    void *payload; /* kernel view of the payload, NULL without one */
    void *mbuf;
    uint64_t mbuf_size;
    void *pool; /* kernel memory pool */
    uint64_t pool_size;
    unsigned pa_bits;
};

void nova_init(const struct boot_info *boot) __attribute__((noreturn)) __boot;

#endif
