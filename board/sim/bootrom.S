/* bootrom.S: reset code of the simulation SoC's boot ROM at 0x1000.
 * Like QEMU virt's reset vector: a0 = hart id, a1 = address of the device
 * tree blob stored in this ROM, then jump to RAM at 0x80000000. */
    .section .text
    .globl _start
_start:
    csrr a0, mhartid
    la   a1, dtb
    li   t0, 1
    slli t0, t0, 31
    jr   t0
    .balign 8
dtb:
    .incbin DTB_FILE
    .balign 8
