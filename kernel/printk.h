// Formatted output for the kernel: a small printf subset.
//
// Conversions: %d %i %u %x %X %p %s %c %%, length modifiers l, ll, z,
// flags '0', '-' and '#', and a field width. Unknown conversions print as-is.
#pragma once

#include <stdarg.h>
#include <stddef.h>

// Formats into buf (always terminated when size > 0); returns the length the
// full output would have had.
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

// Formats through out(c, ctx) one character at a time; returns the count.
int kformat(void (*out)(char c, void *ctx), void *ctx, const char *fmt, va_list ap);
