/* uart_rx.S: UART receive path. The runner feeds "rv64\n" on the
 * simulator's stdin; the program polls LSR.DR, reads RBR, echoes each byte
 * through THR and checks the bytes. Also checks the divisor latch (DLAB)
 * and the scratch register. */
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
    la s1, expect
    li s2, 5
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
TEST_END
    .data
expect: .ascii "rv64\n"
