/* Child PDs and global threads running code of the root image. See
 * novart/spawn.h. Like the rest of the runtime this has no locks: only
 * the root EC may call it. */
#include <nova/caps.h>
#include <nova/elf64.h>
#include <nova/hip.h>
#include <nova/utcb.h>
#include <novart/rt.h>
#include <novart/spawn.h>

#define PAGE_SHIFT 12
#define PAGE_MASK (NOVA_PAGE_SIZE - 1)
#define PMM_ALL 0x1fu
#define STARTERS_MAX 64u /* CPUs the starters cover */

/* The ELF header and program headers start the text segment (root.ld puts
 * them there; the linker defines __ehdr_start). */

extern const struct elf64_ehdr __ehdr_start;

static uint64_t sel_root_hst = RT_SEL_NONE; /* our copy of the root host space */
static uint64_t starter[STARTERS_MAX];      /* starter EC per CPU, 0: none yet */
static uint64_t utcb_next;                  /* next UTCB page, counting down */

/* The starter: a local EC whose portals carry the new EC's entry as PID.
 * X0 = PID; SP is the starter's UTCB (create_ec's sp, which this code never
 * moves). It writes ELR_EL2 and replies with it (spec 7.6.2, 7.7.3). */
_Static_assert(offsetof(struct utcb_arch, elr_el2) == 0x1e0, "rt_starter_entry");
_Static_assert(MTD_EL2_ELR_SPSR == 1u << 25 && HC_IPC_REPLY == 1, "rt_starter_entry");
void rt_starter_entry(void);
__asm__(".pushsection .text\n .p2align 2\n rt_starter_entry:\n"
        " str x0, [sp, #0x1e0]\n movz x1, #0x200, lsl #16\n mov x0, #1\n svc #0\n"
        " .popsection\n");

enum nova_status rt_pd_root(struct rt_pd *pd)
{
    if (sel_root_hst == RT_SEL_NONE) {
        uint64_t sel = rt_sel_alloc(0);
        if (sel == RT_SEL_NONE)
            return STATUS_MEM_CAP;
        enum nova_status s =
            nova_ctrl_pd(SEL_ROOT_NOVA_OBJ, SEL_ROOT_OBJ, SEL_NOVA_ROOT_HST, sel, 0, PMM_ALL, 0);
        if (s != STATUS_SUCCESS)
            return s;
        sel_root_hst = sel;
    }
    pd->pd = SEL_ROOT_PD;
    pd->obj = SEL_ROOT_OBJ;
    pd->hst = sel_root_hst;
    return STATUS_SUCCESS;
}

/* Delegates the root's pages [va, va + size) page by page: the image is
 * small, and the pages need not be order-aligned. */
static enum nova_status share_pages(uint64_t hst, uint64_t va, uint64_t size, unsigned perm)
{
    struct rt_pd root;
    enum nova_status s = rt_pd_root(&root);

    for (uint64_t vpn = va >> PAGE_SHIFT; s == STATUS_SUCCESS && vpn << PAGE_SHIFT < va + size;
         vpn++)
        s = nova_ctrl_pd(root.hst, hst, vpn, vpn, 0, perm, 0);
    return s;
}

static enum nova_status share_text(uint64_t hst)
{
    const struct elf64_phdr *ph =
        (const struct elf64_phdr *)((uintptr_t)&__ehdr_start + __ehdr_start.phoff);

    for (unsigned i = 0; i < __ehdr_start.phnum; i++) {
        if (ph[i].type != PT_LOAD || !(ph[i].flags & PF_X))
            continue;
        enum nova_status s = share_pages(hst, ph[i].vaddr, ph[i].memsz, PERM_MEM_R | PERM_MEM_XU);
        if (s != STATUS_SUCCESS)
            return s;
    }
    return STATUS_SUCCESS;
}

enum nova_status rt_pd_create(struct rt_pd *pd)
{
    uint64_t sel = rt_sel_alloc(2);
    enum nova_status s;

    if (sel == RT_SEL_NONE)
        return STATUS_MEM_CAP;
    pd->pd = sel;
    pd->obj = sel + 1;
    pd->hst = sel + 2;
    if ((s = nova_create_pd(pd->pd, CREATE_PD_OP_PD, SEL_ROOT_PD)) != STATUS_SUCCESS ||
        (s = nova_create_pd(pd->obj, CREATE_PD_OP_OBJ, pd->pd)) != STATUS_SUCCESS ||
        (s = nova_create_pd(pd->hst, CREATE_PD_OP_HST, pd->pd)) != STATUS_SUCCESS)
        return s;
    return share_text(pd->hst);
}

enum nova_status rt_pd_share(const struct rt_pd *pd, const void *addr, size_t size, unsigned perm)
{
    uint64_t va = (uintptr_t)addr;
    return share_pages(pd->hst, va & ~(uint64_t)PAGE_MASK, size + (va & PAGE_MASK), perm);
}

enum nova_status rt_pd_grant(const struct rt_pd *pd, uint64_t sel, uint64_t dst, unsigned pmm)
{
    return nova_ctrl_pd(SEL_ROOT_OBJ, pd->obj, sel, dst, 0, pmm, 0);
}

uint64_t rt_utcb_alloc(void)
{
    if (!utcb_next)
        utcb_next = (NOVA_UTCB_HVA >> PAGE_SHIFT) - 1;
    return utcb_next--;
}

/* The starter EC of cpu, created on first use. */
static enum nova_status starter_of(unsigned cpu, uint64_t *ec)
{
    if (cpu >= STARTERS_MAX)
        return STATUS_BAD_CPU;
    if (!starter[cpu]) {
        uint64_t sel = rt_sel_alloc(0), hvp = rt_utcb_alloc();
        if (sel == RT_SEL_NONE)
            return STATUS_MEM_CAP;
        enum nova_status s = nova_create_ec(sel, 0, SEL_ROOT_PD, hvp, cpu, hvp << PAGE_SHIFT, 0);
        if (s != STATUS_SUCCESS)
            return s;
        starter[cpu] = sel;
    }
    *ec = starter[cpu];
    return STATUS_SUCCESS;
}

enum nova_status rt_thread_create(const struct rt_pd *pd, uint64_t ec, unsigned cpu, uint64_t hvp,
                                  void *sp, void (*entry)(void), uint64_t evt)
{
    uint64_t start, pt = rt_sel_alloc(0);
    enum nova_status s;

    if (pt == RT_SEL_NONE)
        return STATUS_MEM_CAP;
    if ((s = starter_of(cpu, &start)) != STATUS_SUCCESS ||
        (s = nova_create_pt(pt, SEL_ROOT_PD, start, (uintptr_t)rt_starter_entry)) !=
            STATUS_SUCCESS ||
        (s = nova_ctrl_pt(pt, (uintptr_t)entry, MTD_EL2_ELR_SPSR)) != STATUS_SUCCESS ||
        (s = rt_pd_grant(pd, pt, evt + HIP_SEL_HST_ARCH, PERM_PT_EVENT)) != STATUS_SUCCESS)
        return s;
    return nova_create_ec(ec, CREATE_EC_GLOBAL | CREATE_EC_FPU, pd->pd, hvp, cpu, (uintptr_t)sp,
                          evt);
}
