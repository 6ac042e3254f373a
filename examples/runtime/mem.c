/* Physical memory mapping for the root task.
 *
 * The root task owns every memory capability through the NOVA host space,
 * whose selectors are physical page numbers (spec 6.1.3.2). The first
 * mapping copies the capabilities of the NOVA host space and of the root
 * host space from the NOVA object space into the root object space; every
 * mapping then delegates from the former to the latter with ctrl_pd.
 * Only the root EC runs while the root task boots: no locks. */
#include <novart/hypercall.h>
#include <novart/mem.h>
#include <novart/rt.h>
#include <novart/sel.h>
#include <stddef.h>

#define PAGE_SHIFT 12
#define PAGE_MASK (NOVA_PAGE_SIZE - 1)
/* Largest alignment worth seeking: a 1 GiB block (order 18 in pages). */
#define MAP_ALIGN_ORDER_MAX 18u
#define CTRL_PD_ORD_MAX 31u
#define PMM_ALL 0x1fu

static uint64_t sel_nova_hst = RT_SEL_NONE; /* our copy of the NOVA host space */
static uint64_t sel_root_hst;               /* our copy of the root host space */
static uint64_t map_next;                   /* next free virtual page number */
static uint64_t map_end;                    /* end of the window, as a page number */
static enum nova_status map_status = STATUS_SUCCESS;

static void *map_fail(enum nova_status s)
{
    map_status = s;
    return NULL;
}

enum nova_status rt_map_status(void) { return map_status; }

static unsigned log2_floor(uint64_t v) { return 63u - (unsigned)__builtin_clzll(v); }

/* spec 6.1.3.1, 6.2.3.1: fetch both host-space capabilities once. */
static enum nova_status mem_init(void)
{
    enum nova_status s;
    uint64_t sel, hva_end;

    if (sel_nova_hst != RT_SEL_NONE)
        return STATUS_SUCCESS;
    sel = rt_sel_alloc(1);
    if (sel == RT_SEL_NONE)
        return STATUS_MEM_CAP;
    s = nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_HST, sel, 0, PMM_ALL, 0);
    if (s != STATUS_SUCCESS)
        return s;
    s = nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, sel + 1, 0, PMM_ALL, 0);
    if (s != STATUS_SUCCESS)
        return s;
    sel_nova_hst = sel;
    sel_root_hst = sel + 1;
    hva_end = ((uint64_t)(uintptr_t)rt_hip + NOVA_PAGE_SIZE) >> PAGE_SHIFT;
    map_next = hva_end / 4;
    map_end = hva_end / 4 * 3;
    return STATUS_SUCCESS;
}

/* Delegates ppn..ppn+pages-1 to vpn..vpn+pages-1 in the largest order-aligned
 * blocks: each block's order is limited by the alignment of both page
 * numbers and by what is left. */
static enum nova_status map_pages(uint64_t ppn, uint64_t vpn, uint64_t pages, uint32_t mad,
                                  unsigned perm)
{
    while (pages) {
        unsigned ord = log2_floor(pages);
        uint64_t both = ppn | vpn;
        enum nova_status s;

        if (both && (unsigned)__builtin_ctzll(both) < ord)
            ord = (unsigned)__builtin_ctzll(both);
        if (ord > CTRL_PD_ORD_MAX)
            ord = CTRL_PD_ORD_MAX;
        s = nova_ctrl_pd(sel_nova_hst, sel_root_hst, ppn, vpn, ord, perm, mad);
        if (s != STATUS_SUCCESS)
            return s;
        ppn += UINT64_C(1) << ord;
        vpn += UINT64_C(1) << ord;
        pages -= UINT64_C(1) << ord;
    }
    return STATUS_SUCCESS;
}

void *rt_map_phys(uint64_t paddr, uint64_t pages, uint32_t mad, unsigned perm)
{
    uint64_t ppn = paddr >> PAGE_SHIFT;
    uint64_t align, vpn;
    unsigned align_ord;
    enum nova_status s;

    if (!pages || (paddr & PAGE_MASK))
        return map_fail(STATUS_BAD_PAR);
    s = mem_init();
    if (s != STATUS_SUCCESS)
        return map_fail(s);
    if (pages > map_end - map_next)
        return map_fail(STATUS_MEM_CAP);

    /* Give the virtual range the physical range's offset within the largest
     * block that fits, so that large blocks can map it. */
    align_ord = log2_floor(pages);
    if (align_ord > MAP_ALIGN_ORDER_MAX)
        align_ord = MAP_ALIGN_ORDER_MAX;
    align = UINT64_C(1) << align_ord;
    vpn = ((map_next + align - 1) & ~(align - 1)) + (ppn & (align - 1));
    if (vpn > map_end || map_end - vpn < pages)
        return map_fail(STATUS_MEM_CAP);

    s = map_pages(ppn, vpn, pages, mad, perm);
    if (s != STATUS_SUCCESS)
        return map_fail(s);
    /* One unmapped guard page after each mapping catches overruns. */
    map_next = vpn + pages + 1;
    return (void *)(uintptr_t)(vpn << PAGE_SHIFT);
}

void *rt_map_range(uint64_t paddr, uint64_t size, uint32_t mad, unsigned perm)
{
    uint64_t base = paddr & ~(uint64_t)PAGE_MASK;
    uint64_t end = paddr + size;
    char *va;

    if (!size || end < paddr || end > UINT64_MAX - PAGE_MASK)
        return map_fail(STATUS_BAD_PAR);
    va = rt_map_phys(base, (end - base + PAGE_MASK) >> PAGE_SHIFT, mad, perm);
    return va ? va + (paddr - base) : NULL;
}
