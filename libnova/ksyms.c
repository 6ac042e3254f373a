/* Table layout (section .ksyms): uint64_t count, struct ksym[count] sorted
 * by address, then the names. An image linked without it has count 0. */
#include "ksyms.h"

extern const char __ksyms_start[], __ksyms_end[];

const char *ksyms_lookup(uint64_t addr)
{
    if ((size_t)(__ksyms_end - __ksyms_start) < sizeof(uint64_t))
        return "?";
    const uint64_t count = *(const uint64_t *)(const void *)__ksyms_start;
    const struct ksym *sym = (const struct ksym *)(const void *)(__ksyms_start + sizeof(uint64_t));
    size_t lo = 0, hi = count;
    while (lo < hi) { /* first symbol above addr */
        size_t mid = lo + (hi - lo) / 2;
        if (sym[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? __ksyms_start + sym[lo - 1].name : "?";
}
