/* intloop.S: integer kernel used for CPI measurements (bench-rtl) that also
 * checks its results: fills an array with i*3+1, sums it with a mix of
 * loads, ALU operations and branches, and compares with the closed form. */
#include "test.h"
#define N 2000
TEST_BEGIN
    la s0, arr
    li t0, 0
    li t1, N
1:  slli t2, t0, 1
    add t2, t2, t0
    addi t2, t2, 1                  /* i*3+1 */
    slli t3, t0, 3
    add t3, t3, s0
    sd t2, 0(t3)
    addi t0, t0, 1
    bltu t0, t1, 1b
    li a0, 0
    li a1, 0
    mv t3, s0
    li t0, 0
2:  ld t2, 0(t3)
    add a0, a0, t2
    andi t4, t2, 1
    beqz t4, 3f
    addi a1, a1, 1                  /* count odd values */
3:  addi t3, t3, 8
    addi t0, t0, 1
    bne t0, t1, 2b
    /* sum = 3*N*(N-1)/2 + N; odd values: i even -> N/2 */
    CHECK(1, a0, 3 * N * (N - 1) / 2 + N)
    CHECK(2, a1, N / 2)
    j pass
TEST_END
    .bss
    .balign 8
arr: .fill N, 8, 0
