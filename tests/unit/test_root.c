/* libnova/root.c: the NOVA object space (spec 6.1.3.1), the root object
 * and host spaces (spec 6.2.3) and the root EC's initial state (7.1.2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <nova/caps.h>
#include "arch_host_fixture.h"
#include "kmem.h"
#include "pd.h"
#include "sc.h"
#include "sm.h"

#define WB_INNER MAD(MAD_CA_MEM_WB, MAD_SH_INNER)

static void root_object_space_per_spec(void **state)
{
    (void)state;
    struct ec *ec = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(ec);
    struct pd *pd = ec->pd;
    assert_true(pd->is_root);
    const struct space_obj *obj = pd->space_obj;
    struct capability nova = space_obj_lookup(obj, SEL_ROOT_NOVA_OBJ);
    assert_int_equal(nova.obj->type, KOBJ_SPACE_OBJ);
    assert_int_equal(nova.perm, PERM_SPACE_TAKE);
    struct capability self = space_obj_lookup(obj, SEL_ROOT_OBJ);
    assert_ptr_equal(self.obj, &obj->obj);
    assert_int_equal(self.perm, PERM_SPACE_GRANT | PERM_SPACE_TAKE);
    struct capability p = space_obj_lookup(obj, SEL_ROOT_PD);
    assert_ptr_equal(p.obj, &pd->obj);
    assert_int_equal(p.perm, 0x1f);
    struct capability e = space_obj_lookup(obj, SEL_ROOT_EC);
    assert_ptr_equal(e.obj, &ec->obj);
    assert_int_equal(e.perm, PERM_EC_CTRL | PERM_EC_BIND_PT | PERM_EC_BIND_SC);
    struct capability s = space_obj_lookup(obj, SEL_ROOT_SC);
    assert_int_equal(s.obj->type, KOBJ_SC);
    assert_int_equal(s.perm, PERM_SC_CTRL);
    const struct sc *sc = (const struct sc *)s.obj;
    assert_ptr_equal(sc->ec, ec);
    assert_int_equal(sc->prio, SC_PRIO_MAX);
    assert_int_equal(sc->budget, ARCH_HOST_STC_FREQ); /* 1000 ms */
    for (uint64_t sel = 0; sel < NOVA_SELNUM - 5; sel += 0x101)
        assert_null(space_obj_lookup(obj, sel).obj);
}

static void root_nova_object_space_per_spec(void **state)
{
    (void)state;
    struct ec *ec = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(ec);
    const struct space_obj *nova =
        (const struct space_obj *)space_obj_lookup(ec->pd->space_obj, SEL_ROOT_NOVA_OBJ).obj;
    struct capability c = space_obj_lookup(nova, SEL_NOVA_CONSOLE_SM);
    assert_ptr_equal(c.obj, &sm_console.obj);
    assert_int_equal(c.perm, PERM_SM_CTRL_UP | PERM_SM_CTRL_DN);
    c = space_obj_lookup(nova, SEL_NOVA_OBJ);
    assert_ptr_equal(c.obj, &nova->obj);
    assert_int_equal(c.perm, PERM_SPACE_TAKE);
    c = space_obj_lookup(nova, SEL_NOVA_HST);
    assert_int_equal(c.obj->type, KOBJ_SPACE_HST);
    assert_true(((const struct space_hst *)c.obj)->is_nova);
    assert_int_equal(c.perm, PERM_SPACE_TAKE);
    assert_null(space_obj_lookup(nova, SEL_NOVA_PIO).obj); /* no PIO/MSR on Arm */
    assert_null(space_obj_lookup(nova, SEL_NOVA_MSR).obj);
    assert_null(space_obj_lookup(nova, SEL_NOVA_ROOT_PIO).obj);
    c = space_obj_lookup(nova, SEL_NOVA_ROOT_OBJ);
    assert_ptr_equal(c.obj, &ec->pd->space_obj->obj);
    assert_int_equal(c.perm, PERM_SPACE_GRANT | PERM_SPACE_TAKE);
    c = space_obj_lookup(nova, SEL_NOVA_ROOT_HST);
    assert_ptr_equal(c.obj, &ec->pd->space_hst->obj);
    assert_int_equal(c.perm, PERM_SPACE_GRANT | PERM_SPACE_TAKE);
}

static void root_host_space_per_spec(void **state)
{
    (void)state;
    struct ec *ec = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(ec);
    const struct space_hst *hst = ec->pd->space_hst;
    struct mem_cap text = arch_hst_lookup(hst, FIXTURE_ELF_TEXT >> PAGE_BITS);
    assert_int_equal(pa_addr(text.pa), FIXTURE_ELF_PA + 0x1000);
    assert_int_equal(text.perm, PERM_MEM_R | PERM_MEM_XU);
    assert_int_equal(text.mad, WB_INNER);
    struct mem_cap data = arch_hst_lookup(hst, FIXTURE_ELF_DATA >> PAGE_BITS);
    assert_int_equal(pa_addr(data.pa), FIXTURE_ELF_PA + 0x2000);
    assert_int_equal(data.perm, PERM_MEM_R | PERM_MEM_W);
    assert_int_equal(arch_hst_lookup(hst, (FIXTURE_ELF_DATA >> PAGE_BITS) + 1).perm, 0);
    bool kernel;
    struct mem_cap hip = arch_host_hst_peek(hst, NOVA_HIP_HVA >> PAGE_BITS, &kernel);
    assert_true(kernel);
    assert_int_equal(pa_addr(hip.pa), FIXTURE_HIP_PA);
    assert_int_equal(hip.perm, PERM_MEM_R);
    struct mem_cap utcb = arch_host_hst_peek(hst, NOVA_UTCB_HVA >> PAGE_BITS, &kernel);
    assert_true(kernel);
    assert_int_equal(pa_addr(utcb.pa), pa_addr(arch_virt_to_phys(ec->utcb)));
    assert_int_equal(utcb.perm, PERM_MEM_R | PERM_MEM_W);
}

static void root_ec_initial_state(void **state)
{
    (void)state;
    struct ec *ec = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(ec);
    assert_int_equal(ec->regs.elr, FIXTURE_ELF_TEXT + 0x10);
    assert_int_equal(ec->regs.sp, NOVA_HIP_HVA); /* spec 6.3: SP points to the HIP */
    assert_int_equal(ec->regs.x[0], 0x1111);
    assert_int_equal(ec->regs.x[1], 0x2222);
    assert_int_equal(ec->regs.x[2], 0x3333);
    assert_int_equal(ec->cpu, 0);
    assert_non_null(ec->utcb);
}

static void root_rejects_misaligned_elf(void **state)
{
    (void)state;
    fixture_console_reset();
    arch_host_kmem_reset(FIXTURE_KMEM_PAGES);
    struct root_boot boot = fixture_root_boot();
    boot.elf = pa_add(boot.elf, 8);
    assert_null(root_create(&boot));
    assert_true(fixture_console_contains("not page aligned"));
}

static void root_rejects_bad_elf(void **state)
{
    (void)state;
    fixture_console_reset();
    arch_host_kmem_reset(FIXTURE_KMEM_PAGES);
    void *elf = arch_phys_to_virt(pa_init(FIXTURE_ELF_PA));
    fixture_elf_build(elf);
    fixture_ehdr(elf)->e_machine = EM_X86_64;
    struct root_boot boot = fixture_root_boot();
    assert_null(root_create(&boot));
    assert_true(fixture_console_contains("root ELF rejected: built for another architecture"));
    /* a segment over the UTCB page */
    fixture_elf_build(elf);
    fixture_phdr(elf, 1)->p_vaddr = NOVA_UTCB_HVA;
    assert_null(root_create(&boot));
    assert_true(fixture_console_contains("outside the user address range"));
}

static void root_survives_every_kmem_shortage(void **state)
{
    (void)state;
    /* find the pages root_create needs, then fail at each allocation */
    struct ec *ec = fixture_root_create(FIXTURE_KMEM_PAGES);
    assert_non_null(ec);
    uint64_t need = FIXTURE_KMEM_PAGES - kmem_free_pages();
    for (uint64_t pages = 0; pages < need; pages++) {
        assert_null(fixture_root_create(pages));
        assert_true(fixture_console_contains("kernel memory exhausted"));
    }
    assert_non_null(fixture_root_create(need));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(root_object_space_per_spec),
        cmocka_unit_test(root_nova_object_space_per_spec),
        cmocka_unit_test(root_host_space_per_spec),
        cmocka_unit_test(root_ec_initial_state),
        cmocka_unit_test(root_rejects_misaligned_elf),
        cmocka_unit_test(root_rejects_bad_elf),
        cmocka_unit_test(root_survives_every_kmem_shortage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
