#include <novart/printf.h>
#include <novart/rt.h>
#include <stdint.h>

/* libfdt was built with -fstack-protector: it compares its frames' canary
 * with this value. A constant is enough to catch overruns, not attacks. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ull;

__attribute__((noreturn)) void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
    rt_printf("novart: stack smashing detected\n");
    rt_exit(RT_EXIT_STACK_SMASHED);
}
