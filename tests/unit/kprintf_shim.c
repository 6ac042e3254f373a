#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "kprintf_shim.h"

static char log_buf[16384];
static size_t log_len;
static unsigned log_count;

void kprintf_shim_reset(void)
{
    log_len = 0;
    log_count = 0;
    log_buf[0] = '\0';
}

unsigned kprintf_shim_count(void) { return log_count; }

bool kprintf_shim_contains(const char *text) { return strstr(log_buf, text) != NULL; }

const char *kprintf_shim_log(void) { return log_buf; }

void kvprintf(const char *fmt, va_list ap)
{
    int n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);

    if (n > 0)
        log_len +=
            (size_t)n < sizeof(log_buf) - log_len ? (size_t)n : sizeof(log_buf) - log_len - 1;
    log_count++;
}

void kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}
