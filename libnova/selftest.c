#include "console.h"
#include "selftest.h"

/* The first GiB of the kernel's VA space is never mapped. Laundered through
 * a volatile variable so the compiler cannot see the constant address. */
static volatile uintptr_t unmapped_address = 0x10;

void selftest_fault(void)
{
    kprintf("NOVA: selftest_fault: storing to an unmapped address\n");
    *(volatile uint64_t *)unmapped_address = 0;
}
