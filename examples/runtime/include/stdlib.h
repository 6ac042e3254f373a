/* The C library conversion function libfdt uses (string.c). */
#ifndef RT_STDLIB_H
#define RT_STDLIB_H

unsigned long strtoul(const char *s, char **end, int base);

#endif
