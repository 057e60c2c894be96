/* rv64m.S: RV64M multiply/divide, including the *W forms and the
 * divide-by-zero and signed-overflow special cases. */
#include "test.h"
    .option norvc
TEST_BEGIN
    li a0, 0x0123456789abcdef
    li a1, -7
    li a2, 0xfedcba9876543210
    mul a3, a0, a1
    CHECK(1, a3, 0xf8091a2b3c4d5e77)
    mulh a3, a0, a1
    CHECK(2, a3, -1)
    mulhu a3, a0, a2
    CHECK(3, a3, 0x0121fa00ad77d742)
    mulhsu a3, a1, a0
    CHECK(4, a3, -1)
    mulh a3, a2, a2
    CHECK(5, a3, 0x00014b66dc33f6ac)
    mulhsu a3, a2, a2
    CHECK(6, a3, 0xfede05ff528828bc)
    mulw a3, a0, a1
    CHECK(7, a3, 0x3c4d5e77)
    li a4, 100
    li a5, -7
    div a3, a4, a5
    CHECK(8, a3, -14)
    rem a3, a4, a5
    CHECK(9, a3, 2)
    div a3, a5, a4
    CHECK(10, a3, 0)
    rem a3, a5, a4
    CHECK(11, a3, -7)
    divu a3, a5, a4
    CHECK(12, a3, 0x028f5c28f5c28f5c)
    remu a3, a5, a4
    CHECK(13, a3, 9)
    div a3, a4, zero
    CHECK(14, a3, -1)
    rem a3, a4, zero
    CHECK(15, a3, 100)
    divu a3, a4, zero
    CHECK(16, a3, -1)
    remu a3, a5, zero
    CHECK(17, a3, -7)
    li a6, 0x8000000000000000
    li a7, -1
    div a3, a6, a7
    CHECK(18, a3, 0x8000000000000000)
    rem a3, a6, a7
    CHECK(19, a3, 0)
    divw a3, a5, a4
    CHECK(20, a3, 0)
    li a6, 0xffffffff80000000
    divw a3, a6, a7
    CHECK(21, a3, 0xffffffff80000000)
    remw a3, a6, a7
    CHECK(22, a3, 0)
    divuw a3, a5, a4
    CHECK(23, a3, 42949672)
    remuw a3, a5, a4
    CHECK(24, a3, 89)
    divw a3, a4, zero
    CHECK(25, a3, -1)
    remw a3, a5, zero
    CHECK(26, a3, -7)
    li a6, 0x1234567800000064
    divuw a3, a6, a5
    CHECK(27, a3, 0)
    remuw a3, a6, a5
    CHECK(28, a3, 100)
    mul a3, zero, a2
    CHECK(29, a3, 0)
    mulhu a3, a7, a7
    CHECK(30, a3, -2)
    j pass
TEST_END
