/* Host spaces. The NOVA host space has no table: its capability for page N
 * is computed (all permissions for page frame N unless protected). */
#include <nova/caps.h>
#include "kmem.h"
#include "space_hst.h"

/* Immutable after boot. */
static struct {
    struct mem_range range[SPACE_HST_PROTECTED_MAX];
    unsigned count;
    struct mem_range guest_only[SPACE_HST_PROTECTED_MAX];
    unsigned guest_only_count;
    uint64_t pa_pages; /* physical page numbers below this exist */
} protect;

status_t space_hst_create(struct space_hst **out)
{
    struct space_hst *space = kmem_alloc(sizeof(*space));
    if (!space)
        return STATUS_MEM_OBJ;
    kobject_init(&space->obj, KOBJ_SPACE_HST);
    status_t s = arch_hst_create(space);
    if (s != STATUS_SUCCESS) {
        kmem_free(space, sizeof(*space));
        return s;
    }
    *out = space;
    return STATUS_SUCCESS;
}

void space_hst_init_nova(struct space_hst *nova, unsigned pa_bits)
{
    kobject_init(&nova->obj, KOBJ_SPACE_HST);
    nova->is_nova = true;
    protect.pa_pages = UINT64_C(1) << (pa_bits - PAGE_BITS);
}

void space_hst_protect(paddr_t base, uint64_t size)
{
    if (protect.count == SPACE_HST_PROTECTED_MAX)
        return;
    protect.range[protect.count++] = (struct mem_range){base, size};
}

void space_hst_guest_only(paddr_t base, uint64_t size)
{
    if (protect.guest_only_count == SPACE_HST_PROTECTED_MAX)
        return;
    protect.guest_only[protect.guest_only_count++] = (struct mem_range){base, size};
}

static bool overlaps(const struct mem_range *range, unsigned count, uint64_t pfn)
{
    uint64_t pa = pfn << PAGE_BITS;
    for (unsigned i = 0; i < count; i++) {
        uint64_t b = pa_addr(range[i].base);
        if (pa + PAGE_SIZE > b && pa < b + range[i].size)
            return true;
    }
    return false;
}

static bool is_protected(uint64_t pfn, bool to_guest)
{
    return overlaps(protect.range, protect.count, pfn) ||
           (!to_guest && overlaps(protect.guest_only, protect.guest_only_count, pfn));
}

uint64_t space_hst_selectors(const struct space_hst *space)
{
    return space->is_nova ? protect.pa_pages : (NOVA_HVA_END >> PAGE_BITS);
}

status_t space_hst_map_kernel(struct space_hst *space, uint64_t vpn, paddr_t pa, unsigned perm)
{
    struct mem_cap cap = {pa, (uint8_t)perm, MAD(MAD_CA_MEM_WB, MAD_SH_INNER)};
    return arch_hst_update(space, vpn, cap, false);
}

static struct mem_cap source_cap(const struct space_hst *src, uint64_t sel, uint32_t mad,
                                 bool to_guest)
{
    if (!src->is_nova)
        return arch_hst_lookup(src, sel);
    if (is_protected(sel, to_guest))
        return (struct mem_cap){pa_init(0), 0, 0};
    return (struct mem_cap){pa_init(sel << PAGE_BITS), PERM_MEM_ALL, (uint8_t)mad};
}

status_t space_hst_delegate(const struct space_hst *src, struct space_hst *dst, uint64_t ssb,
                            uint64_t dsb, unsigned ord, unsigned pmm, uint32_t mad)
{
    bool to_guest = dst->obj.type == KOBJ_SPACE_GST;
    for (uint64_t i = 0; i < (UINT64_C(1) << ord); i++) {
        /* Kernel-owned destination pages (HIP, UTCB) stay as they are. */
        struct mem_cap cap = source_cap(src, ssb + i, mad, to_guest);
        cap.perm &= (uint8_t)pmm;
        status_t s = arch_hst_update(dst, dsb + i, cap, true);
        if (s != STATUS_SUCCESS)
            return s;
    }
    return STATUS_SUCCESS;
}

void space_hst_destroy(struct space_hst *space)
{
    arch_hst_destroy(space);
    kmem_free(space, sizeof(*space));
}
