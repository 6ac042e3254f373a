#include "kmem.h"
#include "sc.h"

status_t sc_create(struct ec *ec, unsigned cpu, unsigned prio, uint64_t budget, struct sc **out)
{
    struct sc *sc = kmem_alloc_page();
    if (!sc)
        return STATUS_MEM_OBJ;
    kobject_init(&sc->obj, KOBJ_SC);
    sc->ec = ec;
    sc->cpu = cpu;
    sc->prio = prio;
    sc->budget = budget;
    *out = sc;
    return STATUS_SUCCESS;
}
