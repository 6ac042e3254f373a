/* The root task's console: the UART the FDT names in /chosen/stdout-path. */
#ifndef NOVART_CONSOLE_H
#define NOVART_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

/* Finds the stdout UART in the mapped FDT, maps its registers as device
 * memory and makes it the console. Returns false, leaving output dropped,
 * when there is no stdout-path, no such node, or it is not a PL011. */
bool rt_console_init(const void *fdt);

/* What most root tasks do first: maps the FDT the kernel passed (X0) and
 * opens its console. Returns RT_EXIT_OK, or RT_EXIT_NO_FDT /
 * RT_EXIT_NO_CONSOLE for main to return (nothing could be printed). *fdt,
 * if not NULL, gets the mapped tree. */
int rt_console_open(uint64_t fdt_pa, const void **fdt);

/* Writes c ('\n' becomes "\r\n"); dropped while there is no console. */
void rt_console_putc(char c);
void rt_console_puts(const char *s);

/* The next received character, or -1 if none is waiting (or no console). */
int rt_console_getc(void);

#endif
