/* Formatted output: %s %c %d %i %u %x %X %p %%, with the length modifiers
 * l, ll, z and h, a field width (digits or *), and the flags '-' and '0'. */
#ifndef NOVART_PRINTF_H
#define NOVART_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

#define RT_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Formats into put(ctx, c), one character at a time; returns the count. */
int rt_vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap);

/* Like C's snprintf: always NUL-terminates when size > 0 and returns the
 * length the full output would have had. */
int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int rt_snprintf(char *buf, size_t size, const char *fmt, ...) RT_PRINTF(3, 4);

/* To the console (console.c); output is dropped until a console exists. */
int rt_vprintf(const char *fmt, va_list ap);
int rt_printf(const char *fmt, ...) RT_PRINTF(1, 2);

#endif
