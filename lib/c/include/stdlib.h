#ifndef KLIBC_STDLIB_H
#define KLIBC_STDLIB_H

unsigned long strtoul(const char *s, char **end, int base);

#endif
