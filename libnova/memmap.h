/* Usable RAM: the /memory banks minus everything that is not free to use
 * (reserved memory, the device tree, the image itself). */
#ifndef LIBNOVA_MEMMAP_H
#define LIBNOVA_MEMMAP_H

#include "platform.h"

#define MEMMAP_MAX (PLATFORM_MAX_RAM + PLATFORM_MAX_RESERVED + 2)

/* Write ram minus every range in holes, sorted and page aligned (inwards),
 * to out (at most max entries); returns how many were written. */
unsigned memmap_usable(const struct mem_range *ram, unsigned ram_count,
                       const struct mem_range *holes, unsigned hole_count, struct mem_range *out,
                       unsigned max) __boot;

#endif
