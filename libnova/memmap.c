/* Interval subtraction with bounded loops: every bank is split by every
 * hole, keeping at most max pieces. Runs once at boot. */
#include "memmap.h"

/* Remove [hs, he) from out[0..n); returns the new count. */
static unsigned punch(struct mem_range *out, unsigned n, unsigned max, uint64_t hs, uint64_t he)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t s = pa_addr(out[i].base), e = s + out[i].size;
        if (he <= s || hs >= e)
            continue;
        if (hs > s && he < e) { /* split in two */
            if (n < max)        /* no room: drop the upper part, never report a hole */
                out[n++] = (struct mem_range){pa_init(he), e - he};
            out[i].size = hs - s;
        } else if (hs > s) {
            out[i].size = hs - s;
        } else if (he < e) {
            out[i] = (struct mem_range){pa_init(he), e - he};
        } else {
            out[i--] = out[--n];
        }
    }
    return n;
}

unsigned memmap_usable(const struct mem_range *ram, unsigned ram_count,
                       const struct mem_range *holes, unsigned hole_count, struct mem_range *out,
                       unsigned max)
{
    unsigned n = 0;
    for (unsigned i = 0; i < ram_count && n < max; i++) {
        uint64_t s = ALIGN_UP(pa_addr(ram[i].base), PAGE_SIZE);
        uint64_t e = ALIGN_DOWN(pa_addr(ram[i].base) + ram[i].size, PAGE_SIZE);
        if (e > s)
            out[n++] = (struct mem_range){pa_init(s), e - s};
    }
    for (unsigned i = 0; i < hole_count; i++) {
        uint64_t hs = ALIGN_DOWN(pa_addr(holes[i].base), PAGE_SIZE);
        uint64_t he = ALIGN_UP(pa_addr(holes[i].base) + holes[i].size, PAGE_SIZE);
        if (he > hs)
            n = punch(out, n, max, hs, he);
    }
    for (unsigned i = 1; i < n; i++) /* insertion sort by base */
        for (unsigned j = i; j && pa_addr(out[j - 1].base) > pa_addr(out[j].base); j--) {
            struct mem_range t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}
