/* test.h: macros for the self-checking RTL test programs.
 * A test runs from 0x80000000 in M-mode. gp holds the number of the current
 * check; a failing check writes tohost = (gp << 1) | 1, success writes 1
 * (riscv-tests protocol, also understood by QEMU's spike machine).
 * Unexpected traps go to trap_unexpected, which fails with gp | 0x400. */
#define TESTNUM gp

#define TEST_BEGIN                      \
    .section .text.init;                \
    .globl _start;                      \
_start:                                 \
    la t0, trap_unexpected;             \
    csrw mtvec, t0;                     \
    li TESTNUM, 0;

/* fail the test unless register r equals constant v (clobbers t6) */
#define CHECK(n, r, v)                  \
    li TESTNUM, n;                      \
    li t6, v;                           \
    bne r, t6, fail;

/* fail unless r1 == r2 */
#define CHECKR(n, r1, r2)               \
    li TESTNUM, n;                      \
    bne r1, r2, fail;

#define TEST_END                        \
pass:                                   \
    fence;                              \
    li t0, 1;                           \
    la t1, tohost;                      \
    sd t0, 0(t1);                       \
1:  j 1b;                               \
fail:                                   \
    fence;                              \
    slli t0, TESTNUM, 1;                \
    ori t0, t0, 1;                      \
    la t1, tohost;                      \
    sd t0, 0(t1);                       \
2:  j 2b;                               \
    .balign 4;                          \
trap_unexpected:                        \
    ori TESTNUM, TESTNUM, 0x400;        \
    j fail;                             \
    .pushsection .tohost, "aw", @progbits; \
    .balign 64;                         \
    .globl tohost;                      \
tohost: .dword 0;                       \
    .size tohost, 8;                    \
    .balign 64;                         \
    .globl fromhost;                    \
fromhost: .dword 0;                     \
    .size fromhost, 8;                  \
    .popsection;
