/* Root PD construction. Everything here runs once on the boot CPU. */
#include <nova/caps.h>
#include <nova/hip.h>
#include "console.h"
#include "elf.h"
#include "kmem.h"
#include "pd.h"
#include "root.h"
#include "sc.h"
#include "sched.h"
#include "sm.h"

#define EM_AARCH64 183
#define ROOT_BUDGET_MS 1000 /* spec 6.2 */

static struct space_obj *nova_obj;
static struct space_hst nova_hst;

static bool store(struct space_obj *s, uint64_t sel, struct kobject *obj, unsigned perm)
{
    return space_obj_store(s, sel, cap_make(obj, perm)) == STATUS_SUCCESS;
}

static bool map_segments(struct space_hst *hst, const struct elf_image *elf, paddr_t base)
{
    for (unsigned i = 0; i < elf->count; i++) {
        const struct elf_segment *seg = &elf->segment[i];
        uint64_t first = seg->vaddr >> PAGE_BITS;
        uint64_t last = (seg->vaddr + seg->size - 1) >> PAGE_BITS;
        uint64_t pa = pa_addr(base) + seg->offset - (seg->vaddr & (PAGE_SIZE - 1));
        for (uint64_t vpn = first; vpn <= last; vpn++, pa += PAGE_SIZE) {
            struct mem_cap cap = {pa_init(pa), (uint8_t)seg->perm,
                                  MAD(MAD_CA_MEM_WB, MAD_SH_INNER)};
            if (arch_hst_update(hst, vpn, cap, true) != STATUS_SUCCESS)
                return false;
        }
    }
    return true;
}

struct ec *root_create(const struct root_boot *boot)
{
    struct elf_image elf;
    const char *why;
    if (pa_addr(boot->elf) & (PAGE_SIZE - 1)) {
        kprintf("NOVA: root ELF at 0x%lx is not page aligned (spec 6.2.1)\n",
                (unsigned long)pa_addr(boot->elf));
        return NULL;
    }
    if (!elf_parse(arch_phys_to_virt(boot->elf), boot->elf_size, EM_AARCH64, NOVA_UTCB_HVA, &elf,
                   &why)) {
        kprintf("NOVA: root ELF rejected: %s\n", why);
        return NULL;
    }

    struct pd *root;
    struct space_obj *root_obj;
    struct space_hst *root_hst;
    struct ec *ec;
    struct sc *sc;
    if (space_obj_create(&nova_obj) || pd_create(&root) || space_obj_create(&root_obj) ||
        space_hst_create(&root_hst) || ec_create_host(root, boot->bsp, 0, &ec) ||
        sc_create(ec, boot->bsp, SC_PRIO_MAX, arch_stc_frequency() * ROOT_BUDGET_MS / 1000, &sc))
        goto out_of_memory;
    root->is_root = true;
    ec->is_global = true;
    ec->fpu = true;
    if (arch_ec_init_fpu(ec) != STATUS_SUCCESS)
        goto out_of_memory;
    ec->sc = sc;
    root->space_obj = root_obj;
    root->space_hst = root_hst;
    space_hst_init_nova(&nova_hst, boot->pa_bits);

    /* spec 6.1.3.1 (PIO and MSR spaces do not exist on Arm: null) */
    const unsigned all_sm = kobject_all_perms(KOBJ_SM);
    if (!store(nova_obj, SEL_NOVA_CONSOLE_SM, &sm_console.obj, all_sm) ||
        !store(nova_obj, SEL_NOVA_OBJ, &nova_obj->obj, PERM_SPACE_TAKE) ||
        !store(nova_obj, SEL_NOVA_HST, &nova_hst.obj, PERM_SPACE_TAKE) ||
        !store(nova_obj, SEL_NOVA_ROOT_OBJ, &root_obj->obj, kobject_all_perms(KOBJ_SPACE_OBJ)) ||
        !store(nova_obj, SEL_NOVA_ROOT_HST, &root_hst->obj, kobject_all_perms(KOBJ_SPACE_HST)))
        goto out_of_memory;
    for (unsigned cpu = 0; cpu < boot->cpus; cpu++)
        if (!store(nova_obj, cpu, &sched_idle_sc(cpu)->obj, PERM_SC_CTRL))
            goto out_of_memory;
    unsigned pins = arch_int_pin_count();
    struct sm *ints = sm_int_create(pins);
    if (pins && !ints)
        goto out_of_memory;
    for (unsigned pin = 0; pin < pins; pin++)
        if (!store(nova_obj, SEL_NOVA_INT_BASE + pin, &ints[pin].obj,
                   PERM_SM_ASSIGN | PERM_SM_CTRL_DN))
            goto out_of_memory;
    /* spec 6.2.3.1 */
    if (!store(root_obj, SEL_ROOT_NOVA_OBJ, &nova_obj->obj, PERM_SPACE_TAKE) ||
        !store(root_obj, SEL_ROOT_OBJ, &root_obj->obj, kobject_all_perms(KOBJ_SPACE_OBJ)) ||
        !store(root_obj, SEL_ROOT_PD, &root->obj, kobject_all_perms(KOBJ_PD)) ||
        !store(root_obj, SEL_ROOT_EC, &ec->obj, kobject_all_perms(KOBJ_EC)) ||
        !store(root_obj, SEL_ROOT_SC, &sc->obj, kobject_all_perms(KOBJ_SC)))
        goto out_of_memory;

    /* spec 6.2.3.2: segments, HIP read-only, UTCB below it */
    if (!map_segments(root_hst, &elf, boot->elf) ||
        space_hst_map_kernel(root_hst, NOVA_HIP_HVA >> PAGE_BITS, boot->hip, PERM_MEM_R) ||
        space_hst_map_kernel(root_hst, NOVA_UTCB_HVA >> PAGE_BITS, arch_virt_to_phys(ec->utcb),
                             PERM_MEM_R | PERM_MEM_W))
        goto out_of_memory;

    /* spec 7.1.2 */
    ec->utcb_vpn = NOVA_UTCB_HVA >> PAGE_BITS;
    arch_ec_init_user(ec, elf.entry, NOVA_HIP_HVA);
    for (unsigned i = 0; i < 3; i++)
        arch_regs_set(&ec->regs, i, boot->arg[i]);
    return ec;

out_of_memory:
    kprintf("NOVA: kernel memory exhausted while creating the root PD; "
            "raise kernel_memory in the image description\n");
    return NULL;
}
