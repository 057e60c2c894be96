// The kernel's printf core, shared by kprintf (console) and ksnprintf
// (buffers). Portable and unit-tested on the host.
#include "printk.h"

#include <stdbool.h>
#include <stdint.h>

struct spec {
    bool left;     // '-' flag
    bool zero;     // '0' flag
    bool alt;      // '#' flag: 0x prefix for %x
    int width;
    int longness;  // 0 = int, 1 = long, 2 = long long, 3 = size_t
};

struct sink {
    void (*out)(char c, void *ctx);
    void *ctx;
    int count;
};

static void
put(struct sink *s, char c)
{
    s->out(c, s->ctx);
    s->count++;
}

static void
pad(struct sink *s, int n, char c)
{
    while (n-- > 0) {
        put(s, c);
    }
}

static void
emit_str(struct sink *s, const struct spec *sp, const char *str)
{
    int len = 0;

    if (str == NULL) {
        str = "(null)";
    }
    while (str[len] != '\0') {
        len++;
    }
    if (!sp->left) {
        pad(s, sp->width - len, ' ');
    }
    for (int i = 0; i < len; i++) {
        put(s, str[i]);
    }
    if (sp->left) {
        pad(s, sp->width - len, ' ');
    }
}

static void
emit_num(struct sink *s, const struct spec *sp, uint64_t v, bool neg, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    int len = n + (neg ? 1 : 0);
    if (!sp->left && !sp->zero) {
        pad(s, sp->width - len, ' ');
    }
    if (neg) {
        put(s, '-');
    }
    if (!sp->left && sp->zero) {
        pad(s, sp->width - len, '0');
    }
    while (n > 0) {
        put(s, tmp[--n]);
    }
    if (sp->left) {
        pad(s, sp->width - len, ' ');
    }
}

static const char *
parse_spec(const char *f, struct spec *sp)
{
    *sp = (struct spec){0};
    for (;; f++) {
        if (*f == '-') {
            sp->left = true;
        } else if (*f == '0') {
            sp->zero = true;
        } else if (*f == '#') {
            sp->alt = true;
        } else {
            break;
        }
    }
    while (*f >= '0' && *f <= '9') {
        sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == 'z') {
        sp->longness = 3;
        f++;
    }
    while (*f == 'l' && sp->longness < 2) {
        sp->longness++;
        f++;
    }
    return f;
}

static uint64_t
arg_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->longness) {
    case 0:
        return va_arg(*ap, unsigned int);
    case 1:
        return va_arg(*ap, unsigned long);
    case 3:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned long long);
    }
}

static int64_t
arg_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->longness) {
    case 0:
        return va_arg(*ap, int);
    case 1:
        return va_arg(*ap, long);
    case 3:
        return (int64_t)va_arg(*ap, size_t);
    default:
        return va_arg(*ap, long long);
    }
}

// Handles one conversion character c; returns false if c is unknown.
static bool
convert(struct sink *s, struct spec *sp, char c, va_list *ap)
{
    switch (c) {
    case 'd':
    case 'i': {
        int64_t v = arg_signed(sp, ap);
        emit_num(s, sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, false);
        return true;
    }
    case 'u':
        emit_num(s, sp, arg_unsigned(sp, ap), false, 10, false);
        return true;
    case 'x':
    case 'X':
        if (sp->alt) {
            put(s, '0');
            put(s, c);
            sp->width -= 2;
        }
        emit_num(s, sp, arg_unsigned(sp, ap), false, 16, c == 'X');
        return true;
    case 'p':
        put(s, '0');
        put(s, 'x');
        emit_num(s, sp, (uint64_t)(uintptr_t)va_arg(*ap, void *), false, 16, false);
        return true;
    case 's':
        emit_str(s, sp, va_arg(*ap, const char *));
        return true;
    case 'c':
        put(s, (char)va_arg(*ap, int));
        return true;
    case '%':
        put(s, '%');
        return true;
    default:
        return false;
    }
}

int
kformat(void (*out)(char c, void *ctx), void *ctx, const char *fmt, va_list ap)
{
    struct sink s = {out, ctx, 0};
    struct spec sp;
    va_list args;

    va_copy(args, ap);
    while (*fmt != '\0') {
        if (*fmt != '%') {
            put(&s, *fmt++);
            continue;
        }
        const char *start = fmt++;
        fmt = parse_spec(fmt, &sp);
        if (*fmt == '\0' || !convert(&s, &sp, *fmt, &args)) {
            while (start < fmt) {
                put(&s, *start++); // unknown conversion: print it verbatim
            }
            continue;
        }
        fmt++;
    }
    va_end(args);
    return s.count;
}

struct buf_ctx {
    char *buf;
    size_t size;
    size_t pos;
};

static void
buf_out(char c, void *ctx)
{
    struct buf_ctx *b = ctx;
    if (b->pos + 1 < b->size) {
        b->buf[b->pos] = c;
    }
    b->pos++;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_ctx b = {buf, size, 0};
    int n = kformat(buf_out, &b, fmt, ap);

    if (size > 0) {
        buf[b.pos < size ? b.pos : size - 1] = '\0';
    }
    return n;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
