/* uart_rx.S: UART receive path. The runner feeds "rv64\n" on the
 * simulator's stdin. The first byte arrives through the RX interrupt (IER
 * bit 0 -> PLIC source 10 -> machine external interrupt, claim/complete);
 * the others are polled through LSR.DR. Every byte is echoed through THR
 * and checked. Also checks the divisor latch (DLAB) and the scratch register. */
#include "test.h"
    .option norvc
#define UART 0x10000000
TEST_BEGIN
    li s0, UART
    /* DLAB: divisor latch is separate from IER */
    li t0, 0x80
    sb t0, 3(s0)
    li t0, 0x12
    sb t0, 0(s0)
    sb zero, 3(s0)
    lbu a0, 1(s0)
    CHECK(1, a0, 0)
    li t0, 0x80
    sb t0, 3(s0)
    lbu a0, 0(s0)
    CHECK(2, a0, 0x12)
    li t0, 3
    sb t0, 3(s0)
    li t0, 0x5a
    sb t0, 7(s0)
    lbu a0, 7(s0)
    CHECK(3, a0, 0x5a)
    lbu a0, 5(s0)
    andi a0, a0, 0x60
    CHECK(4, a0, 0x60)                 /* THRE and TEMT */
    /* first byte by interrupt */
    la t0, m_handler
    csrw mtvec, t0
    li t1, 0xc000028                   /* PLIC priority of source 10 */
    li t2, 1
    sw t2, 0(t1)
    li t1, 0xc002000                   /* enable for context 0 (M) */
    li t2, 1 << 10
    sw t2, 0(t1)
    li t0, 0x800
    csrw mie, t0
    li t0, 1
    sb t0, 1(s0)                       /* IER: RX data available */
    la s8, 3f
    csrsi mstatus, 8
2:  wfi
    j 2b
3:  li t0, 0x800000000000000b
    CHECKR(7, s10, t0)
    li t1, 0xc200004
    lw a0, 0(t1)                       /* claim */
    CHECK(8, a0, 10)
    sb zero, 1(s0)                     /* IER off */
    lbu a0, 0(s0)
    sb a0, 0(s0)
    CHECK(9, a0, 'r')
    li t2, 10
    sw t2, 0(t1)                       /* complete */
    csrw mie, zero
    la s1, expect + 1
    li s2, 4
1:  lbu t0, 5(s0)                      /* wait for DR */
    andi t0, t0, 1
    beqz t0, 1b
    lbu a0, 0(s0)
    sb a0, 0(s0)                       /* echo */
    lbu a1, 0(s1)
    CHECKR(5, a0, a1)
    addi s1, s1, 1
    addi s2, s2, -1
    bnez s2, 1b
    lbu t0, 5(s0)
    andi t0, t0, 1
    CHECK(6, t0, 0)                    /* buffer empty again */
    j pass
    M_HANDLER
TEST_END
    .data
expect: .ascii "rv64\n"
