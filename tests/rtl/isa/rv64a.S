/* rv64a.S: RV64A atomics: every AMO in .w and .d form (old value returned,
 * memory updated), LR/SC success, SC failure without a reservation and
 * after an intervening SC. */
#include "test.h"
    .option norvc
TEST_BEGIN
    la s0, mem
    li a0, 0x00000000fffffff0      /* word at 0(s0): -16 as .w */
    sd a0, 0(s0)
    li a1, 5
    amoadd.w a2, a1, (s0)
    CHECK(1, a2, -16)
    lw a3, 0(s0)
    CHECK(2, a3, -11)
    amoswap.w a2, a1, (s0)
    CHECK(3, a2, -11)
    lw a3, 0(s0)
    CHECK(4, a3, 5)
    li a1, 0xc
    amoxor.w a2, a1, (s0)
    amoand.w a2, a1, (s0)
    CHECK(5, a2, 9)
    amoor.w a2, a1, (s0)
    lw a3, 0(s0)
    CHECK(6, a3, 0xc)
    li a1, -1
    amomin.w a2, a1, (s0)
    lw a3, 0(s0)
    CHECK(7, a3, -1)
    li a1, 3
    amomax.w a2, a1, (s0)
    lw a3, 0(s0)
    CHECK(8, a3, 3)
    li a1, -1
    amominu.w a2, a1, (s0)
    lw a3, 0(s0)
    CHECK(9, a3, 3)
    amomaxu.w a2, a1, (s0)
    lw a3, 0(s0)
    CHECK(10, a3, -1)
    lw a3, 4(s0)                   /* the upper word is untouched */
    CHECK(11, a3, 0)
    /* .d forms */
    li a0, 0x7000000000000001
    sd a0, 8(s0)
    addi s1, s0, 8
    li a1, 0x1000000000000000
    amoadd.d a2, a1, (s1)
    CHECK(12, a2, 0x7000000000000001)
    ld a3, 0(s1)
    CHECK(13, a3, 0x8000000000000001)
    li a1, 1
    amomin.d a2, a1, (s1)
    ld a3, 0(s1)
    CHECK(14, a3, 0x8000000000000001)
    amominu.d a2, a1, (s1)
    ld a3, 0(s1)
    CHECK(15, a3, 1)
    li a1, -2
    amomaxu.d a2, a1, (s1)
    amomax.d a2, a1, (s1)
    ld a3, 0(s1)
    CHECK(16, a3, -2)
    amoswap.d a2, a1, (s1)
    amoxor.d a2, a1, (s1)
    amoor.d a2, a1, (s1)
    amoand.d a2, a1, (s1)
    ld a3, 0(s1)
    CHECK(17, a3, -2)
    /* LR/SC */
    li a1, 77
    lr.d a2, (s1)
    sc.d a4, a1, (s1)
    CHECK(18, a4, 0)
    ld a3, 0(s1)
    CHECK(19, a3, 77)
    sc.d a4, zero, (s1)            /* no reservation any more */
    CHECK(20, a4, 1)
    ld a3, 0(s1)
    CHECK(21, a3, 77)
    lr.w a2, (s0)
    CHECK(22, a2, -1)
    sc.w a4, a1, (s0)
    CHECK(23, a4, 0)
    lw a3, 0(s0)
    CHECK(24, a3, 77)
    /* retry loop as used by spinlocks */
    li a5, 0
1:  lr.d a2, (s1)
    addi a2, a2, 1
    sc.d a4, a2, (s1)
    bnez a4, 1b
    ld a3, 0(s1)
    CHECK(25, a3, 78)
    j pass
TEST_END
    .data
    .balign 16
mem: .dword 0, 0
