/* libfdt was built with -fstack-protector: it compares its frames' canary
 * with this value. A constant catches overruns, not attacks. */
#include <stdint.h>
#include "console.h"

uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ull;

void __stack_chk_fail(void) __attribute__((noreturn));

void __stack_chk_fail(void) { panic("stack smashing detected in libfdt"); }
