/* spec 5.5.1 ctrl_hw. On Arm only OP=0 exists: power off (S5) and platform
 * reset through PSCI. Sleep states S1-S4 answer BAD_FTR; the x86 QOS
 * operations (OP 4-7) answer BAD_FTR; other OPs and S values BAD_PAR. */
#include <nova/hypercall.h>
#include "console.h"
#include "hypercall.h"
#include "kmem.h"
#include "pd.h"

status_t hc_ctrl_hw(struct ec *ec, struct arch_regs *r)
{
    if (!ec->pd->is_root)
        return STATUS_BAD_HYP;
    uint64_t x0 = arch_regs_arg(r, 0);
    unsigned op = (x0 & HC_FLAGS_MASK) >> HC_FLAGS_SHIFT;
    uint64_t desc = x0 >> HC_ARG_SHIFT;
    if (op >= 4 && op <= 7)
        return STATUS_BAD_FTR;
    if (op != CTRL_HW_OP_SSTATE)
        return STATUS_BAD_PAR;
    switch (desc & CTRL_HW_SSTATE_S_MASK) {
    case CTRL_HW_SSTATE_S5:
        kprintf("NOVA: power off requested by the root PD, kernel memory free: %lu bytes\n",
                (unsigned long)kmem_free_bytes());
        arch_power_off();
        kprintf("NOVA: power off failed: no PSCI firmware did it\n");
        return STATUS_BAD_FTR;
    case CTRL_HW_SSTATE_RESET:
        kprintf("NOVA: reset requested by the root PD\n");
        arch_reset();
        kprintf("NOVA: reset failed: no PSCI firmware did it\n");
        return STATUS_BAD_FTR;
    case 1:
    case 2:
    case 3:
    case 4:
        return STATUS_BAD_FTR;
    default:
        return STATUS_BAD_PAR;
    }
}
