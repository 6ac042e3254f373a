/* Bump allocator for root object-space selectors. The root EC is the only
 * thread of the root task while it boots, so no lock protects rt_sel_next. */
#include <nova/caps.h>
#include <novart/rt.h>
#include <novart/sel.h>

/* The initial capabilities sit at SELNUM-5..SELNUM-1 (spec 6.2.3.1). */
#define RT_SEL_RESERVED_TOP 8u

static uint64_t rt_sel_next = RT_SEL_FIRST;

uint64_t rt_sel_alloc(unsigned order)
{
    uint64_t size = UINT64_C(1) << order;
    uint64_t base = (rt_sel_next + size - 1) & ~(size - 1);
    uint64_t limit = rt_hip->selnum - RT_SEL_RESERVED_TOP;

    if (order >= 32 || base > limit || limit - base < size)
        return RT_SEL_NONE;
    rt_sel_next = base + size;
    return base;
}
