/* Protection domains (spec 2.1): a PD owns its spaces. */
#ifndef LIBNOVA_PD_H
#define LIBNOVA_PD_H

#include "arch.h"
#include "kobject.h"
#include "status.h"
#include "space_hst.h"
#include "space_obj.h"

struct ec;

struct pd {
    struct kobject obj;
    struct space_obj *space_obj;
    struct space_hst *space_hst;
    uint64_t serial; /* never reused: names the PD where a pointer could dangle */
    bool is_root;
};

status_t pd_create(struct pd **out);
void pd_destroy(struct pd *pd);

status_t hc_create_pd(struct ec *ec, struct arch_regs *r);

#endif
