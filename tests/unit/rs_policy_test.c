// Unit tests for RS's restart policy (servers/rs/policy.c).
#define UTEST_SUITE "rs_policy"
#include "utest.h"

#include "policy.h"

static void
test_first_crash_restarts_at_once(void)
{
    CHECK_EQ(rs_backoff_next(0, false, 0), 0);
    CHECK_EQ(rs_backoff_next(32, false, 5), 0);
}

static void
test_quick_crashes_double_up_to_the_cap(void)
{
    uint32_t b = 0;
    uint32_t want[] = {2, 4, 8, 16, 32, 64, 64, 64};

    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        b = rs_backoff_next(b, true, 10);
        CHECK_EQ(b, want[i]);
    }
}

static void
test_backoff_decays_once_stable(void)
{
    CHECK_EQ(rs_backoff_next(64, true, RS_STABLE_TICKS), 0);
    CHECK_EQ(rs_backoff_next(64, true, RS_STABLE_TICKS - 1), 64);
    CHECK_EQ(rs_backoff_next(0, true, RS_STABLE_TICKS + 1000), 0);
}

static void
test_core_services(void)
{
    CHECK(rs_is_core("rs") && rs_is_core("ds") && rs_is_core("pm") && rs_is_core("vm"));
    CHECK(!rs_is_core("hello") && !rs_is_core("") && !rs_is_core("rss") && !rs_is_core("d"));
    // refresh: refused where a restart loses state; DS keeps its store
    CHECK(rs_loses_state("pm") && rs_loses_state("vm") && rs_loses_state("rs"));
    CHECK(!rs_loses_state("ds") && !rs_loses_state("hello") && !rs_loses_state("vmm"));
}

int
main(void)
{
    UTEST_RUN(test_first_crash_restarts_at_once);
    UTEST_RUN(test_quick_crashes_double_up_to_the_cap);
    UTEST_RUN(test_backoff_decays_once_stable);
    UTEST_RUN(test_core_services);
    return utest_finish();
}
