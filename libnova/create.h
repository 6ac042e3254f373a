/* What every create_* hypercall checks first (spec 5.3): the selector for
 * the new capability must be null, the owner PD capability must carry the
 * permission for the object type, and the slot must be storable. */
#ifndef LIBNOVA_CREATE_H
#define LIBNOVA_CREATE_H

#include "ec.h"
#include "pd.h"

struct create_args {
    uint64_t sel;        /* where the new capability goes */
    struct pd *owner;    /* the PD the object is accounted to */
    unsigned owner_perm; /* permissions of the owner PD capability */
};

/* BAD_CAP for a non-null sel or a PD capability without perm. */
status_t create_check(const struct ec *ec, const struct arch_regs *r, unsigned perm,
                      struct create_args *out);
/* MEM_CAP if the slot for sel cannot be allocated; after SUCCESS the later
 * store cannot fail, so a create never leaves a half-made object. */
status_t create_reserve_slot(const struct ec *ec, uint64_t sel);
/* Store the new object's capability (slot reserved before). */
void create_publish(const struct ec *ec, uint64_t sel, struct kobject *obj, unsigned perm);

/* The object capability at sel in ec's object space if it has type and all
 * bits of perm; NULL otherwise. */
static inline struct kobject *cap_object(const struct ec *ec, uint64_t sel, enum kobject_type type,
                                         unsigned perm)
{
    struct capability cap = space_obj_lookup(ec->pd->space_obj, sel);
    if (!cap.obj || cap.obj->type != type || (cap.perm & perm) != perm)
        return NULL;
    return cap.obj;
}

#endif
