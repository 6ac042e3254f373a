/* Guest spaces: a stage-2 table like a host space's, with its own VMID. */
#include "kmem.h"
#include "pd.h"
#include "space_gst.h"

status_t space_gst_create(struct pd *owner, struct space_gst **out)
{
    struct space_gst *space = kmem_alloc(sizeof(*space));
    if (!space)
        return STATUS_MEM_OBJ;
    kobject_init(&space->s2.obj, KOBJ_SPACE_GST);
    status_t s = arch_hst_create(&space->s2);
    if (s != STATUS_SUCCESS) {
        kmem_free(space, sizeof(*space));
        return s;
    }
    space->owner = owner;
    owner->obj.refs++;
    *out = space;
    return STATUS_SUCCESS;
}

void space_gst_destroy(struct space_gst *space)
{
    arch_hst_destroy(&space->s2);
    kobject_put(&space->owner->obj);
    kmem_free(space, sizeof(*space));
}
