/* printf-style formatting into a character sink. Pure code: no state, no
 * hypercalls, so the host unit test compiles this file as it is. */
#include <novart/printf.h>
#include <stdbool.h>
#include <stdint.h>

struct spec {
    bool left; /* '-': pad on the right */
    bool zero; /* '0': pad numbers with zeros */
    unsigned width;
    unsigned len; /* 0: int, 1: long, 2: long long, 3: size_t, 4: short */
};

struct sink {
    void (*put)(void *ctx, char c);
    void *ctx;
    int count;
};

static void emit(struct sink *o, char c)
{
    o->put(o->ctx, c);
    o->count++;
}

static void pad(struct sink *o, char c, unsigned n)
{
    while (n--)
        emit(o, c);
}

static void emit_str(struct sink *o, const struct spec *sp, const char *s)
{
    unsigned n = 0;

    if (!s)
        s = "(null)";
    while (s[n])
        n++;
    if (!sp->left && sp->width > n)
        pad(o, ' ', sp->width - n);
    for (unsigned i = 0; i < n; i++)
        emit(o, s[i]);
    if (sp->left && sp->width > n)
        pad(o, ' ', sp->width - n);
}

/* Emits sign, prefix and digits of v in base with the spec's padding. */
static void emit_num(struct sink *o, const struct spec *sp, uint64_t v, unsigned base,
                     bool negative, const char *prefix, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    unsigned n = 0, plen = 0, total;

    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (negative)
        prefix = "-";
    while (prefix && prefix[plen])
        plen++;
    total = n + plen;

    if (!sp->left && !sp->zero && sp->width > total)
        pad(o, ' ', sp->width - total);
    for (unsigned i = 0; i < plen; i++)
        emit(o, prefix[i]);
    if (!sp->left && sp->zero && sp->width > total)
        pad(o, '0', sp->width - total);
    while (n)
        emit(o, buf[--n]);
    if (sp->left && sp->width > total)
        pad(o, ' ', sp->width - total);
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case 1:
        return va_arg(*ap, unsigned long);
    case 2:
        return va_arg(*ap, unsigned long long);
    case 3:
        return va_arg(*ap, size_t);
    case 4:
        return (unsigned short)va_arg(*ap, unsigned int);
    default:
        return va_arg(*ap, unsigned int);
    }
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case 1:
        return va_arg(*ap, long);
    case 2:
        return va_arg(*ap, long long);
    case 3:
        return (int64_t)va_arg(*ap, size_t);
    case 4:
        return (short)va_arg(*ap, int);
    default:
        return va_arg(*ap, int);
    }
}

/* Parses flags, width and length after '%'; returns the conversion char. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){0};
    for (;; f++) {
        if (*f == '-')
            sp->left = true;
        else if (*f == '0')
            sp->zero = true;
        else
            break;
    }
    if (*f == '*') {
        int w = va_arg(*ap, int);
        if (w < 0) {
            sp->left = true;
            w = -w;
        }
        sp->width = (unsigned)w;
        f++;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (unsigned)(*f++ - '0');
    if (*f == 'l') {
        sp->len = 1;
        if (*++f == 'l') {
            sp->len = 2;
            f++;
        }
    } else if (*f == 'z') {
        sp->len = 3;
        f++;
    } else if (*f == 'h') {
        sp->len = 4;
        f++;
    }
    return f;
}

static void convert(struct sink *o, const struct spec *sp, char c, va_list *ap)
{
    int64_t sv;

    switch (c) {
    case 's':
        emit_str(o, sp, va_arg(*ap, const char *));
        break;
    case 'c': {
        char s[2] = {(char)va_arg(*ap, int), 0};
        emit_str(o, sp, s);
        break;
    }
    case 'd':
    case 'i':
        sv = arg_signed(sp, ap);
        emit_num(o, sp, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10, sv < 0, NULL, false);
        break;
    case 'u':
        emit_num(o, sp, arg_unsigned(sp, ap), 10, false, NULL, false);
        break;
    case 'x':
    case 'X':
        emit_num(o, sp, arg_unsigned(sp, ap), 16, false, NULL, c == 'X');
        break;
    case 'p':
        emit_num(o, sp, (uintptr_t)va_arg(*ap, void *), 16, false, "0x", false);
        break;
    case '%':
        emit(o, '%');
        break;
    default: /* unknown conversion: show it rather than guess an argument */
        emit(o, '%');
        if (c)
            emit(o, c);
        break;
    }
}

int rt_vformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
{
    struct sink o = {put, ctx, 0};
    struct spec sp;
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            emit(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, &args);
        convert(&o, &sp, *fmt, &args);
        if (*fmt)
            fmt++;
    }
    va_end(args);
    return o.count;
}

struct buf {
    char *p;
    size_t size;
    size_t used;
};

static void buf_put(void *ctx, char c)
{
    struct buf *b = ctx;

    if (b->used + 1 < b->size)
        b->p[b->used] = c;
    b->used++;
}

int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf b = {buf, size, 0};
    int n = rt_vformat(buf_put, &b, fmt, ap);

    if (size)
        buf[b.used < size ? b.used : size - 1] = 0;
    return n;
}

int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = rt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
