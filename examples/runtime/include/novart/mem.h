/* Mapping physical memory into the root task (spec 5.4.1, 6.1.3.2). */
#ifndef NOVART_MEM_H
#define NOVART_MEM_H

#include <nova/caps.h>
#include <nova/hypercall.h>
#include <stdint.h>

/* The mapping functions hand out host-virtual addresses bottom up from the
 * window [2^H / 4, 2^H * 3 / 4), where 2^H is the end of user-accessible
 * memory, found from the HIP's address as spec 7.4.1 advises (libnova:
 * H = 39, so [0x20_0000_0000, 0x60_0000_0000)). The window lies far above
 * the root ELF (linked at 0x10000000) and below the UTCB and the HIP. */

/* Memory attributes (spec 7.7.5) for the two kinds of memory a root task maps. */
#define RT_MAD_DEVICE MAD(MAD_CA_DEV, MAD_SH_NONE)
#define RT_MAD_MEMORY MAD(MAD_CA_MEM_WB, MAD_SH_INNER)

/* Maps `pages` 4 KiB pages starting at the page-aligned physical address
 * paddr with attributes mad and permissions perm (PERM_MEM_*), using the
 * largest orders that fit, and returns the virtual address of paddr. Returns
 * NULL on failure; rt_map_status() then says why. */
void *rt_map_phys(uint64_t paddr, uint64_t pages, uint32_t mad, unsigned perm);

/* Like rt_map_phys() for the byte range [paddr, paddr + size), which need
 * not be page-aligned; returns the virtual address of paddr. */
void *rt_map_range(uint64_t paddr, uint64_t size, uint32_t mad, unsigned perm);

/* Status of the last failed mapping (STATUS_SUCCESS if none failed). */
enum nova_status rt_map_status(void);

#endif
