/* rv64i.S: RV64I base instructions: ALU (register and immediate, 64 and
 * 32-bit forms), shifts, compares, LUI/AUIPC, branches, JAL/JALR, and all
 * load/store widths with sign/zero extension. */
#include "test.h"
    .option norvc
TEST_BEGIN
    li a0, 0x0123456789abcdef
    li a1, -3
    add a2, a0, a1
    CHECK(1, a2, 0x0123456789abcdec)
    sub a2, a1, a0
    CHECK(2, a2, 0xfedcba987654320e)
    addi a2, a1, -2047
    CHECK(3, a2, -2050)
    and a2, a0, a1
    CHECK(4, a2, 0x0123456789abcded)
    or a2, a0, a1
    CHECK(5, a2, -1)
    xor a2, a0, a1
    CHECK(6, a2, 0xfedcba9876543212)
    andi a2, a0, 0x7f0
    CHECK(7, a2, 0x5e0)
    ori a2, a0, -256
    CHECK(8, a2, 0xffffffffffffffef)
    xori a2, a0, -1
    CHECK(9, a2, 0xfedcba9876543210)
    slt a2, a1, a0
    CHECK(10, a2, 1)
    sltu a2, a1, a0
    CHECK(11, a2, 0)
    slti a2, a1, -2
    CHECK(12, a2, 1)
    sltiu a2, a0, -1
    CHECK(13, a2, 1)
    li a3, 68
    sll a2, a0, a3
    CHECK(14, a2, 0x123456789abcdef0)
    srl a2, a1, a3
    CHECK(15, a2, 0x0fffffffffffffff)
    sra a2, a1, a3
    CHECK(16, a2, -1)
    slli a2, a0, 63
    CHECK(17, a2, 0x8000000000000000)
    srli a2, a0, 60
    CHECK(18, a2, 0)
    srai a2, a1, 1
    CHECK(19, a2, -2)
    /* 32-bit forms */
    li a4, 0x7fffffff
    addiw a2, a4, 1
    CHECK(20, a2, 0xffffffff80000000)
    addw a2, a4, a4
    CHECK(21, a2, -2)
    subw a2, zero, a4
    CHECK(22, a2, 0xffffffff80000001)
    li a3, 33
    sllw a2, a4, a3
    CHECK(23, a2, -2)
    srlw a2, a1, a3
    CHECK(24, a2, 0x7ffffffe)
    sraw a2, a1, a3
    CHECK(25, a2, -2)
    slliw a2, a0, 4
    CHECK(26, a2, 0xffffffff9abcdef0)
    srliw a2, a0, 28
    CHECK(27, a2, 8)
    sraiw a2, a0, 28
    CHECK(28, a2, -8)
    /* LUI / AUIPC */
    lui a2, 0x80000
    CHECK(29, a2, 0xffffffff80000000)
1:  auipc a2, 1
    la a3, 1b
    sub a2, a2, a3
    CHECK(30, a2, 0x1000)
    /* branches: each taken branch skips a fail */
    li TESTNUM, 31
    li a2, 5
    li a3, -5
    beq a2, a2, 2f
    j fail
2:  bne a2, a3, 2f
    j fail
2:  blt a3, a2, 2f
    j fail
2:  bge a2, a3, 2f
    j fail
2:  bltu a2, a3, 2f
    j fail
2:  bgeu a3, a2, 2f
    j fail
2:  beq a2, a3, fail
    bne a2, a2, fail
    blt a2, a3, fail
    bge a3, a2, fail
    bltu a3, a2, fail
    bgeu a2, a3, fail
    /* JAL / JALR */
    jal ra, 3f
4:  j fail
3:  la a3, 4b
    CHECKR(32, ra, a3)
    la a3, 5f
    addi a3, a3, -3
    jalr t0, 3(a3)      /* lowest bit of the target is cleared: a3+3 is odd */
    j fail
5:  li TESTNUM, 33
    /* loads and stores */
    la s0, buf
    sd a0, 0(s0)
    ld a2, 0(s0)
    CHECK(34, a2, 0x0123456789abcdef)
    lb a2, 0(s0)
    CHECK(35, a2, 0xffffffffffffffef)
    lbu a2, 0(s0)
    CHECK(36, a2, 0xef)
    lh a2, 2(s0)
    CHECK(37, a2, 0xffffffffffff89ab)
    lhu a2, 2(s0)
    CHECK(38, a2, 0x89ab)
    lw a2, 0(s0)
    CHECK(39, a2, 0xffffffff89abcdef)
    lwu a2, 0(s0)
    CHECK(40, a2, 0x89abcdef)
    lw a2, 4(s0)
    CHECK(41, a2, 0x01234567)
    sb a1, 1(s0)
    sh a1, 6(s0)
    ld a2, 0(s0)
    CHECK(42, a2, 0xfffd456789abfdef)
    sw zero, 8(s0)
    sw a1, 12(s0)
    ld a2, 8(s0)
    CHECK(43, a2, 0xfffffffd00000000)
    lbu a2, 15(s0)
    CHECK(44, a2, 0xff)
    ld a2, -8(s0)
    CHECK(45, a2, 0x1122334455667788)
    /* x0 stays zero */
    addi zero, zero, 5
    CHECK(46, zero, 0)
    fence
    j pass
TEST_END
    .data
    .balign 8
    .dword 0x1122334455667788
buf: .dword 0, 0
