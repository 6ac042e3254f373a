#ifndef LIBNOVA_FORMAT_H
#define LIBNOVA_FORMAT_H

#include <stdarg.h>
#include "types.h"

typedef void (*format_sink_t)(void *ctx, char c);

void format(format_sink_t sink, void *ctx, const char *fmt, va_list ap);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
