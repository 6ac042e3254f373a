#include "kmem.h"
#include "pd.h"

status_t pd_create(struct pd **out)
{
    struct pd *pd = kmem_alloc_page();
    if (!pd)
        return STATUS_MEM_OBJ;
    kobject_init(&pd->obj, KOBJ_PD);
    *out = pd;
    return STATUS_SUCCESS;
}
