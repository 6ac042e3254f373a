/* Deliberate failures that the QEMU tests use to check the kernel's own
 * error reporting; reached only through command-line words. */
#ifndef LIBNOVA_SELFTEST_H
#define LIBNOVA_SELFTEST_H

/* Store to an address that no kernel mapping covers: the fault report must
 * name this function. */
void selftest_fault(void) __attribute__((noinline));

#endif
