#include "create.h"
#include "kmem.h"
#include "sm.h"

struct sm sm_console = {{KOBJ_SM, 1}, 0};

void sm_console_signal(void)
{
    /* No EC can block yet; a saturated counter just stays saturated. */
    if (sm_console.counter != UINT64_MAX)
        sm_console.counter++;
}

/* spec 5.3.5 create_sm */
status_t hc_create_sm(struct ec *ec, struct arch_regs *r)
{
    struct create_args a;
    status_t s = create_check(ec, r, PERM_PD_SM, &a);
    if (s != STATUS_SUCCESS)
        return s;
    if ((s = create_reserve_slot(ec, a.sel)) != STATUS_SUCCESS)
        return s;
    struct sm *sm = kmem_alloc_page();
    if (!sm)
        return STATUS_MEM_OBJ;
    kobject_init(&sm->obj, KOBJ_SM);
    sm->counter = arch_regs_arg(r, 2);
    create_publish(ec, a.sel, &sm->obj, kobject_all_perms(KOBJ_SM));
    return STATUS_SUCCESS;
}
