/* Host spaces (spec 2.1.2) and the NOVA host space (spec 6.1.3.2). */
#ifndef LIBNOVA_SPACE_HST_H
#define LIBNOVA_SPACE_HST_H

#include "arch.h"
#include "kobject.h"
#include "platform.h"

#define SPACE_HST_PROTECTED_MAX 16

struct space_hst {
    struct kobject obj;
    bool is_nova;         /* the NOVA host space: selectors are physical page numbers */
    struct arch_hst arch; /* unused for the NOVA host space */
};

status_t space_hst_create(struct space_hst **out);
void space_hst_destroy(struct space_hst *space);
void space_hst_init_nova(struct space_hst *nova, unsigned pa_bits);
/* Physical memory the NOVA host space never hands out (spec 7.2.1). */
void space_hst_protect(paddr_t base, uint64_t size);
/* Physical memory the NOVA host space hands to guest spaces only: the GIC
 * virtual CPU interface, which a guest uses as its CPU interface. */
void space_hst_guest_only(paddr_t base, uint64_t size);
/* Selectors in a space: page numbers below this bound are valid. */
uint64_t space_hst_selectors(const struct space_hst *space);
/* Map a kernel-owned page (HIP, UTCB) that ctrl_pd cannot take from here. */
status_t space_hst_map_kernel(struct space_hst *space, uint64_t vpn, paddr_t pa, unsigned perm);
/* spec 5.4.1 host space to host space */
status_t space_hst_delegate(const struct space_hst *src, struct space_hst *dst, uint64_t ssb,
                            uint64_t dsb, unsigned ord, unsigned pmm, uint32_t mad);

#endif
