/* Kernel console: formatted output to the memory-buffer console (spec C.1)
 * and, during boot only, to the UART found by discovery (spec C.2). */
#ifndef LIBNOVA_CONSOLE_H
#define LIBNOVA_CONSOLE_H

#include <stdarg.h>
#include "types.h"

struct uart_driver;
struct nova_mbuf;

void console_init_uart(const struct uart_driver *driver, uintptr_t base, uint32_t clock_hz,
                       uint32_t baud);
void console_disable_uart(void);
void console_init_mbuf(struct nova_mbuf *mbuf, size_t size);

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
