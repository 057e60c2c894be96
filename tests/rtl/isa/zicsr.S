/* zicsr.S: CSR instructions (all six forms, rd = x0 / rs1 = x0 cases),
 * misa, mhartid, WARL fields of mstatus, sstatus as a view of mstatus,
 * unimplemented and read-only CSRs raising illegal instruction with
 * mtval = instruction bits, minstret/mcycle counting and writes, and the
 * time CSR following the CLINT's mtime. */
#include "test.h"
    .option norvc
TEST_BEGIN
    la t0, m_handler
    csrw mtvec, t0
    li s8, 0
    csrr a0, misa
    CHECK(1, a0, 0x8000000000141105)
    csrr a0, mhartid
    CHECK(2, a0, 0)
    li a1, 0x1234
    csrrw a0, mscratch, a1
    li a2, 0xf0
    csrrs a0, mscratch, a2
    CHECK(3, a0, 0x1234)
    li a2, 0x204
    csrrc a0, mscratch, a2
    CHECK(4, a0, 0x12f4)
    csrrwi a0, mscratch, 7
    CHECK(5, a0, 0x10f0)
    csrrsi a0, mscratch, 0x18
    CHECK(6, a0, 7)
    csrrci a0, mscratch, 3
    CHECK(7, a0, 0x1f)
    csrrs a0, mscratch, zero
    CHECK(8, a0, 0x1c)
    /* mstatus: UXL = SXL = 2, MPP = 2 is not kept, sstatus view */
    csrr a0, mstatus
    srli a0, a0, 32
    andi a0, a0, 0xf
    CHECK(9, a0, 0xa)
    li t0, 1 << 18                  /* SUM through sstatus */
    csrs sstatus, t0
    csrr a0, mstatus
    and a0, a0, t0
    CHECKR(10, a0, t0)
    csrc sstatus, t0
    li t0, 1 << 3                   /* MIE is not visible in sstatus */
    csrs mstatus, t0
    csrr a0, sstatus
    andi a0, a0, 8
    CHECK(11, a0, 0)
    csrc mstatus, t0
    /* sie/sip are masked by mideleg */
    li t0, 0x222
    csrw mie, t0
    csrw mideleg, zero
    csrr a0, sie
    CHECK(12, a0, 0)
    li t1, 0x20
    csrw mideleg, t1
    csrr a0, sie
    CHECK(13, a0, 0x20)
    csrw mie, zero
    csrw mideleg, zero
    /* satp accepts modes 0 and 8 only */
    li t0, 9 << 60
    csrw satp, t0
    csrr a0, satp
    CHECK(14, a0, 0)
    /* unimplemented CSR: illegal, mtval = instruction */
    li s10, 0
    csrr a0, 0x7c0
    CHECK(15, s10, 2)
    CHECK(16, s11, 0x7c002573)
    /* write to a read-only CSR */
    li s10, 0
    csrw mhartid, a1
    CHECK(17, s10, 2)
    /* reading a read-only CSR with csrrs x0 is fine */
    li s10, 0
    csrrs zero, mhartid, zero
    CHECK(18, s10, 0)
    /* pmpcfg0 is not implemented */
    li s10, 0
    csrr a0, pmpcfg0
    CHECK(19, s10, 2)
    /* minstret counts retired instructions */
    csrr a0, minstret
    nop
    nop
    nop
    csrr a1, minstret
    sub a2, a1, a0
    CHECK(20, a2, 4)
    li t0, 1000
    csrw minstret, t0
    csrr a0, minstret
    CHECK(21, a0, 1000)
    csrr a0, mcycle
    csrr a1, mcycle
    li TESTNUM, 22
    bgeu a0, a1, fail
    csrr a0, instret
    CHECK(23, a0, 1008)
    /* time follows the CLINT mtime */
    li t2, 0x200bff8
    ld a0, 0(t2)
    rdtime a1
    ld a2, 0(t2)
    li TESTNUM, 24
    bltu a1, a0, fail
    bltu a2, a1, fail
    li t0, 1 << 40
    sd t0, 0(t2)
    rdtime a1
    li TESTNUM, 25
    bltu a1, t0, fail
    j pass
    M_HANDLER
TEST_END
