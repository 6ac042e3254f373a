/* Selector allocation in the root object space. */
#ifndef NOVART_SEL_H
#define NOVART_SEL_H

#include <stdint.h>

/* First selector the allocator hands out; below it the root task may place
 * capabilities at fixed selectors of its own choosing. */
#define RT_SEL_FIRST 0x100u
#define RT_SEL_NONE UINT64_MAX

/* Returns the base of 2^order free, order-aligned selectors, or RT_SEL_NONE
 * when the space below the initial capabilities is used up. Never freed. */
uint64_t rt_sel_alloc(unsigned order);

#endif
