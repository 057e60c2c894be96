// Unit tests for the kernel's formatter (kernel/printk.c), compared with
// the expected strings (not with the host printf, whose %p differs).
#define UTEST_SUITE "printk"
#include "utest.h"

#include <string.h>

#include "printk.h"

static int
same(const char *want, const char *got)
{
    if (strcmp(want, got) != 0) {
        fprintf(stderr, "want '%s' got '%s'\n", want, got);
        return 0;
    }
    return 1;
}

static void
test_integers(void)
{
    char b[64];
    ksnprintf(b, sizeof(b), "%d %i %u", -42, 7, 4000000000u);
    CHECK(same("-42 7 4000000000", b));
    ksnprintf(b, sizeof(b), "%ld %llu", -9000000000l, 18446744073709551615ull);
    CHECK(same("-9000000000 18446744073709551615", b));
    ksnprintf(b, sizeof(b), "%lld", (long long)INT64_MIN);
    CHECK(same("-9223372036854775808", b));
    ksnprintf(b, sizeof(b), "%zu", (size_t)123);
    CHECK(same("123", b));
}

static void
test_hex_and_padding(void)
{
    char b[64];
    ksnprintf(b, sizeof(b), "%x %X %016lx", 0xbeefu, 0xbeefu, 0x80200000ul);
    CHECK(same("beef BEEF 0000000080200000", b));
    ksnprintf(b, sizeof(b), "[%5d][%-5d][%05d]", 42, 42, -42);
    CHECK(same("[   42][42   ][-0042]", b));
    ksnprintf(b, sizeof(b), "[%-6s][%6s]", "ab", "cd");
    CHECK(same("[ab    ][    cd]", b));
    ksnprintf(b, sizeof(b), "%#lx %#x %#010x", 0x80000000ul, 0u, 0xabu);
    CHECK(same("0x80000000 0x0 0x000000ab", b));
    ksnprintf(b, sizeof(b), "%p", (void *)0x1000);
    CHECK(same("0x1000", b));
}

// No format attribute here: these cases are deliberately odd.
static void
unchecked(char *b, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(b, size, fmt, ap);
    va_end(ap);
}

static void
test_strings_chars_percent(void)
{
    char b[64];
    unchecked(b, sizeof(b), "%s|%c|%%|%s", "hi", 'x', (const char *)NULL);
    CHECK(same("hi|x|%|(null)", b));
    unchecked(b, sizeof(b), "%q %");
    CHECK(same("%q %", b));
}

static void
test_truncation_reports_full_length(void)
{
    char b[8];
    int n = ksnprintf(b, sizeof(b), "hello world");
    CHECK_EQ(n, 11);
    CHECK(same("hello w", b));
    n = ksnprintf(b, 0, "abc");
    CHECK_EQ(n, 3);
}

int
main(void)
{
    UTEST_RUN(test_integers);
    UTEST_RUN(test_hex_and_padding);
    UTEST_RUN(test_strings_chars_percent);
    UTEST_RUN(test_truncation_reports_full_length);
    return utest_finish();
}
