/* Host stand-in for the kernel console: kprintf() output is kept in a log
 * that tests inspect, so a test can check that bad input was reported. */
#ifndef TESTS_UNIT_KPRINTF_SHIM_H
#define TESTS_UNIT_KPRINTF_SHIM_H

#include <stdbool.h>

void kprintf_shim_reset(void);
unsigned kprintf_shim_count(void);
/* True if some line printed since the last reset contains text. */
bool kprintf_shim_contains(const char *text);
const char *kprintf_shim_log(void);

#endif
