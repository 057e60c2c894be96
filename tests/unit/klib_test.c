// Unit tests for the kernel's copy routines (kernel/klib.c), built into this
// file under klib_* names so that the host C library keeps its own: every
// source and destination alignment and many lengths against a byte-by-byte
// reference. Buffers are allocated to the exact size, so ASan reports any
// access past the source's end or the destination's.
#define UTEST_SUITE "klib"
#include "utest.h"

#include <stdbool.h>
#include <string.h>

#define memcpy klib_memcpy
#define memmove klib_memmove
#define memset klib_memset
#define page_zero klib_page_zero
#define memcmp klib_memcmp
#define strlen klib_strlen
#define strnlen klib_strnlen
#define strcmp klib_strcmp
#define strncmp klib_strncmp
#include "klib.c"
#undef memcpy
#undef memmove
#undef memset
#undef page_zero
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp

enum { MAX_OFF = 16, GUARD = 16, FILL = 0xa5 };

static const size_t long_lens[] = {255, 256, 257, 1000, 4095, 4096, 4097, 4100};

// A byte pattern with no period of 8, so a word from the wrong place shows.
static void
pattern(unsigned char *p, size_t n, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char)(x >> 16);
    }
}

// Copies len bytes from offset soff of an exact-size source to offset doff
// of a destination with guard bytes after it; true if the copy and the
// untouched bytes around it are right.
static bool
copy_ok(size_t soff, size_t doff, size_t len)
{
    unsigned char *src = malloc(soff + len > 0 ? soff + len : 1);
    unsigned char *dst = malloc(doff + len + GUARD);
    bool ok = src != NULL && dst != NULL;

    if (ok) {
        pattern(src, soff + len, (unsigned)(soff * 131 + doff * 7 + len));
        memset(dst, FILL, doff + len + GUARD);
        ok = klib_memcpy(dst + doff, src + soff, len) == dst + doff &&
             memcmp(dst + doff, src + soff, len) == 0;
        for (size_t i = 0; i < doff; i++) {
            ok = ok && dst[i] == FILL;
        }
        for (size_t i = doff + len; i < doff + len + GUARD; i++) {
            ok = ok && dst[i] == FILL;
        }
    }
    free(src);
    free(dst);
    return ok;
}

static void
report(const char *what, size_t soff, size_t doff, size_t len)
{
    fprintf(stderr, "%s wrong: src offset %zu, dst offset %zu, length %zu\n", what, soff, doff,
            len);
}

static void
test_memcpy_every_alignment_short(void)
{
    unsigned bad = 0;
    for (size_t soff = 0; soff < MAX_OFF; soff++) {
        for (size_t doff = 0; doff < MAX_OFF; doff++) {
            for (size_t len = 0; len <= 160; len++) {
                if (!copy_ok(soff, doff, len) && bad++ == 0) {
                    report("memcpy", soff, doff, len);
                }
            }
        }
    }
    CHECK_EQ(bad, 0);
}

static void
test_memcpy_every_alignment_long(void)
{
    unsigned bad = 0;
    for (size_t soff = 0; soff < MAX_OFF; soff++) {
        for (size_t doff = 0; doff < MAX_OFF; doff++) {
            for (size_t j = 0; j < sizeof(long_lens) / sizeof(long_lens[0]); j++) {
                if (!copy_ok(soff, doff, long_lens[j]) && bad++ == 0) {
                    report("memcpy", soff, doff, long_lens[j]);
                }
            }
        }
    }
    CHECK_EQ(bad, 0);
}

// The source exactly at the start of its allocation: the copy reads
// nothing before it (ASan), whatever the destination's alignment.
static void
test_memcpy_source_at_allocation_edges(void)
{
    unsigned bad = 0;
    for (size_t len = 0; len <= 70; len++) {
        for (size_t doff = 0; doff < MAX_OFF; doff++) {
            unsigned char *src = malloc(len > 0 ? len : 1), *dst = malloc(doff + len > 0 ? doff + len : 1);
            pattern(src, len, (unsigned)len);
            klib_memcpy(dst + doff, src, len);
            if (memcmp(dst + doff, src, len) != 0 && bad++ == 0) {
                report("memcpy", 0, doff, len);
            }
            free(src);
            free(dst);
        }
    }
    CHECK_EQ(bad, 0);
}

// memmove against a copy through a separate buffer, for every pair of
// offsets in a small window (overlapping both ways, and not at all).
static void
test_memmove_overlaps(void)
{
    enum { WIN = 24, SPAN = 300 };
    static const size_t lens[] = {0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 257};
    unsigned char buf[WIN + SPAN + GUARD], want[sizeof(buf)], tmp[SPAN];
    unsigned bad = 0;

    for (size_t soff = 0; soff < WIN; soff++) {
        for (size_t doff = 0; doff < WIN; doff++) {
            for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
                size_t len = lens[j];
                pattern(buf, sizeof(buf), (unsigned)(soff + 31 * doff + len));
                memcpy(want, buf, sizeof(buf));
                memcpy(tmp, want + soff, len);
                memcpy(want + doff, tmp, len);
                if ((klib_memmove(buf + doff, buf + soff, len) != buf + doff ||
                     memcmp(buf, want, sizeof(buf)) != 0) &&
                    bad++ == 0) {
                    report("memmove", soff, doff, len);
                }
            }
        }
    }
    CHECK_EQ(bad, 0);
}

int
main(void)
{
    UTEST_RUN(test_memcpy_every_alignment_short);
    UTEST_RUN(test_memcpy_every_alignment_long);
    UTEST_RUN(test_memcpy_source_at_allocation_edges);
    UTEST_RUN(test_memmove_overlaps);
    return utest_finish();
}
