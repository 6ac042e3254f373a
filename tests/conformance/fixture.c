#include <nova/elf64.h>

#include "conformance.h"
#include "fixture.h"

volatile uint64_t fx_probe_page[512] __attribute__((aligned(4096)));

uint64_t fixture_phys(const volatile void *va)
{
    const struct elf64_ehdr *eh = (const struct elf64_ehdr *)(uintptr_t)__ehdr_start;
    uint64_t a = (uint64_t)(uintptr_t)va;

    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf64_phdr *ph =
            (const struct elf64_phdr *)((uintptr_t)eh + eh->phoff + i * (uint64_t)eh->phentsize);
        if (ph->type == PT_LOAD && a >= ph->vaddr && a - ph->vaddr < ph->memsz)
            return rt_hip->root_start + ph->offset + (a - ph->vaddr);
    }
    return 0;
}

bool fixture_is_null(uint64_t sel)
{
    if (nova_create_sm(sel, SEL_ROOT_PD, 0) != STATUS_SUCCESS)
        return false;
    fixture_revoke(sel);
    return true;
}

void fixture_revoke(uint64_t sel)
{
    nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, FX_NULL, sel, 0, PMM_ALL, 0);
}

unsigned fixture_perms(uint64_t src_space, uint64_t sel)
{
    unsigned perms = 0;

    for (unsigned bit = 0; bit < 5; bit++) {
        if (nova_ctrl_pd(src_space, SEL_ROOT_OBJ, sel, FX_SCRATCH, 0, 1u << bit, 0) !=
            STATUS_SUCCESS)
            continue;
        if (!fixture_is_null(FX_SCRATCH))
            perms |= 1u << bit;
        fixture_revoke(FX_SCRATCH);
    }
    return perms;
}

enum nova_status fixture_map(uint64_t pa, uint64_t vpn, unsigned perm)
{
    return nova_ctrl_pd(FX_NOVA_HST, FX_ROOT_HST, pa >> 12, vpn, 0, perm, RT_MAD_MEMORY);
}

struct copy {
    const char *name;
    uint64_t src_space, sel, dst; /* sel in src_space, copied to dst in the root object space */
    unsigned pmm;
};

static const struct copy copies[] = {
    {"fixture.take_nova_hst_from_nova_obj", SEL_ROOT_NOVA_OBJ, SEL_NOVA_HST, FX_NOVA_HST, PMM_ALL},
    {"fixture.take_root_hst_from_nova_obj", SEL_ROOT_NOVA_OBJ, SEL_NOVA_ROOT_HST, FX_ROOT_HST,
     PMM_ALL},
    {"fixture.copy_root_obj_grant_only", SEL_ROOT_OBJ, SEL_ROOT_OBJ, FX_ROOT_OBJ_GRANT,
     PERM_SPACE_GRANT},
    {"fixture.copy_root_obj_take_only", SEL_ROOT_OBJ, SEL_ROOT_OBJ, FX_ROOT_OBJ_TAKE,
     PERM_SPACE_TAKE},
    {"fixture.copy_root_hst_grant_only", SEL_ROOT_OBJ, FX_ROOT_HST, FX_ROOT_HST_GRANT,
     PERM_SPACE_GRANT},
    {"fixture.copy_root_hst_take_only", SEL_ROOT_OBJ, FX_ROOT_HST, FX_ROOT_HST_TAKE,
     PERM_SPACE_TAKE},
};

static const char *const pd_bit_name[5] = {"pd", "ec", "sc", "pt", "sm"};

void fixture_init(void)
{
    char name[80];

    for (unsigned i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
        const struct copy *c = &copies[i];
        check_status(c->name, STATUS_SUCCESS,
                     nova_ctrl_pd(c->src_space, SEL_ROOT_OBJ, c->sel, c->dst, 0, c->pmm, 0));
    }
    for (unsigned bit = 0; bit < 5; bit++) {
        rt_snprintf(name, sizeof(name), "fixture.copy_root_pd_without_%s", pd_bit_name[bit]);
        check_status(name, STATUS_SUCCESS,
                     nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, FX_PD_WITHOUT(bit), 0,
                                  PMM_ALL & ~(1u << bit), 0));
        rt_snprintf(name, sizeof(name), "fixture.copy_root_pd_only_%s", pd_bit_name[bit]);
        check_status(name, STATUS_SUCCESS,
                     nova_ctrl_pd(SEL_ROOT_OBJ, SEL_ROOT_OBJ, SEL_ROOT_PD, FX_PD_ONLY(bit), 0,
                                  1u << bit, 0));
    }
}
