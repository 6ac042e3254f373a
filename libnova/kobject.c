#include "ec.h"
#include "kobject.h"
#include "pd.h"
#include "pt.h"
#include "sc.h"
#include "sm.h"
#include "space_gst.h"
#include "space_hst.h"
#include "space_obj.h"

unsigned kobject_all_perms(enum kobject_type type)
{
    switch (type) {
    case KOBJ_SPACE_OBJ:
    case KOBJ_SPACE_HST:
    case KOBJ_SPACE_MSR:
        return PERM_SPACE_GRANT | PERM_SPACE_TAKE;
    case KOBJ_SPACE_PIO:
        return PERM_SPACE_GRANT | PERM_SPACE_TAKE | PERM_SPACE_ASSIGN;
    case KOBJ_SPACE_GST:
    case KOBJ_SPACE_DMA:
        return PERM_SPACE_GRANT | PERM_SPACE_ASSIGN;
    case KOBJ_PD:
        return PERM_PD_PD | PERM_PD_EC | PERM_PD_SC | PERM_PD_PT | PERM_PD_SM;
    case KOBJ_EC:
        return PERM_EC_CTRL | PERM_EC_BIND_PT | PERM_EC_BIND_SC;
    case KOBJ_SC:
        return PERM_SC_CTRL;
    case KOBJ_PT:
        return PERM_PT_CTRL | PERM_PT_CALL | PERM_PT_EVENT;
    case KOBJ_SM:
        return PERM_SM_CTRL_UP | PERM_SM_CTRL_DN;
    }
    return 0;
}

/* Objects whose last reference is gone, destroyed in order. Their
 * destruction may drop further references: those objects join the list,
 * which keeps the depth of the call chain constant. */
static struct kobject *dead_head, *dead_tail;
static bool reaping;

static void destroy(struct kobject *obj)
{
    switch ((enum kobject_type)obj->type) {
    case KOBJ_SPACE_OBJ:
        space_obj_destroy((struct space_obj *)obj);
        break;
    case KOBJ_SPACE_HST:
        space_hst_destroy((struct space_hst *)obj);
        break;
    case KOBJ_PD:
        pd_destroy((struct pd *)obj);
        break;
    case KOBJ_EC:
        ec_destroy((struct ec *)obj);
        break;
    case KOBJ_SC:
        sc_destroy((struct sc *)obj);
        break;
    case KOBJ_PT:
        pt_destroy((struct pt *)obj);
        break;
    case KOBJ_SM:
        sm_destroy((struct sm *)obj);
        break;
    case KOBJ_SPACE_GST:
        space_gst_destroy((struct space_gst *)obj);
        break;
    case KOBJ_SPACE_DMA:
    case KOBJ_SPACE_PIO:
    case KOBJ_SPACE_MSR:
        break;
    }
}

void kobject_put(struct kobject *obj)
{
    if (--obj->refs)
        return;
    obj->dead_next = NULL;
    if (dead_tail)
        dead_tail->dead_next = obj;
    else
        dead_head = obj;
    dead_tail = obj;
    if (reaping)
        return;
    reaping = true;
    while (dead_head) {
        struct kobject *next = dead_head;
        dead_head = next->dead_next;
        if (!dead_head)
            dead_tail = NULL;
        destroy(next);
    }
    reaping = false;
}
