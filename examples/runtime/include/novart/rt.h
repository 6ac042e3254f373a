/* The root-task runtime (novart): everything a root task links against.
 * See docs/runtime.md for the boot state crt0.S starts from. */
#ifndef NOVART_RT_H
#define NOVART_RT_H

#include <nova/caps.h>
#include <nova/hip.h>
#include <novart/console.h>
#include <novart/fdt.h>
#include <novart/hypercall.h>
#include <novart/manifest.h>
#include <novart/mem.h>
#include <novart/printf.h>
#include <novart/sel.h>
#include <stdint.h>

/* Exit codes of rt_exit(): 0 powers off (S5); anything else is an error
 * and resets the platform, so a test harness can tell the two apart. */
#define RT_EXIT_OK 0
#define RT_EXIT_NO_FDT 1
#define RT_EXIT_NO_CONSOLE 2
#define RT_EXIT_STACK_SMASHED 3
#define RT_EXIT_FAILURE 4

/* The HIP as the kernel mapped it (read-only); set by crt0 before main(). */
extern const struct nova_hip *rt_hip;

/* Called by crt0 with the boot registers of spec 7.1.2; its return value
 * goes to rt_exit(). */
int main(const struct nova_hip *hip, uint64_t fdt, uint64_t x1, uint64_t manifest);

/* The system time counter (spec 3.1): CNTVCT_EL0, which equals it for
 * host ECs (CNTVOFF_EL2 is 0). Inline, so child PDs running the root's
 * code may use it too. */
static inline uint64_t rt_stc_now(void)
{
    uint64_t t;
    __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(t));
    return t;
}

/* Powers off (code 0) or resets the platform (code != 0) with ctrl_hw;
 * spins if the kernel refuses. */
__attribute__((noreturn)) void rt_exit(int code);

#endif
