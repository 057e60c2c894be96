/* rvc.S: RV64C compressed instructions (each written as an explicit c.*
 * mnemonic), including jumps and branches to 2-byte aligned targets and a
 * 32-bit instruction that straddles an 8-byte fetch word. */
#include "test.h"
TEST_BEGIN
    la s0, buf
    c.li a0, -5
    CHECK(1, a0, -5)
    c.addi a0, 7
    CHECK(2, a0, 2)
    c.lui a1, 0x12
    CHECK(3, a1, 0x12000)
    c.lui a1, 0xfffe0
    CHECK(4, a1, 0xfffffffffffe0000)
    c.addiw a1, 1
    CHECK(5, a1, 0xfffffffffffe0001)
    c.mv a2, a1
    c.add a2, a0
    CHECK(6, a2, 0xfffffffffffe0003)
    c.slli a2, 4
    CHECK(7, a2, 0xffffffffffe00030)
    li a3, -64
    mv s1, a3
    c.srli s1, 60
    CHECK(8, s1, 15)
    mv s1, a3
    c.srai s1, 3
    CHECK(9, s1, -8)
    c.andi s1, 0x1c
    CHECK(10, s1, 0x18)
    li a4, 0x0f0f
    li a5, 0x00ff
    c.and a4, a5
    CHECK(11, a4, 0x0f)
    c.or a4, a5
    CHECK(12, a4, 0xff)
    c.xor a4, a5
    CHECK(13, a4, 0)
    li a4, 0x7fffffff
    c.addw a4, a4
    CHECK(14, a4, -2)
    c.subw a4, a5
    CHECK(15, a4, -257)
    c.sub a4, a5
    CHECK(16, a4, -512)
    /* loads/stores */
    li a5, 0x1122334455667788
    c.sd a5, 8(s0)
    c.ld a4, 8(s0)
    CHECK(17, a4, 0x1122334455667788)
    c.lw a4, 12(s0)
    CHECK(18, a4, 0x11223344)
    c.sw a0, 8(s0)
    c.ld a4, 8(s0)
    CHECK(19, a4, 0x1122334400000002)
    mv t0, sp
    mv sp, s0
    c.sdsp a5, 16(sp)
    c.ldsp a3, 16(sp)
    CHECK(20, a3, 0x1122334455667788)
    c.swsp a0, 20(sp)
    c.lwsp a3, 20(sp)
    CHECK(21, a3, 2)
    c.addi16sp sp, 64
    sub a3, sp, s0
    CHECK(22, a3, 64)
    c.addi4spn a3, sp, 8
    sub a3, a3, s0
    CHECK(23, a3, 72)
    mv sp, t0
    /* control flow */
    li TESTNUM, 24
    c.li a0, 0
    c.beqz a0, 1f
    c.j fail
1:  c.bnez a0, fail
    c.li a0, 1
    c.bnez a0, 1f
    c.j fail
1:  la a1, 2f
    c.jalr a1
    c.j 3f
2:  c.jr ra            /* return to the c.j above */
3:  li TESTNUM, 25
    la a1, 4f
    c.jr a1
    c.j fail
4:  c.nop
    /* a 32-bit instruction at offset 6 of an 8-byte word */
    .balign 8
    c.nop
    c.nop
    c.nop
    addi a0, zero, 99
    CHECK(26, a0, 99)
    c.j pass
TEST_END
    .data
    .balign 8
buf: .fill 128, 1, 0
