/* Leaving the root task: ctrl_hw S-state transition (spec 5.5.1). */
#include <novart/rt.h>

void rt_exit(int code)
{
    uint64_t s = code == RT_EXIT_OK ? CTRL_HW_SSTATE_S5 : CTRL_HW_SSTATE_RESET;

    nova_ctrl_hw(CTRL_HW_OP_SSTATE, s & CTRL_HW_SSTATE_S_MASK);
    for (;;)
        __asm__ volatile("" ::: "memory");
}
