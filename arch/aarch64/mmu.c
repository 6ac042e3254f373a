/* Kernel page tables beyond the boot map (head.S). All tables used here are
 * static: they are needed before the kernel pool exists.
 * Locking: only the boot CPU maps, during boot, before other CPUs start;
 * later mappings would need a lock of their own (docs/locking.md). */
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "mmu.h"
#include "sysreg.h"

#define L0_INDEX(va) (((va) >> 39) & 511)
#define L1_INDEX(va) (((va) >> 30) & 511)
#define L2_INDEX(va) (((va) >> 21) & 511)
#define L3_INDEX(va) (((va) >> 12) & 511)
#define PTE_ADDR_MASK 0x0000fffffffff000ull
#define BLOCK_2M (UINT64_C(1) << 21)
#define LINEAR_L2_TABLES 16
#define DEVICE_L3_TABLES 32 /* 64 MiB of MMIO windows */

#define PTE_KERNEL_RAM (PTE_BLOCK | PTE_ATTR(MAIR_IDX_NORMAL_WB) | PTE_SH_INNER | PTE_AF | PTE_XN)
#define PTE_KERNEL_DEV (PTE_PAGE | PTE_ATTR(MAIR_IDX_DEV_nGnRnE) | PTE_AF | PTE_XN)

typedef uint64_t table_t[512] __attribute__((aligned(4096)));

extern table_t boot_l0;
extern char __kernel_start[], __kernel_end[];

static table_t linear_l1, device_l1, device_l2;
static table_t linear_l2[LINEAR_L2_TABLES];
static table_t device_l3[DEVICE_L3_TABLES];
static uint64_t *linear_l2_of[512]; /* kernel VA of the L2 table per L1 slot */
static unsigned linear_l2_used, device_l3_used;
static uint64_t device_next = DEVICE_MAP_BASE;
static paddr_t load_pa;

paddr_t mmu_load_pa(void) { return load_pa; }

paddr_t arch_virt_to_phys(const void *va)
{
    uint64_t v = (uintptr_t)va;
    if (v >= (uintptr_t)__kernel_start && v < (uintptr_t)__kernel_end)
        return pa_add(load_pa, v - KERNEL_VA_BASE);
    return pa_init(v - LINEAR_MAP_BASE);
}

void *arch_phys_to_virt(paddr_t pa) { return (void *)(uintptr_t)(LINEAR_MAP_BASE + pa_addr(pa)); }

void *mmu_image_va(paddr_t pa)
{
    uint64_t offset = pa_addr(pa) - pa_addr(load_pa);
    if (pa_addr(pa) < pa_addr(load_pa) || offset >= (uintptr_t)(__kernel_end - __kernel_start))
        return NULL;
    return (void *)(uintptr_t)(KERNEL_VA_BASE + offset);
}

static uint64_t table_pa(const void *table) { return pa_addr(arch_virt_to_phys(table)); }

void mmu_init(paddr_t pa)
{
    load_pa = pa;
    boot_l0[L0_INDEX(LINEAR_MAP_BASE)] = table_pa(linear_l1) | PTE_TABLE;
    boot_l0[L0_INDEX(DEVICE_MAP_BASE)] = table_pa(device_l1) | PTE_TABLE;
    device_l1[0] = table_pa(device_l2) | PTE_TABLE;
    dsb_ishst();
    isb();
}

/* Map [base, base + size) of RAM, rounded inwards to 2 MiB, into the
 * linear map. Rounding inwards keeps non-RAM out of a cacheable mapping. */
status_t arch_map_linear(paddr_t base, uint64_t size)
{
    uint64_t start = ALIGN_UP(pa_addr(base), BLOCK_2M);
    uint64_t end = ALIGN_DOWN(pa_addr(base) + size, BLOCK_2M);
    if (end > LINEAR_MAP_SIZE)
        end = LINEAR_MAP_SIZE;
    for (uint64_t pa = start; pa < end; pa += BLOCK_2M) {
        unsigned slot = L1_INDEX(pa);
        if (!linear_l2_of[slot]) {
            if (linear_l2_used == LINEAR_L2_TABLES)
                return STATUS_MEM_OBJ;
            linear_l2_of[slot] = linear_l2[linear_l2_used++];
            linear_l1[slot] = table_pa(linear_l2_of[slot]) | PTE_TABLE;
        }
        linear_l2_of[slot][L2_INDEX(pa)] = pa | PTE_KERNEL_RAM;
    }
    dsb_ishst();
    isb();
    return STATUS_SUCCESS;
}

void *mmu_map_device(paddr_t pa, uint64_t size)
{
    uint64_t offset = pa_addr(pa) & (PAGE_SIZE - 1);
    uint64_t first = pa_addr(pa) - offset;
    uint64_t pages = ALIGN_UP(size + offset, PAGE_SIZE) >> PAGE_BITS;
    uint64_t va_start = device_next;
    for (uint64_t i = 0; i < pages; i++) {
        uint64_t va = device_next;
        uint64_t *l2e = &device_l2[L2_INDEX(va)];
        if (!*l2e) {
            if (device_l3_used == DEVICE_L3_TABLES)
                panic("device map full mapping %lx", (unsigned long)pa_addr(pa));
            *l2e = table_pa(device_l3[device_l3_used++]) | PTE_TABLE;
        }
        uint64_t *l3 = device_l3[(va - DEVICE_MAP_BASE) >> 21];
        l3[L3_INDEX(va)] = (first + i * PAGE_SIZE) | PTE_KERNEL_DEV;
        device_next += PAGE_SIZE;
    }
    dsb_ishst();
    isb();
    return (void *)(uintptr_t)(va_start + offset);
}

void *arch_map_device(paddr_t base, uint64_t size) { return mmu_map_device(base, size); }
