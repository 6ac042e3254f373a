/* Host spaces as stage-2 translation tables (libnova's design, see
 * docs/abi-choices.md): host ECs run at EL0 with HCR_EL2.{TGE,DC} set, so
 * stage 1 is off and the host space's stage-2 table maps HVA -> PA.
 * 39-bit input (NOVA_HVA_BITS), 4 KiB granule, three levels (L1..L3).
 *
 * A leaf keeps the capability: S2AP holds R and W, XN the execute right
 * (v8.0 has one X for EL0 and EL1: X = XU | XS, spec 4.1.3), MemAttr and SH
 * the MAD, and software bit 55 marks kernel-owned pages (HIP, UTCB) that
 * ctrl_pd must not hand out. Locking: the space's owner PD serialises
 * updates (one CPU for now). */
#include <nova/caps.h>
#include "arch.h"
#include "cpu.h"
#include "kmem.h"
#include "mmu.h"
#include "space_hst.h"

#define S2_VALID_PAGE 0x3ull
#define S2_TABLE 0x3ull
#define S2_MEMATTR(x) ((uint64_t)(x) << 2)
#define S2_MEMATTR_MASK (0xfull << 2)
#define S2_AP_R (1ull << 6)
#define S2_AP_W (1ull << 7)
#define S2_SH_SHIFT 8
#define S2_AF (1ull << 10)
#define S2_XN (1ull << 54)
#define S2_SW_KERNEL (1ull << 55)
#define S2_ADDR_MASK 0x0000fffffffff000ull

/* MAD CA encoding -> stage-2 MemAttr[3:0] (Arm ARM D8.5.5, FWB = 0) */
static const uint8_t ca_to_memattr[8] = {
    [MAD_CA_DEV] = 0x0,    [MAD_CA_DEV_E] = 0x1,  [MAD_CA_DEV_RE] = 0x2, [MAD_CA_DEV_GRE] = 0x3,
    [MAD_CA_MEM_NC] = 0x5, [MAD_CA_MEM_WT] = 0xa, [MAD_CA_MEM_WB] = 0xf,
};

bool arch_mad_is_valid(uint32_t mad)
{
    unsigned ca = (mad >> MAD_CA_SHIFT) & MAD_CA_MASK;
    unsigned sh = (mad >> MAD_SH_SHIFT) & MAD_SH_MASK;
    return ca != 0x4 && sh != 0x1;
}

static uint8_t memattr_to_ca(uint64_t memattr)
{
    for (unsigned ca = 0; ca < 8; ca++)
        if (ca != 0x4 && ca_to_memattr[ca] == memattr)
            return (uint8_t)ca;
    return MAD_CA_DEV;
}

static uint64_t *table_va(uint64_t entry)
{
    return arch_phys_to_virt(pa_init(entry & S2_ADDR_MASK));
}

/* 8-bit VMIDs, one per live host space; VMID 0 is never used. A VMID is
 * reused only after its space's TLB entries were flushed on all CPUs.
 * Under the kernel lock. */
static uint64_t vmid_used[256 / 64] = {1};

static unsigned vmid_alloc(void)
{
    for (unsigned v = 1; v < 256; v++)
        if (!(vmid_used[v / 64] & (UINT64_C(1) << (v % 64)))) {
            vmid_used[v / 64] |= UINT64_C(1) << (v % 64);
            return v;
        }
    return 0;
}

status_t arch_hst_create(struct space_hst *space)
{
    unsigned vmid = vmid_alloc();
    if (!vmid)
        return STATUS_MEM_OBJ;
    uint64_t *root = kmem_alloc_page();
    if (!root) {
        vmid_used[vmid / 64] &= ~(UINT64_C(1) << (vmid % 64));
        return STATUS_MEM_OBJ;
    }
    space->arch.root_pa = pa_addr(arch_virt_to_phys(root));
    space->arch.vmid = (uint16_t)vmid;
    return STATUS_SUCCESS;
}

/* Leaf entry for vpn, allocating tables on the way when create is set. */
static uint64_t *leaf_entry(const struct space_hst *space, uint64_t vpn, bool create)
{
    uint64_t *table = arch_phys_to_virt(pa_init(space->arch.root_pa));
    for (unsigned shift = 18; shift; shift -= 9) {
        uint64_t *e = &table[(vpn >> shift) & 511];
        if (!*e) {
            if (!create)
                return NULL;
            uint64_t *next = kmem_alloc_page();
            if (!next)
                return NULL;
            *e = pa_addr(arch_virt_to_phys(next)) | S2_TABLE;
        }
        table = table_va(*e);
    }
    return &table[vpn & 511];
}

/* Remove vpn of this space from every CPU's TLB: the inner-shareable
 * TLBIs broadcast, and they act on the VMID in VTTBR_EL2, so the space's
 * VMID is loaded for the duration. Host ECs use stage 2 only (stage 1 is
 * off), so the IPA invalidation is followed by the combined-entry flush the
 * Arm ARM asks for. Called under the kernel lock. */
static void tlb_flush_page(const struct space_hst *space, uint64_t vpn)
{
    uint64_t vttbr = sysreg_read(vttbr_el2);
    uint64_t target = (uint64_t)space->arch.vmid << 48 | space->arch.root_pa;
    dsb_ishst();
    if (vttbr != target) {
        sysreg_write(vttbr_el2, target);
        isb();
    }
    __asm__ volatile("tlbi ipas2e1is, %0" ::"r"(vpn) : "memory");
    dsb_ish();
    __asm__ volatile("tlbi vmalle1is" ::: "memory");
    dsb_ish();
    if (vttbr != target)
        sysreg_write(vttbr_el2, vttbr);
    isb();
}

status_t arch_hst_update(struct space_hst *space, uint64_t vpn, struct mem_cap cap,
                         bool delegatable)
{
    uint64_t *e = leaf_entry(space, vpn, cap.perm != 0);
    if (!e)
        return cap.perm ? STATUS_MEM_CAP : STATUS_SUCCESS;

    uint64_t new = 0;
    if (cap.perm) {
        unsigned ca = (cap.mad >> MAD_CA_SHIFT) & MAD_CA_MASK;
        unsigned sh = (cap.mad >> MAD_SH_SHIFT) & MAD_SH_MASK;
        new = (pa_addr(cap.pa) & S2_ADDR_MASK) | S2_VALID_PAGE | S2_AF |
              S2_MEMATTR(ca_to_memattr[ca]) | (uint64_t)sh << S2_SH_SHIFT;
        new |= cap.perm &PERM_MEM_R ? S2_AP_R : 0;
        new |= cap.perm &PERM_MEM_W ? S2_AP_W : 0;
        new |= cap.perm &(PERM_MEM_XU | PERM_MEM_XS) ? 0 : S2_XN;
        new |= delegatable ? 0 : S2_SW_KERNEL;
    }
    uint64_t old = *e;
    if (old & S2_SW_KERNEL) /* HIP and UTCB pages are never replaced */
        return delegatable ? STATUS_SUCCESS : STATUS_BAD_PAR;
    if (old == new)
        return STATUS_SUCCESS;
    if (old) {
        /* break before make */
        *e = 0;
        tlb_flush_page(space, vpn);
    }
    *e = new;
    dsb_ishst();
    return STATUS_SUCCESS;
}

struct mem_cap arch_hst_lookup(const struct space_hst *space, uint64_t vpn)
{
    struct mem_cap cap = {pa_init(0), 0, 0};
    const uint64_t *e = leaf_entry(space, vpn, false);
    if (!e || !*e || (*e & S2_SW_KERNEL))
        return cap;
    cap.pa = pa_init(*e & S2_ADDR_MASK);
    cap.perm = (uint8_t)((*e & S2_AP_R ? PERM_MEM_R : 0) | (*e & S2_AP_W ? PERM_MEM_W : 0) |
                         (*e & S2_XN ? 0 : PERM_MEM_XU | PERM_MEM_XS));
    cap.mad = (uint8_t)(memattr_to_ca((*e & S2_MEMATTR_MASK) >> 2) << MAD_CA_SHIFT |
                        ((*e >> S2_SH_SHIFT) & 3) << MAD_SH_SHIFT);
    return cap;
}

/* Forget every TLB entry of the space on all CPUs. */
static void tlb_flush_space(const struct space_hst *space)
{
    uint64_t vttbr = sysreg_read(vttbr_el2);
    dsb_ishst();
    sysreg_write(vttbr_el2, (uint64_t)space->arch.vmid << 48 | space->arch.root_pa);
    isb();
    __asm__ volatile("tlbi vmalls12e1is" ::: "memory");
    dsb_ish();
    sysreg_write(vttbr_el2, vttbr);
    isb();
}

/* Table pages go back to kmem under the address kmem gave them out by. */
static void free_table(uint64_t pa) { kmem_free_page(mmu_image_va(pa_init(pa & S2_ADDR_MASK))); }

void arch_hst_destroy(struct space_hst *space)
{
    tlb_flush_space(space);
    uint64_t *l1 = arch_phys_to_virt(pa_init(space->arch.root_pa));
    for (unsigned i = 0; i < 512; i++) {
        if (!l1[i])
            continue;
        uint64_t *l2 = table_va(l1[i]);
        for (unsigned j = 0; j < 512; j++)
            if (l2[j])
                free_table(l2[j]);
        free_table(l1[i]);
    }
    free_table(space->arch.root_pa);
    vmid_used[space->arch.vmid / 64] &= ~(UINT64_C(1) << (space->arch.vmid % 64));
}

void arch_hst_unmap_kernel(struct space_hst *space, uint64_t vpn)
{
    uint64_t *e = leaf_entry(space, vpn, false);
    if (!e || !*e)
        return;
    *e = 0;
    tlb_flush_page(space, vpn);
}
