// Unit tests for scause decoding (arch/riscv/trapcause.c).
#define UTEST_SUITE "trapcause"
#include "utest.h"

#include <string.h>

#include "trapcause.h"

static void
test_exception_names(void)
{
    CHECK(strcmp(trap_cause_name(2), "illegal instruction") == 0);
    CHECK(strcmp(trap_cause_name(13), "load page fault") == 0);
    CHECK(strcmp(trap_cause_name(15), "store/AMO page fault") == 0);
    CHECK(strcmp(trap_cause_name(8), "environment call from U-mode") == 0);
}

static void
test_interrupt_names(void)
{
    CHECK(strcmp(trap_cause_name(SCAUSE_INTERRUPT | 5), "supervisor timer interrupt") == 0);
    CHECK(strcmp(trap_cause_name(SCAUSE_INTERRUPT | 9), "supervisor external interrupt") == 0);
    // interrupt 13 is not exception 13
    CHECK(strcmp(trap_cause_name(SCAUSE_INTERRUPT | 13), "unknown interrupt") == 0);
}

static void
test_reserved_codes_are_unknown(void)
{
    CHECK(strcmp(trap_cause_name(10), "unknown exception") == 0);
    CHECK(strcmp(trap_cause_name(14), "unknown exception") == 0);
    CHECK(strcmp(trap_cause_name(63), "unknown exception") == 0);
    CHECK(strcmp(trap_cause_name(0x7fffffffffffffffull), "unknown exception") == 0);
    CHECK(strcmp(trap_cause_name(~0ull), "unknown interrupt") == 0);
    CHECK_EQ(trap_classify(10), TRAP_UNKNOWN);
    CHECK_EQ(trap_classify(SCAUSE_INTERRUPT | 3), TRAP_UNKNOWN);
}

static void
test_classification(void)
{
    CHECK_EQ(trap_classify(SCAUSE_INTERRUPT | 5), TRAP_TIMER);
    CHECK_EQ(trap_classify(SCAUSE_INTERRUPT | 9), TRAP_EXTERNAL);
    CHECK_EQ(trap_classify(SCAUSE_INTERRUPT | 1), TRAP_SOFTWARE);
    CHECK_EQ(trap_classify(8), TRAP_SYSCALL);
    CHECK_EQ(trap_classify(9), TRAP_UNKNOWN); // S-mode ecall never reaches us
    CHECK_EQ(trap_classify(12), TRAP_PAGE_FAULT);
    CHECK_EQ(trap_classify(13), TRAP_PAGE_FAULT);
    CHECK_EQ(trap_classify(15), TRAP_PAGE_FAULT);
    CHECK_EQ(trap_classify(5), TRAP_ACCESS);
    CHECK_EQ(trap_classify(2), TRAP_ILLEGAL);
    CHECK_EQ(trap_classify(6), TRAP_MISALIGNED);
    CHECK_EQ(trap_classify(3), TRAP_BREAKPOINT);
}

static void
test_access_types(void)
{
    CHECK_EQ(trap_access_type(12), ACCESS_EXEC);
    CHECK_EQ(trap_access_type(13), ACCESS_READ);
    CHECK_EQ(trap_access_type(15), ACCESS_WRITE);
    CHECK_EQ(trap_access_type(7), ACCESS_WRITE);
    CHECK_EQ(trap_access_type(2), ACCESS_NONE);
    CHECK_EQ(trap_access_type(SCAUSE_INTERRUPT | 13), ACCESS_NONE);
}

int
main(void)
{
    UTEST_RUN(test_exception_names);
    UTEST_RUN(test_interrupt_names);
    UTEST_RUN(test_reserved_codes_are_unknown);
    UTEST_RUN(test_classification);
    UTEST_RUN(test_access_types);
    return utest_finish();
}
