// Freestanding implementations of the string routines declared in klib.h
// (target build only; GCC may also emit calls to memcpy/memset itself).
#include "klib.h"

#include <stdint.h>

void *
memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
        size_t i = 0;
        // Whole 64-byte blocks (safecopy pages, above all): 8 words a turn.
        for (; i + 64 <= n; i += 64) {
            const uint64_t *sw = (const uint64_t *)(s + i);
            uint64_t *dw = (uint64_t *)(d + i);
            uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
            uint64_t f = sw[4], g = sw[5], h = sw[6], k = sw[7];
            dw[0] = a, dw[1] = b, dw[2] = c, dw[3] = e;
            dw[4] = f, dw[5] = g, dw[6] = h, dw[7] = k;
        }
        for (; i < n; i += 8) {
            *(uint64_t *)(d + i) = *(const uint64_t *)(s + i);
        }
        return dst;
    }
    for (size_t i = 0; i < n; i++) {
        d[i] = s[i];
    }
    return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d < s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    while (n-- > 0) {
        d[n] = s[n];
    }
    return dst;
}

void
page_zero(void *page)
{
    // 64 stores a turn: the loop costs 8 turns' worth of branches per page.
#define ZERO8(w, i) (w[i] = w[i + 1] = w[i + 2] = w[i + 3] = w[i + 4] = w[i + 5] = w[i + 6] = \
                         w[i + 7] = 0)
    for (uint64_t *w = page, *end = w + 512; w < end; w += 64) {
        ZERO8(w, 0), ZERO8(w, 8), ZERO8(w, 16), ZERO8(w, 24);
        ZERO8(w, 32), ZERO8(w, 40), ZERO8(w, 48), ZERO8(w, 56);
    }
#undef ZERO8
}

void *
memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    if (c == 0 && (((uintptr_t)d | n) & 127) == 0) {
        // Whole aligned 128-byte blocks (pages, above all): 16 stores a turn.
        for (uint64_t *w = (uint64_t *)(void *)d, *end = w + n / 8; w < end; w += 16) {
            w[0] = w[1] = w[2] = w[3] = w[4] = w[5] = w[6] = w[7] = 0;
            w[8] = w[9] = w[10] = w[11] = w[12] = w[13] = w[14] = w[15] = 0;
        }
        return dst;
    }
    if (c == 0 && (((uintptr_t)d | n) & 7) == 0) {
        for (size_t i = 0; i < n; i += 8) {
            *(uint64_t *)(d + i) = 0;
        }
        return dst;
    }
    for (size_t i = 0; i < n; i++) {
        d[i] = (unsigned char)c;
    }
    return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return x[i] - y[i];
        }
    }
    return 0;
}

size_t
strlen(const char *s)
{
    size_t n = 0;

    while (s[n] != '\0') {
        n++;
    }
    return n;
}

size_t
strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n] != '\0') {
        n++;
    }
    return n;
}

int
strcmp(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || a[i] == '\0') {
            return (unsigned char)a[i] - (unsigned char)b[i];
        }
    }
    return 0;
}
