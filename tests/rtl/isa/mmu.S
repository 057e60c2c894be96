/* mmu.S: Sv39 translation. Builds page tables with 1 GiB, 2 MiB and 4 KiB
 * leaves, then checks from S-, U- and M-mode (MPRV): loads/stores through
 * each page size, SUM, MXR, read-only and execute-only pages, invalid and
 * reserved (W without R) PTEs, misaligned superpages, non-canonical
 * addresses, a page-table walk that hits unmapped physical memory (access
 * fault), instruction page faults (also for the second half of an
 * instruction that crosses a page), U pages not executable from S, and
 * sfence.vma (by address and global) after a PTE change.
 * Built with MMU_EXTRA (mmu_ad.S) it also checks A/D faults and an access
 * fault on the walker's own read; QEMU 7.2 differs there (it sets A/D in
 * hardware and reports a page fault), so only plain mmu is trace-compared. */
#include "test.h"
    .option norvc
#define V 0x01
#define R 0x02
#define W 0x04
#define X 0x08
#define U 0x10
#define G 0x20
#define A 0x40
#define D 0x80
/* t0 = PTE for the physical address of label l with flags f */
#define MKPTE(l, f) la t0, l; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, f
#define MKPTEA(addr, f) li t0, addr; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, f
#define M_ENTERA(p, a) li t0, 3 << 11; csrc mstatus, t0; li t0, (p) << 11; csrs mstatus, t0; li t0, a; csrw mepc, t0; mret
#define MAGIC1 0x5a5a5a5a11111111
#define MAGIC2 0xa5a5a5a522222222

TEST_BEGIN
    la t0, m_handler
    csrw mtvec, t0
    li s8, 0
    /* data pages */
    la t1, page1
    li t2, MAGIC1
    sd t2, 0(t1)
    la t1, page2
    li t2, MAGIC2
    sd t2, 0(t1)
    /* root table */
    la s0, l2
    MKPTEA(0x80000000, V|R|W|X|A|D|G)
    sd t0, 2*8(s0)                  /* 0x80000000: 1 GiB identity */
    MKPTE(l1, V)
    sd t0, 3*8(s0)                  /* 0xC0000000: -> l1 */
    MKPTEA(0x40000000, V)
    sd t0, 4*8(s0)                  /* 0x100000000: next level in unmapped PA */
    MKPTEA(0x80200000, V|R|W|A|D)
    sd t0, 5*8(s0)                  /* 0x140000000: misaligned 1 GiB leaf */
    la s1, l1
    MKPTEA(0x80000000, V|R|A)
    sd t0, 0*8(s1)                  /* 0xC0000000: 2 MiB read-only alias of 0x80000000 */
    MKPTE(l0, V)
    sd t0, 1*8(s1)                  /* 0xC0200000: -> l0 */
    la s2, l0
    MKPTE(page1, V|R|W|A|D)
    sd t0, 0*8(s2)                  /* 0xC0200000 */
    MKPTE(page1, V|R|W|A|D|U)
    sd t0, 1*8(s2)                  /* 0xC0201000: user page */
    MKPTE(page1, V|R|W|D)
    sd t0, 2*8(s2)                  /* 0xC0202000: A clear */
    MKPTE(page1, V|R|W|A)
    sd t0, 3*8(s2)                  /* 0xC0203000: D clear */
    MKPTE(page1, V|X|A)
    sd t0, 4*8(s2)                  /* 0xC0204000: execute-only */
    sd zero, 5*8(s2)                /* 0xC0205000: invalid */
    MKPTE(user_code, V|R|X|A|U)
    sd t0, 6*8(s2)                  /* 0xC0206000: user code */
    MKPTE(page1, V|W|A|D)
    sd t0, 7*8(s2)                  /* 0xC0207000: W without R (reserved) */
    /* satp = Sv39 | root PPN */
    la t0, l2
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    M_ENTER(1, s_start)

s_start:
    li s3, 0xC0200000
    ld a0, 0(s3)
    CHECK(1, a0, MAGIC1)
    li t1, 0x1234
    sd t1, 8(s3)
    la t2, page1                    /* identity-mapped physical view */
    ld a0, 8(t2)
    CHECK(2, a0, 0x1234)
    /* 2 MiB read-only alias: reads code, store faults */
    li s4, 0xC0000000
    lw a0, 0(s4)
    li t1, 0x80000000
    lw a1, 0(t1)
    CHECKR(3, a0, a1)
    li s10, 0
    sw a0, 0(s4)
    CHECK(4, s10, 15)
    CHECKR(5, s11, s4)
    /* SUM */
    li s5, 0xC0201000
    li s10, 0
    ld a0, 0(s5)
    CHECK(6, s10, 13)
    CHECKR(7, s11, s5)
    li t0, 1 << 18
    csrs sstatus, t0
    li s10, 0
    ld a0, 0(s5)
    CHECK(8, s10, 0)
    CHECK(9, a0, MAGIC1)
    csrc sstatus, t0
    /* MXR */
    li s5, 0xC0204000
    li s10, 0
    ld a0, 0(s5)
    CHECK(10, s10, 13)
    li t0, 1 << 19
    csrs sstatus, t0
    li s10, 0
    ld a0, 0(s5)
    CHECK(11, s10, 0)
    CHECK(12, a0, MAGIC1)
    csrc sstatus, t0
    /* invalid, reserved, misaligned superpage, unmapped, non-canonical */
    li s5, 0xC0205000
    li s10, 0
    ld a0, 0(s5)
    CHECK(13, s10, 13)
    li s5, 0xC0207000
    li s10, 0
    ld a0, 0(s5)
    CHECK(14, s10, 13)
    li s5, 0x140000000
    li s10, 0
    ld a0, 0(s5)
    CHECK(15, s10, 13)
    li s5, 0x40000000
    li s10, 0
    sd a0, 0(s5)
    CHECK(16, s10, 15)
    CHECKR(17, s11, s5)
    li s5, 0x8000000000
    li s10, 0
    ld a0, 0(s5)
    CHECK(18, s10, 13)
#ifdef MMU_EXTRA
    /* page-table walker reads unmapped physical memory: access fault */
    li s5, 0x100000000
    li s10, 0
    ld a0, 0(s5)
    CHECK(19, s10, 5)
    CHECKR(20, s11, s5)
    li s10, 0
    sd a0, 0(s5)
    CHECK(21, s10, 7)
    /* A clear: load and store fault; D clear: load works, store faults */
    li s5, 0xC0202000
    li s10, 0
    ld a0, 0(s5)
    CHECK(40, s10, 13)
    li s10, 0
    sd a0, 0(s5)
    CHECK(41, s10, 15)
    li s5, 0xC0203000
    li s10, 0
    ld a0, 0(s5)
    CHECK(42, s10, 0)
    CHECK(43, a0, MAGIC1)
    sd a0, 0(s5)
    CHECK(44, s10, 15)
    CHECKR(45, s11, s5)
#endif
    /* instruction page faults: invalid page, and a U page from S */
    la s8, 1f
    li s5, 0xC0205000
    jr s5
1:  CHECK(22, s10, 12)
    CHECKR(23, s11, s5)
    CHECKR(24, s9, s5)
    li t0, 1 << 11                  /* handler ran in M: back to S */
    csrs mstatus, t0
    la t0, 2f
    csrw mepc, t0
    mret
2:  la s8, 3f
    li s5, 0xC0206000
    jr s5
3:  CHECK(25, s10, 12)
    CHECK(26, s7, 1)
    li s8, 0
    M_ENTER(1, s_part2)
s_part2:
    /* sfence.vma by address after changing a PTE */
    li s3, 0xC0200000
    ld a0, 0(s3)                    /* make sure the old entry is cached */
    la s2, l0
    MKPTE(page2, V|R|W|A|D)
    sd t0, 0(s2)
    sfence.vma s3, zero
    ld a0, 0(s3)
    CHECK(27, a0, MAGIC2)
    MKPTE(page1, V|R|W|A|D)
    sd t0, 0(s2)
    sfence.vma
    ld a0, 0(s3)
    CHECK(28, a0, MAGIC1)
    la s8, m_part3
    ecall
m_part3:
    CHECK(29, s10, 9)
    /* MPRV: M-mode loads translated with MPP's privilege */
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, (1 << 11) | (1 << 17)    /* MPP = S, MPRV */
    csrs mstatus, t0
    li s3, 0xC0200000
    ld a0, 0(s3)
    CHECK(30, a0, MAGIC1)
    li t0, 3 << 11                  /* MPP = U: S page not accessible */
    csrc mstatus, t0
    li s10, 0
    la s8, 4f
    ld a0, 0(s3)
    j fail
4:  CHECK(31, s10, 13)
    li t0, 1 << 17
    csrc mstatus, t0
    /* U-mode: user code reads a U page, then a non-U page */
    la s8, 5f
    li s3, 0xC0201000
    M_ENTERA(0, 0xC0206000)
5:  CHECK(32, s10, 8)
    CHECK(33, a0, MAGIC1)
    CHECK(34, s7, 0)
    la s8, 6f
    li s3, 0xC0200000
    M_ENTERA(0, 0xC0206000)
6:  CHECK(35, s10, 13)
    CHECKR(36, s11, s3)
    /* U fetch from a non-U page */
    la s8, 7f
    M_ENTER(0, s_start)
7:  CHECK(37, s10, 12)
    /* a 32-bit instruction whose second half is on a faulting page */
    la s8, 8f
    M_ENTERA(0, 0xC0206FFE)
8:  CHECK(46, s10, 12)
    li t0, 0xC0207000
    CHECKR(47, s11, t0)
    li t0, 0xC0206FFE
    CHECKR(48, s9, t0)
#ifdef MMU_EXTRA
    /* TLB counters moved (mhpmcounter4 = DTLB misses; RTL only) */
    csrr t1, mhpmcounter4
    li TESTNUM, 38
    beqz t1, fail
#endif
    csrw satp, zero
    j pass
    M_HANDLER
TEST_END

    .text
    .balign 4096
user_code:
    ld a0, 0(s3)
    ecall
    .fill 4096 - 8 - 2, 1, 0
    .4byte 0x00150513               /* addi a0, a0, 1: straddles into 0xC0207000 */

    .data
    .balign 4096
l2: .fill 512, 8, 0
l1: .fill 512, 8, 0
l0: .fill 512, 8, 0
page1: .fill 512, 8, 0
page2: .fill 512, 8, 0
