/* misaligned.S: misaligned loads, stores and AMOs trap (cause 4/6) with
 * mtval = the address, and do not change memory or the destination. */
#include "test.h"
    .option norvc
TEST_BEGIN
    la t0, m_handler
    csrw mtvec, t0
    li s8, 0
    la s0, buf
    addi s1, s0, 1
    li a0, 77
    li s10, 0
    lh a0, 0(s1)
    CHECK(1, s10, 4)
    CHECKR(2, s11, s1)
    CHECK(3, a0, 77)
    li s10, 0
    lw a0, 2(s0)
    CHECK(4, s10, 4)
    li s10, 0
    ld a0, 4(s0)
    CHECK(5, s10, 4)
    li s10, 0
    li a1, -1
    sd a1, 0(s1)
    CHECK(6, s10, 6)
    CHECKR(7, s11, s1)
    ld a2, 0(s0)
    CHECK(8, a2, 0)
    li s10, 0
    sw a1, 2(s0)
    CHECK(9, s10, 6)
    li s10, 0
    sh a1, 1(s0)
    CHECK(10, s10, 6)
    li s10, 0
    amoadd.w a2, a1, (s1)
    CHECK(11, s10, 6)
    li s10, 0
    lr.d a2, (s1)
    CHECK(12, s10, 4)
    ld a2, 0(s0)
    CHECK(13, a2, 0)
    lb a2, 1(s0)                    /* byte accesses are never misaligned */
    CHECK(14, a2, 0)
    j pass
    M_HANDLER
TEST_END
    .data
    .balign 16
buf: .dword 0, 0
