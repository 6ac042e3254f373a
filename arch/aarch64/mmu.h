/* The kernel's own address space (EL2 stage 1): image at KERNEL_VA_BASE,
 * all RAM at LINEAR_MAP_BASE + PA, MMIO windows from DEVICE_MAP_BASE. */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include "types.h"

void mmu_init(paddr_t load_pa);
void *mmu_map_device(paddr_t pa, uint64_t size);
paddr_t mmu_load_pa(void);
/* The kernel-image address of a physical address inside the image (the
 * kernel pool lives there): what kmem knows its pages by. */
void *mmu_image_va(paddr_t pa);

#endif
