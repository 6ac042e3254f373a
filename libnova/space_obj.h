/* Object spaces (spec 2.1.1): NOVA_SELNUM capability slots, stored in a
 * three-level radix tree of pages allocated on first use. */
#ifndef LIBNOVA_SPACE_OBJ_H
#define LIBNOVA_SPACE_OBJ_H

#include "kobject.h"
#include "status.h"

#define SPACE_OBJ_LEAF_BITS 8 /* 256 capabilities of 16 bytes per page */
#define SPACE_OBJ_MID_BITS 9  /* 512 leaf pointers per page */
#define SPACE_OBJ_TOP (NOVA_SELNUM >> (SPACE_OBJ_LEAF_BITS + SPACE_OBJ_MID_BITS))

struct capability {
    struct kobject *obj; /* NULL: null capability */
    uint32_t perm;
    uint32_t reserved;
};

struct space_obj {
    struct kobject obj;
    struct capability **mid[SPACE_OBJ_TOP];
};

status_t space_obj_create(struct space_obj **out);
void space_obj_destroy(struct space_obj *space);
/* The capability at sel; a null one for a free or invalid selector.
 * Inline: every hypercall looks up at least one. */
static inline struct capability space_obj_lookup(const struct space_obj *space, uint64_t sel)
{
    struct capability *const *leaf;
    if (sel >= NOVA_SELNUM || !space->mid[sel >> (SPACE_OBJ_LEAF_BITS + SPACE_OBJ_MID_BITS)])
        return (struct capability){NULL, 0, 0};
    leaf = &space->mid[sel >> (SPACE_OBJ_LEAF_BITS + SPACE_OBJ_MID_BITS)]
                      [(sel >> SPACE_OBJ_LEAF_BITS) & ((1u << SPACE_OBJ_MID_BITS) - 1)];
    return *leaf ? (*leaf)[sel & ((1u << SPACE_OBJ_LEAF_BITS) - 1)]
                 : (struct capability){NULL, 0, 0};
}
/* Store cap at sel (a null capability clears the slot). MEM_CAP if the
 * slot's table page cannot be allocated. */
status_t space_obj_store(struct space_obj *space, uint64_t sel, struct capability cap);
/* Allocate the tables behind sel so that a later store cannot fail:
 * MEM_CAP when the pool is empty, BAD_CAP for a selector out of range. */
status_t space_obj_reserve(struct space_obj *space, uint64_t sel);
/* spec 5.4.1 object space to object space */
status_t space_obj_delegate(const struct space_obj *src, struct space_obj *dst, uint64_t ssb,
                            uint64_t dsb, unsigned ord, unsigned pmm);

static inline struct capability cap_make(struct kobject *obj, unsigned perm)
{
    return (struct capability){obj, perm, 0};
}

#endif
