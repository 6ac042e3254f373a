/* Kernel objects and object capabilities (spec 2, 4.1.2). */
#ifndef LIBNOVA_KOBJECT_H
#define LIBNOVA_KOBJECT_H

#include <nova/caps.h>
#include "types.h"

enum kobject_type {
    KOBJ_SPACE_OBJ = 1,
    KOBJ_SPACE_HST,
    KOBJ_SPACE_GST,
    KOBJ_SPACE_DMA,
    KOBJ_SPACE_PIO,
    KOBJ_SPACE_MSR,
    KOBJ_PD,
    KOBJ_EC,
    KOBJ_SC,
    KOBJ_PT,
    KOBJ_SM,
};

/* Header of every kernel object. refs counts capabilities and kernel
 * references (a PD's spaces, an EC's PD, an SC's or a portal's EC);
 * objects created at boot hold one reference that is never dropped. When
 * the count reaches zero the object is destroyed (kobject_put). */
struct kobject {
    uint32_t type;
    uint32_t refs;
    struct kobject *dead_next; /* on the list of objects being destroyed */
};

/* Every permission bit the spec defines for an object type (spec 4.1.2). */
unsigned kobject_all_perms(enum kobject_type type);

static inline void kobject_init(struct kobject *obj, enum kobject_type type)
{
    obj->type = type;
    obj->refs = 1;
    obj->dead_next = NULL;
}

static inline void kobject_get(struct kobject *obj) { obj->refs++; }

/* Drop a reference; the last one destroys the object and, through the
 * references it held, whatever dies with it: iteratively, never by
 * recursion. Under the kernel lock. */
void kobject_put(struct kobject *obj);

#endif
