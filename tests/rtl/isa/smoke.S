/* smoke.S: a handful of basic instructions; the first program to run. */
#include "test.h"
TEST_BEGIN
    li a0, 5
    addi a1, a0, 7
    CHECK(1, a1, 12)
    la a2, buf
    sd a1, 0(a2)
    ld a3, 0(a2)
    CHECK(2, a3, 12)
    j pass
TEST_END
    .data
buf: .dword 0
