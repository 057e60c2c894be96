// Freestanding implementations of the string routines declared in klib.h
// (target build only; GCC may also emit calls to memcpy/memset itself).
#include "klib.h"

#include <stdint.h>

// Words moved by the copies; may_alias: they read and write any object.
typedef uint64_t __attribute__((may_alias)) kword;
enum { WB = sizeof(kword) };

// One destination word from two neighbouring aligned source words, the
// source running sh bits (8 to 56) past the first word's start.
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MERGE(lo, hi, sh) ((lo) >> (sh) | (hi) << (64 - (sh)))
#else
#define MERGE(lo, hi, sh) ((lo) << (sh) | (hi) >> (64 - (sh)))
#endif

// Inlined everywhere: a call would make memcpy keep a frame.
#define KLIB_INLINE static inline __attribute__((always_inline))

KLIB_INLINE void
copy_bytes(unsigned char *d, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        d[i] = s[i];
    }
}

// Both 8-aligned: copies the whole words of n, returns how many bytes.
KLIB_INLINE size_t
copy_words(unsigned char *d, const unsigned char *s, size_t n)
{
    kword *dw = (kword *)(void *)d, *end = dw + n / WB;
    const kword *sw = (const kword *)(const void *)s;
    // Whole 64-byte blocks (safecopy pages, above all): 8 words a turn.
    for (; end - dw >= 8; dw += 8, sw += 8) {
        kword a = sw[0], b = sw[1], c = sw[2], e = sw[3];
        dw[0] = a, dw[1] = b, dw[2] = c, dw[3] = e;
        a = sw[4], b = sw[5], c = sw[6], e = sw[7];
        dw[4] = a, dw[5] = b, dw[6] = c, dw[7] = e;
    }
    for (; dw < end; dw++, sw++) {
        *dw = *sw;
    }
    return n & ~(size_t)(WB - 1);
}

// d 8-aligned, s not: every store is a whole word built from two aligned
// loads. Only bytes inside [s, s+n) are read (the first, partial word
// byte by byte). Returns how many bytes it copied (a multiple of 8).
static size_t
copy_shifted(kword *d, const unsigned char *s, size_t n)
{
    size_t k = (uintptr_t)s & (WB - 1);
    if (n < 2 * WB) {
        return 0;
    }
    const kword *sw = (const kword *)(const void *)(s - k);
    // sw[1..nw] lie wholly inside the source; dst word i takes from sw[i], sw[i+1].
    size_t nw = (n + k - WB) / WB, i = 0;
    unsigned sh = (unsigned)(8 * k);
    kword lo = 0;
    copy_bytes((unsigned char *)&lo + k, s, WB - k);
    for (; i + 4 <= nw; i += 4) {
        kword a = sw[i + 1], b = sw[i + 2], c = sw[i + 3], e = sw[i + 4];
        d[i] = MERGE(lo, a, sh), d[i + 1] = MERGE(a, b, sh);
        d[i + 2] = MERGE(b, c, sh), d[i + 3] = MERGE(c, e, sh);
        lo = e;
    }
    for (; i < nw; i++) {
        kword a = sw[i + 1];
        d[i] = MERGE(lo, a, sh);
        lo = a;
    }
    return nw * WB;
}

// Not both 8-aligned, n >= 16: bytes up to an 8-aligned destination,
// then whole-word stores (plain words when the source is aligned too,
// merged pairs when it is not: misaligned accesses trap on some cores),
// then the last bytes. Out of line, so that its registers do not make
// every aligned memcpy save and restore some.
static __attribute__((noinline)) void *
copy_misaligned(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    size_t head = -(uintptr_t)d & (WB - 1), done;

    copy_bytes(d, s, head);
    d += head, s += head, n -= head;
    if (((uintptr_t)s & (WB - 1)) == 0) {
        done = copy_words(d, s, n);
    } else {
        done = copy_shifted((kword *)(void *)d, s, n);
    }
    copy_bytes(d + done, s + done, n - done);
    return dst;
}

void *
memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d | (uintptr_t)s) & (WB - 1)) == 0) {
        size_t done = copy_words(d, s, n);
        copy_bytes(d + done, s + done, n - done);
        return dst;
    }
    if (n >= 2 * WB) {
        return copy_misaligned(dst, src, n);
    }
    copy_bytes(d, s, n);
    return dst;
}

// Overlapping with dst above src: copies from the end, a word at a time
// when the two are mutually 8-aligned.
void *
memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    if ((((uintptr_t)d ^ (uintptr_t)s) & (WB - 1)) == 0) {
        while (n > 0 && ((uintptr_t)(d + n) & (WB - 1)) != 0) {
            n--;
            d[n] = s[n];
        }
        for (; n >= WB; n -= WB) {
            *(kword *)(void *)(d + n - WB) = *(const kword *)(const void *)(s + n - WB);
        }
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
