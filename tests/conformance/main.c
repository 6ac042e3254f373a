/* The conformance root task: every status of every implemented hypercall,
 * every permission bit, and the boot layouts, checked against the NOVA
 * interface specification from user mode (spec sections in each file).
 * Prints one line per check, then "conformance: done, N checks, M failed",
 * and powers off with ctrl_hw S5. Checks of behaviour the kernel does not
 * have yet are compiled in only with -DCONFORMANCE_PENDING. */
#include "conformance.h"
#include "fixture.h"

int main(const struct nova_hip *hip, uint64_t fdt_pa, uint64_t x1, uint64_t manifest_pa)
{
    int status = rt_console_open(fdt_pa, NULL);
    enum nova_status s;

    (void)x1;
    (void)manifest_pa;
    if (status != RT_EXIT_OK)
        return status;
#ifdef CONFORMANCE_PENDING
    rt_printf("conformance: start (with the pending checks)\n");
#else
    rt_printf("conformance: start\n");
#endif

    fixture_init();
    check_layout(hip);
    check_root_space();
    check_ctrl_pd_obj();
    check_ctrl_pd_hst(hip);
    check_ctrl_pd_gst();
    check_ctrl_hw();
    check_hypercall();
    check_create_pd();
    check_create_ec(hip);
    check_create_sm();
    check_create_pt();
    check_create_sc();
    check_ctrl_sc();
    check_ctrl_sm();
    check_ctrl_ec();
    check_ipc(hip);
    check_assign_int(hip);
    check_mem_exhaustion(hip); /* last: afterwards nothing can be created */
    check_summary();

    s = nova_ctrl_hw(CTRL_HW_OP_SSTATE, CTRL_HW_SSTATE_S5);
    rt_printf("conformance: ctrl_hw S5 returned %u\n", (unsigned)s);
    return RT_EXIT_FAILURE;
}
