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
    .option push;                       \
    .option rvc;                        \
    .balign 4;                          \
    .option pop;                        \
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

/* M-mode handler: records mcause (s10), mtval (s11), mepc (s9) and the
 * previous privilege mstatus.MPP (s7). If s8 is non-zero it continues at s8
 * in M-mode, otherwise it resumes after the trapping instruction. */
/* trap vectors must be 4-byte aligned; with .option norvc a .balign gets no
 * relocation and linker relaxation can misalign it, so align under rvc */
#define ALIGN4 .option push; .option rvc; .balign 4; .option pop

#define M_HANDLER                       \
    ALIGN4;                             \
m_handler:                              \
    csrr s10, mcause;                   \
    csrr s11, mtval;                    \
    csrr s9, mepc;                      \
    csrr s7, mstatus;                   \
    srli s7, s7, 11;                    \
    andi s7, s7, 3;                     \
    beqz s8, 91f;                       \
    jr s8;                              \
91: lhu t5, 0(s9);                      \
    andi t5, t5, 3;                     \
    addi t4, s9, 2;                     \
    li t3, 3;                           \
    bne t5, t3, 92f;                    \
    addi t4, t4, 2;                     \
92: csrw mepc, t4;                      \
    mret;

/* S-mode handler: the same with scause/stval/sepc and sstatus.SPP (s7). */
#define S_HANDLER                       \
    ALIGN4;                             \
s_handler:                              \
    csrr s10, scause;                   \
    csrr s11, stval;                    \
    csrr s9, sepc;                      \
    csrr s7, sstatus;                   \
    srli s7, s7, 8;                     \
    andi s7, s7, 1;                     \
    beqz s8, 93f;                       \
    jr s8;                              \
93: lhu t5, 0(s9);                      \
    andi t5, t5, 3;                     \
    addi t4, s9, 2;                     \
    li t3, 3;                           \
    bne t5, t3, 94f;                    \
    addi t4, t4, 2;                     \
94: csrw sepc, t4;                      \
    sret;

/* enter privilege p (0 = U, 1 = S) at label l from M-mode */
#define M_ENTER(p, l)                   \
    li t0, 3 << 11;                     \
    csrc mstatus, t0;                   \
    li t0, (p) << 11;                   \
    csrs mstatus, t0;                   \
    la t0, l;                           \
    csrw mepc, t0;                      \
    mret;
