/* priv.S: privilege modes and traps: M->S->U via mret/sret, ecall from each
 * mode (with and without medeleg), illegal instructions from S and U
 * (M-only CSR, mret in S, wfi in U, counters with mcounteren = 0 and the
 * mcounteren/scounteren enables for S and U),
 * mtval = instruction bits, xPP/xPIE/xIE updates, and sret with TSR. */
#include "test.h"
    .option norvc
TEST_BEGIN
    la t0, m_handler
    csrw mtvec, t0
    la t0, s_handler
    csrw stvec, t0
    csrw mcounteren, zero
    csrw scounteren, zero
    li t0, 1 << 8                 /* delegate ecall from U only */
    csrw medeleg, t0
    csrr t1, medeleg
    CHECK(1, t1, 0x100)
    li t0, 0x80                   /* MPIE = 1: mret sets MIE = 1 */
    csrs mstatus, t0
    li s8, 0
    M_ENTER(1, s_entry)
s_entry:
    la s8, after_secall
    ecall
    j fail
after_secall:                     /* back in M */
    CHECK(2, s10, 9)
    CHECK(3, s7, 1)
    csrr t0, mstatus
    srli t1, t0, 3
    andi t1, t1, 1
    CHECK(4, t1, 0)               /* MIE cleared by the trap */
    srli t1, t0, 7
    andi t1, t1, 1
    CHECK(5, t1, 1)               /* MPIE = old MIE */
    li s8, 0
    M_ENTER(1, s_entry2)
s_entry2:
    csrr t0, mstatus              /* illegal in S */
    CHECK(6, s10, 2)
    li t1, 0x300022f3
    CHECK(7, s11, 0x300022f3)
    mret                          /* illegal in S */
    CHECK(8, s10, 2)
    CHECK(9, s11, 0x30200073)
    csrr t0, sstatus              /* allowed in S */
    li s10, 0
    /* S -> U */
    la s8, after_uecall
    la t0, u_entry
    csrw sepc, t0
    li t0, 1 << 8
    csrc sstatus, t0
    sret
u_entry:
    ecall                         /* delegated: goes to S */
    j fail
after_uecall:                     /* in S */
    CHECK(10, s10, 8)
    CHECK(11, s7, 0)
    li s8, 0
    la t0, u_entry2
    csrw sepc, t0
    sret
u_entry2:
    li s10, 0
    rdcycle t0                    /* mcounteren = 0: illegal, to M */
    CHECK(12, s10, 2)
    CHECK(13, s7, 0)
    li s10, 0
    wfi                           /* illegal in U */
    CHECK(14, s10, 2)
    li s10, 0
    csrr t0, sstatus              /* illegal in U */
    CHECK(15, s10, 2)
    li s10, 0
    sret                          /* illegal in U */
    CHECK(16, s10, 2)
    la s8, u_done
    ecall
u_done:                           /* in S again */
    CHECK(17, s10, 8)
    la s8, s_done
    ecall
s_done:                           /* in M */
    CHECK(18, s10, 9)
    /* TSR: sret in S traps */
    li t0, 1 << 22
    csrs mstatus, t0
    li s8, 0
    M_ENTER(1, s_entry3)
s_entry3:
    li s10, 0
    sret
    CHECK(19, s10, 2)
    la s8, s_done2
    ecall
s_done2:
    li t0, 1 << 22
    csrc mstatus, t0
    /* ebreak in M */
    li s8, 0
    ebreak
    CHECK(20, s10, 3)
    /* counter access: mcounteren = CY|TM|IR, scounteren = IR only */
    li t0, 7
    csrw mcounteren, t0
    li t0, 4
    csrw scounteren, t0
    li s8, 0
    M_ENTER(1, s_ctr)
s_ctr:
    li s10, 0
    rdcycle t0                    /* allowed in S by mcounteren */
    rdinstret t0
    CHECK(21, s10, 0)
    la t0, u_ctr
    csrw sepc, t0
    li t0, 1 << 8
    csrc sstatus, t0
    sret
u_ctr:
    li s10, 0
    rdinstret t0                  /* allowed in U: both enable IR */
    CHECK(22, s10, 0)
    rdcycle t0                    /* scounteren.CY = 0: illegal */
    CHECK(23, s10, 2)
    la s8, m_ctr_done
    ecall                         /* medeleg has U ecall: goes to S */
m_ctr_done:                       /* in S */
    CHECK(25, s10, 8)
    j pass
    M_HANDLER
    S_HANDLER
TEST_END
