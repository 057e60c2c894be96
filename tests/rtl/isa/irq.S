/* irq.S: interrupts. CLINT machine timer (wfi wake-up, then taken when
 * mstatus.MIE is set; mepc = the next instruction), CLINT machine software
 * interrupt, vectored mtvec, supervisor timer raised by M through mip.STIP
 * (delegated: taken in S; not delegated: taken in M from S), and an
 * external interrupt from the UART (THR empty) through the PLIC with
 * claim/complete, for the M context and the delegated S context. */
#include "test.h"
    .option norvc
#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define PLIC_PRIO10    0xc000028
#define PLIC_EN0       0xc002000
#define PLIC_EN1       0xc002080
#define PLIC_CLAIM0    0xc200004
#define PLIC_CLAIM1    0xc201004
#define UART_IER       0x10000001
TEST_BEGIN
    la t0, m_handler
    csrw mtvec, t0
    /* 1. machine timer */
    li t1, CLINT_MTIME
    ld t2, 0(t1)
    addi t2, t2, 300
    li t1, CLINT_MTIMECMP
    sd t2, 0(t1)
    li t0, 0x80
    csrw mie, t0
    wfi                             /* MIE = 0: wakes up but no trap */
    csrr a0, mip
    andi a0, a0, 0x80
    CHECK(1, a0, 0x80)
    la s8, 1f
    csrsi mstatus, 8
2:  j fail
1:  li t0, 0x8000000000000007
    CHECKR(2, s10, t0)
    la t0, 2b
    CHECKR(3, s9, t0)
    li t1, CLINT_MTIMECMP
    li t2, -1
    sd t2, 0(t1)
    csrr a0, mip
    CHECK(4, a0, 0)
    /* 2. machine software interrupt, vectored mtvec */
    la t0, vectors
    ori t0, t0, 1
    csrw mtvec, t0
    li t0, 0x08
    csrw mie, t0
    li t1, CLINT_MSIP
    li t2, 1
    la s8, 1f
    csrsi mstatus, 8                /* MIE set, nothing pending yet */
    sw t2, 0(t1)
3:  j fail
1:  CHECK(5, s6, 3)                 /* came through vector entry 3 */
    li t0, 0x8000000000000003
    CHECKR(6, s10, t0)
    li t1, CLINT_MSIP
    sw zero, 0(t1)
    la t0, m_handler
    csrw mtvec, t0
    /* 3. supervisor timer from mip.STIP, not delegated: taken in M from S */
    li t0, 0x20
    csrw mie, t0
    csrs mip, t0
    la s8, 1f
    M_ENTER(1, s_spin)
1:  li t0, 0x8000000000000005
    CHECKR(7, s10, t0)
    CHECK(8, s7, 1)
    /* delegated: taken in S (sstatus.SIE = 1) */
    la t0, s_handler
    csrw stvec, t0
    li t0, 0x20
    csrw mideleg, t0
    csrsi sstatus, 2
    la s8, 1f
    M_ENTER(1, s_spin)
1:  li t0, 0x8000000000000005       /* now in S */
    CHECKR(9, s10, t0)
    la s8, 1f
    ecall
1:  CHECK(10, s10, 9)               /* back in M */
    li t0, 0x20
    csrc mip, t0
    csrw mideleg, zero
    /* 4. UART THR-empty interrupt through the PLIC, M context */
    li t1, PLIC_PRIO10
    li t2, 1
    sw t2, 0(t1)
    li t1, PLIC_EN0
    li t2, 1 << 10
    sw t2, 0(t1)
    li t0, 0x800
    csrw mie, t0
    li t1, UART_IER
    li t2, 2
    sb t2, 0(t1)
    la s8, 1f
    csrsi mstatus, 8
4:  j 4b
1:  li t0, 0x800000000000000b
    CHECKR(11, s10, t0)
    li t1, PLIC_CLAIM0
    lw a0, 0(t1)
    CHECK(12, a0, 10)
    li t1, UART_IER
    sb zero, 0(t1)
    li t1, PLIC_CLAIM0
    li t2, 10
    sw t2, 0(t1)                    /* complete */
    csrr a0, mip
    srli a0, a0, 11
    andi a0, a0, 1
    CHECK(13, a0, 0)
    li t1, PLIC_EN0
    sw zero, 0(t1)
    /* 5. same through the S context, delegated SEI, taken in S */
    li t1, PLIC_EN1
    li t2, 1 << 10
    sw t2, 0(t1)
    li t0, 0x200
    csrw mideleg, t0
    csrw mie, t0
    li t1, UART_IER
    li t2, 2
    sb t2, 0(t1)
    la s8, 1f
    M_ENTER(1, s_spin)
1:  li t0, 0x8000000000000009
    CHECKR(14, s10, t0)
    li t1, PLIC_CLAIM1
    lw a0, 0(t1)
    CHECK(15, a0, 10)
    li t1, UART_IER
    sb zero, 0(t1)
    li t1, PLIC_CLAIM1
    li t2, 10
    sw t2, 0(t1)
    csrr a0, sip
    CHECK(16, a0, 0)
    j pass

s_spin:
    csrsi sstatus, 2
5:  j 5b

    .balign 256
vectors:                            /* entry n records n in s6 */
    .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    j vec\n
    .endr
    .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
vec\n: li s6, \n
    j m_handler
    .endr
    M_HANDLER
    S_HANDLER
TEST_END
