// Unit tests for the kernel command-line parser (kernel/bootargs.c).
#define UTEST_SUITE "bootargs"
#include "utest.h"

#include <string.h>

#include "bootargs.h"

static void
test_values_and_flags(void)
{
    char v[16];
    const char *args = "  console=ttyS0 quiet test=boot,timer  hz=100";
    CHECK(bootargs_get(args, "test", v, sizeof(v)) && strcmp(v, "boot,timer") == 0);
    CHECK(bootargs_get(args, "console", v, sizeof(v)) && strcmp(v, "ttyS0") == 0);
    CHECK(bootargs_get(args, "quiet", v, sizeof(v)) && strcmp(v, "") == 0);
    CHECK(bootargs_has(args, "quiet"));
    CHECK(!bootargs_has(args, "qui"));      // whole words only
    CHECK(!bootargs_has(args, "ttyS0"));    // values are not keys
    CHECK(!bootargs_has(args, ""));
    CHECK(!bootargs_get("", "test", v, sizeof(v)));
}

static void
test_value_truncated_to_buffer(void)
{
    char v[4];
    CHECK(bootargs_get("k=abcdefgh", "k", v, sizeof(v)));
    CHECK(strcmp(v, "abc") == 0);
}

static void
test_numbers(void)
{
    unsigned long long n = 0;
    CHECK(bootargs_get_u64("hz=250", "hz", &n) && n == 250);
    CHECK(bootargs_get_u64("a=0x1F", "a", &n) && n == 0x1f);
    CHECK(!bootargs_get_u64("hz=25x", "hz", &n));
    CHECK(!bootargs_get_u64("hz=", "hz", &n));
    CHECK(!bootargs_get_u64("hz", "hz", &n));
    CHECK(!bootargs_get_u64("hz=0x", "hz", &n));
    CHECK(!bootargs_get_u64("n=18446744073709551616", "n", &n)); // 2^64
    CHECK(bootargs_get_u64("n=18446744073709551615", "n", &n) && n == ~0ull);
}

int
main(void)
{
    UTEST_RUN(test_values_and_flags);
    UTEST_RUN(test_value_truncated_to_buffer);
    UTEST_RUN(test_numbers);
    return utest_finish();
}
