#include "kobject.h"

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
