/* tlbloop.S: TLB behaviour under load (also used by bench-rtl for hit
 * rates). S-mode code runs from a 1 GiB identity page; data is read through
 * 16 separate 4 KiB pages at 0xC0000000. Loop A cycles over 4 pages (fits in
 * the DTLB), loop B over 16 pages (more than 8 entries: capacity misses and
 * refills). Both sums are checked, so refills must translate correctly. */
#include "test.h"
    .option norvc
#define V 0x01
#define R 0x02
#define W 0x04
#define X 0x08
#define A 0x40
#define D 0x80
#define G 0x20
TEST_BEGIN
    la t0, m_handler
    csrw mtvec, t0
    li s8, 0
    /* data pages: word 0 of page i = i + 1 */
    la t1, pages
    li t2, 1
    li t3, 17
1:  sd t2, 0(t1)
    li t4, 4096
    add t1, t1, t4
    addi t2, t2, 1
    bne t2, t3, 1b
    /* tables */
    la s0, l2
    li t0, (0x80000000 >> 12) << 10 | V|R|W|X|A|D|G
    sd t0, 2*8(s0)
    la t0, l1
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, V
    sd t0, 3*8(s0)
    la s1, l1
    la t0, l0
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, V
    sd t0, 0(s1)
    la s2, l0
    la t1, pages
    li t2, 16
2:  srli t0, t1, 12
    slli t0, t0, 10
    ori t0, t0, V|R|W|A|D
    sd t0, 0(s2)
    addi s2, s2, 8
    li t4, 4096
    add t1, t1, t4
    addi t2, t2, -1
    bnez t2, 2b
    la t0, l2
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    la s8, done
    M_ENTER(1, s_main)
s_main:
    /* loop A: 200 x 4 pages */
    li a0, 0
    li s3, 200
3:  li s4, 0xC0000000
    li s5, 4
4:  ld t0, 0(s4)
    add a0, a0, t0
    li t4, 4096
    add s4, s4, t4
    addi s5, s5, -1
    bnez s5, 4b
    addi s3, s3, -1
    bnez s3, 3b
    CHECK(1, a0, 2000)
    /* loop B: 100 x 16 pages */
    li a0, 0
    li s3, 100
5:  li s4, 0xC0000000
    li s5, 16
6:  ld t0, 0(s4)
    add a0, a0, t0
    li t4, 4096
    add s4, s4, t4
    addi s5, s5, -1
    bnez s5, 6b
    addi s3, s3, -1
    bnez s3, 5b
    CHECK(2, a0, 13600)
    ecall
done:
    CHECK(3, s10, 9)
    csrw satp, zero
    j pass
    M_HANDLER
TEST_END
    .data
    .balign 4096
l2: .fill 512, 8, 0
l1: .fill 512, 8, 0
l0: .fill 512, 8, 0
pages: .fill 16 * 512, 8, 0
