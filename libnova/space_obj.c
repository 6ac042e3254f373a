/* Object spaces. Locking: the owning PD's object space is updated only by
 * hypercalls of ECs on the boot CPU for now; SMP adds a per-space lock. */
#include "kmem.h"
#include "space_obj.h"

#define LEAF_SLOTS (1u << SPACE_OBJ_LEAF_BITS)
#define MID_SLOTS (1u << SPACE_OBJ_MID_BITS)

_Static_assert(sizeof(struct capability) * LEAF_SLOTS == PAGE_SIZE, "leaf fills a page");
_Static_assert(sizeof(struct space_obj) <= PAGE_SIZE, "space fits a page");

status_t space_obj_create(struct space_obj **out)
{
    struct space_obj *space = kmem_alloc_page();
    if (!space)
        return STATUS_MEM_OBJ;
    kobject_init(&space->obj, KOBJ_SPACE_OBJ);
    *out = space;
    return STATUS_SUCCESS;
}

static struct capability *slot(const struct space_obj *space, uint64_t sel, bool create)
{
    if (sel >= NOVA_SELNUM)
        return NULL;
    struct capability ***mid =
        (struct capability ***)&space->mid[sel >> (SPACE_OBJ_LEAF_BITS + SPACE_OBJ_MID_BITS)];
    if (!*mid) {
        if (!create || !(*mid = kmem_alloc_page()))
            return NULL;
    }
    struct capability **leaf = &(*mid)[(sel >> SPACE_OBJ_LEAF_BITS) & (MID_SLOTS - 1)];
    if (!*leaf) {
        if (!create || !(*leaf = kmem_alloc_page()))
            return NULL;
    }
    return &(*leaf)[sel & (LEAF_SLOTS - 1)];
}

status_t space_obj_reserve(struct space_obj *space, uint64_t sel)
{
    if (sel >= NOVA_SELNUM)
        return STATUS_BAD_CAP;
    return slot(space, sel, true) ? STATUS_SUCCESS : STATUS_MEM_CAP;
}

status_t space_obj_store(struct space_obj *space, uint64_t sel, struct capability cap)
{
    struct capability *c = slot(space, sel, cap.obj != NULL);
    if (!c)
        return cap.obj ? STATUS_MEM_CAP : STATUS_SUCCESS;
    if (cap.obj)
        kobject_get(cap.obj);
    struct kobject *old = c->obj;
    *c = cap;
    /* The overwritten object loses a reference: the last one destroys it
     * (spec 5.4.1: overwriting revokes). */
    if (old)
        kobject_put(old);
    return STATUS_SUCCESS;
}

status_t space_obj_delegate(const struct space_obj *src, struct space_obj *dst, uint64_t ssb,
                            uint64_t dsb, unsigned ord, unsigned pmm)
{
    for (uint64_t i = 0; i < (UINT64_C(1) << ord); i++) {
        struct capability cap = space_obj_lookup(src, ssb + i);
        cap.perm &= pmm;
        if (!cap.perm)
            cap = cap_make(NULL, 0);
        status_t s = space_obj_store(dst, dsb + i, cap);
        if (s != STATUS_SUCCESS)
            return s;
    }
    return STATUS_SUCCESS;
}

/* Drop every capability, then the tables. */
void space_obj_destroy(struct space_obj *space)
{
    for (unsigned top = 0; top < SPACE_OBJ_TOP; top++) {
        struct capability **mid = space->mid[top];
        if (!mid)
            continue;
        for (unsigned m = 0; m < MID_SLOTS; m++) {
            struct capability *leaf = mid[m];
            if (!leaf)
                continue;
            for (unsigned i = 0; i < LEAF_SLOTS; i++)
                if (leaf[i].obj) {
                    struct kobject *obj = leaf[i].obj;
                    leaf[i].obj = NULL;
                    kobject_put(obj);
                }
            kmem_free_page(leaf);
        }
        kmem_free_page(mid);
    }
    kmem_free_page(space);
}
