#include <nova/utcb.h>
#include <nova/hypercall.h>
#include "create.h"
#include "ipc.h"
#include "ec.h"
#include "sched.h"
#include "kmem.h"
#include "sc.h"

status_t sc_create(struct ec *ec, unsigned cpu, unsigned prio, uint64_t budget, struct sc **out)
{
    struct sc *sc = kmem_alloc(sizeof(*sc));
    if (!sc)
        return STATUS_MEM_OBJ;
    kobject_init(&sc->obj, KOBJ_SC);
    sc->ec = ec;
    sc->exec = ec;
    ec->obj.refs++;
    sc->cpu = cpu;
    sc->prio = prio;
    sc->budget = budget;
    sc->left = budget;
    *out = sc;
    return STATUS_SUCCESS;
}

/* spec 5.3.3 create_sc. COS is not supported on Arm (spec 7.5): it must be
 * 0. libnova binds at most one SC to an EC; a second one is ABORTED. */
status_t hc_create_sc(struct ec *ec, struct arch_regs *r)
{
    struct create_args a;
    status_t s = create_check(ec, r, PERM_PD_SC, &a);
    if (s != STATUS_SUCCESS)
        return s;
    struct ec *target = (struct ec *)cap_object(ec, arch_regs_arg(r, 2), KOBJ_EC, PERM_EC_BIND_SC);
    uint64_t scd = arch_regs_arg(r, 3);
    if (!target || !target->is_global)
        return STATUS_BAD_CAP;
    if (!SCD_BUDGET(scd) || !SCD_PRIO(scd) || SCD_COS(scd))
        return STATUS_BAD_PAR;
    if (target->sc)
        return STATUS_ABORTED;
    if ((s = create_reserve_slot(ec, a.sel)) != STATUS_SUCCESS)
        return s;

    struct sc *sc;
    uint64_t budget = SCD_BUDGET(scd) * arch_stc_frequency() / 1000;
    if (sc_create(target, target->cpu, SCD_PRIO(scd), budget, &sc) != STATUS_SUCCESS)
        return STATUS_MEM_OBJ;
    target->sc = sc;
    target->startup_pending = true; /* spec 5.3.2: STARTUP on the first SC */
    sched_ready(sc);
    create_publish(ec, a.sel, &sc->obj, kobject_all_perms(KOBJ_SC));
    return STATUS_SUCCESS;
}

/* spec 5.4.3 ctrl_sc: the SC's consumed time, the running slice included */
status_t hc_ctrl_sc(struct ec *ec, struct arch_regs *r)
{
    struct sc *sc =
        (struct sc *)cap_object(ec, arch_regs_arg(r, 0) >> HC_ARG_SHIFT, KOBJ_SC, PERM_SC_CTRL);
    if (!sc)
        return STATUS_BAD_CAP;
    arch_regs_set(r, 1, sched_consumed(sc));
    return STATUS_SUCCESS;
}

/* The SC dies: whatever waits with it (its EC's chain of calls) keeps no
 * pointer to it, and a call it queued is withdrawn. */
void sc_destroy(struct sc *sc)
{
    sched_remove(sc);
    for (struct ec *ec = sc->ec; ec; ec = ec->callee) {
        if (ec->blocked_sc == sc)
            ec->blocked_sc = NULL;
        if (ec->carrier == sc)
            ec->carrier = NULL;
        if (!ec->callee && ec->pending_pt)
            ipc_withdraw(ec);
    }
    sc->ec->sc = NULL;
    kobject_put(&sc->ec->obj);
    kmem_free(sc, sizeof(*sc));
}
