/* Guest spaces (spec 2.1.3): guest-physical page -> memory capability.
 * They are the same stage-2 tables as host spaces (space_hst.h), reached
 * by vCPUs at EL1 instead of host ECs at EL0; a PD may have any number. */
#ifndef LIBNOVA_SPACE_GST_H
#define LIBNOVA_SPACE_GST_H

#include "space_hst.h"

struct pd;

struct space_gst {
    struct space_hst s2; /* s2.obj.type is KOBJ_SPACE_GST */
    struct pd *owner;    /* holds a reference: vCPUs of this PD only */
};

status_t space_gst_create(struct pd *owner, struct space_gst **out);
void space_gst_destroy(struct space_gst *space);

#endif
