/* arch_page_zero(page): zeroes one 4 KiB page (a0, page-aligned) with 512
   double-word stores and no loop: the zeroing of every frame the frame pool
   hands out zeroed (kernel/frame.c), on a fault when the pool of zeroed
   frames is empty and in the idle loop otherwise. QEMU 7.2 has no Zicboz
   (cbo.zero), so eight bytes a store is the best there is; the base moves
   to the middle of the page so that every store reaches its slot with a
   12-bit offset (-2048 .. 2040). */
    .text
    .balign 4
    .globl arch_page_zero
arch_page_zero:
    addi    a0, a0, 1024
    addi    a0, a0, 1024
    .set    off, -2048
    .rept   512
    sd      zero, off(a0)
    .set    off, off + 8
    .endr
    ret
