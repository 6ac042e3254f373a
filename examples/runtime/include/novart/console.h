/* The root task's console: the UART the FDT names in /chosen/stdout-path. */
#ifndef NOVART_CONSOLE_H
#define NOVART_CONSOLE_H

#include <stdbool.h>

/* Finds the stdout UART in the mapped FDT, maps its registers as device
 * memory and makes it the console. Returns false, leaving output dropped,
 * when there is no stdout-path, no such node, or it is not a PL011. */
bool rt_console_init(const void *fdt);

/* Writes c ('\n' becomes "\r\n"); dropped while there is no console. */
void rt_console_putc(char c);
void rt_console_puts(const char *s);

#endif
