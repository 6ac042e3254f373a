#include "ec.h"
#include "kmem.h"

struct ec *ec_current;

_Static_assert(sizeof(struct ec) <= PAGE_SIZE, "EC fits a page");

status_t ec_create_host(struct pd *pd, unsigned cpu, uint64_t evt, struct ec **out)
{
    struct ec *ec = kmem_alloc_page();
    if (!ec)
        return STATUS_MEM_OBJ;
    ec->utcb = kmem_alloc_page();
    if (!ec->utcb) {
        kmem_free_page(ec);
        return STATUS_MEM_OBJ;
    }
    kobject_init(&ec->obj, KOBJ_EC);
    ec->pd = pd;
    ec->cpu = cpu;
    ec->evt = evt;
    *out = ec;
    return STATUS_SUCCESS;
}
