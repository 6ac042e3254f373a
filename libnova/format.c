/* printf-style formatting shared by the console and ksnprintf: %s %c %d %i
 * %u %x %p %% with l/ll/z length, width and zero padding. */
#include "format.h"

static void emit_number(format_sink_t sink, void *ctx, uint64_t v, unsigned base, bool negative,
                        unsigned width, char pad)
{
    char digits[24];
    unsigned n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    /* The sign goes before zero padding ("-0042") and after blanks ("  -42"). */
    if (negative && pad == '0')
        sink(ctx, '-');
    for (unsigned i = n + negative; i < width; i++)
        sink(ctx, pad);
    if (negative && pad != '0')
        sink(ctx, '-');
    while (n)
        sink(ctx, digits[--n]);
}

__rare void format(format_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            sink(ctx, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        unsigned width = 0, longs = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (unsigned)(*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        uint64_t u;
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t s = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            emit_number(sink, ctx, s < 0 ? 0 - (uint64_t)s : (uint64_t)s, 10, s < 0, width, pad);
            break;
        }
        case 'u':
        case 'x':
            u = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            emit_number(sink, ctx, u, *fmt == 'u' ? 10 : 16, false, width, pad);
            break;
        case 'p':
            sink(ctx, '0');
            sink(ctx, 'x');
            emit_number(sink, ctx, (uintptr_t)va_arg(ap, void *), 16, false, 16, '0');
            break;
        case 'c':
            sink(ctx, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            unsigned n = 0;
            for (s = s ? s : "(null)"; *s; s++, n++)
                sink(ctx, *s);
            for (; n < width; n++)
                sink(ctx, ' ');
            break;
        }
        case '%':
            sink(ctx, '%');
            break;
        case '\0':
            return;
        default:
            sink(ctx, '%');
            sink(ctx, *fmt);
        }
    }
}

struct buffer_ctx {
    char *buf;
    size_t size, used;
};

static void buffer_sink(void *ctx, char c)
{
    struct buffer_ctx *b = ctx;
    if (b->used + 1 < b->size)
        b->buf[b->used] = c;
    b->used++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buffer_ctx b = {buf, size, 0};
    format(buffer_sink, &b, fmt, ap);
    if (size)
        buf[b.used < size ? b.used : size - 1] = '\0';
    return (int)b.used;
}
