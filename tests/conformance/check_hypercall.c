/* spec 5.1.1, 5.1.2: a hypercall number the kernel does not implement
 * answers BAD_HYP; 0xf is reserved. Remove a number from this list in the
 * commit that implements it (and add its checks). ipc_reply from the root
 * EC, which no one called, is never issued here. */
#include "conformance.h"
#include "fixture.h"

struct unimplemented {
    const char *name;
    unsigned number;
};

static const struct unimplemented unimplemented[] = {
    {"hypercall.0xe_assign_dev_is_bad_hyp", HC_ASSIGN_DEV},
    {"hypercall.0xf_reserved_is_bad_hyp", 0xf},
};

void check_hypercall(void)
{
    for (unsigned i = 0; i < sizeof(unimplemented) / sizeof(unimplemented[0]); i++) {
        uint64_t x1 = 0, x2 = 0;
        enum nova_status s = nova_svc(
            nova_hc_id((enum nova_hypercall)unimplemented[i].number, 0, 0), &x1, &x2, 0, 0);
        check_status(unimplemented[i].name, STATUS_BAD_HYP, s);
    }
    /* spec 5.2.1: only the statuses a root task reaches without a server */
    uint32_t mtd = 0;
    check_status("ipc_call.pt_null_is_bad_cap", STATUS_BAD_CAP, nova_ipc_call(FX_NULL, 0, &mtd));
    check_status("ipc_call.pt_is_pd_cap_is_bad_cap", STATUS_BAD_CAP,
                 nova_ipc_call(SEL_ROOT_PD, 0, &mtd));
    /* The flags do not turn a number into another one. */
    uint64_t x1 = 0, x2 = 0;
    check_status("hypercall.0xf_with_flags_is_bad_hyp", STATUS_BAD_HYP,
                 nova_svc(nova_hc_id((enum nova_hypercall)0xf, 0xf, 0), &x1, &x2, 0, 0));
}
