/* Copies to and from the current address space's user pages, with
   sstatus.SUM set for the duration. Every load and store that may fault is
   listed in .fixup_table, so a fault (unmapped page, missing permission)
   makes the routine return -1 instead of trapping for good. The caller has
   already checked that the user range lies below ARCH_USER_VA_END.

   usercopy(a0 = dst, a1 = src, a2 = len) -> a0 = 0 or -1
   userprobe(a0 = va, a1 = write) -> a0 = 0 or -1: touches one byte (a
   read, or a read and a write-back of the same value). Clobber t0-t2. */
#define SSTATUS_SUM (1 << 18)

/* One user access that may fault: the instruction and its fixup entry. */
    .macro UACC insn, reg, mem
99: \insn   \reg, \mem
    .pushsection .fixup_table, "a"
    .balign 8
    .dword  99b, .Lfault
    .popsection
    .endm

/* usercopy stores whole words for any alignment (misaligned accesses trap
   on some cores): bytes until dst is 8-aligned, then 32 and 8 bytes a
   turn, either plain words (src aligned too) or each dst word merged from
   two aligned src words (src = aligned + k: lo >> 8k | hi << (64 - 8k)),
   then the last bytes. A merged load may touch bytes just outside [src,
   src+len), but always within an aligned word that holds one inside, so
   on the same page. Registers: t0 SUM, t6 k, a3 8k, a4 64 - 8k, a5 the
   aligned src word, a7 the word carried to the next store. */
    .text
    .globl usercopy
usercopy:
    li      t0, SSTATUS_SUM
    csrs    sstatus, t0
    or      t1, a0, a1
    andi    t1, t1, 7
    beqz    t1, .Laligned           /* both aligned: words for any length */
    li      t1, 16
    bltu    a2, t1, .Lbytes
    andi    t1, a0, 7
    beqz    t1, .Ldst_aligned
    li      t2, 8
    sub     t1, t2, t1              /* head bytes */
    sub     a2, a2, t1
.Lhead:
    UACC    lb, t2, 0(a1)
    UACC    sb, t2, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    t1, t1, -1
    bnez    t1, .Lhead
.Ldst_aligned:
    andi    t6, a1, 7
    bnez    t6, .Lshifted
.Laligned:
    li      t1, 32
    bltu    a2, t1, .Lwords
.Lwords4:
    UACC    ld, t2, 0(a1)
    UACC    ld, t3, 8(a1)
    UACC    ld, t4, 16(a1)
    UACC    ld, t5, 24(a1)
    UACC    sd, t2, 0(a0)
    UACC    sd, t3, 8(a0)
    UACC    sd, t4, 16(a0)
    UACC    sd, t5, 24(a0)
    addi    a0, a0, 32
    addi    a1, a1, 32
    addi    a2, a2, -32
    bgeu    a2, t1, .Lwords4
.Lwords:
    li      t1, 8
    bltu    a2, t1, .Lbytes
.Lwords1:
    UACC    ld, t2, 0(a1)
    UACC    sd, t2, 0(a0)
    addi    a0, a0, 8
    addi    a1, a1, 8
    addi    a2, a2, -8
    bgeu    a2, t1, .Lwords1
    j       .Lbytes
.Lshifted:
    slli    a3, t6, 3
    li      a4, 64
    sub     a4, a4, a3
    sub     a5, a1, t6
    UACC    ld, a7, 0(a5)
    li      t1, 32
    bltu    a2, t1, .Lshift
.Lshift4:
    UACC    ld, t2, 8(a5)
    UACC    ld, t3, 16(a5)
    UACC    ld, t4, 24(a5)
    UACC    ld, t5, 32(a5)
    srl     a7, a7, a3
    sll     a6, t2, a4
    or      a7, a7, a6
    UACC    sd, a7, 0(a0)
    srl     t2, t2, a3
    sll     a6, t3, a4
    or      t2, t2, a6
    UACC    sd, t2, 8(a0)
    srl     t3, t3, a3
    sll     a6, t4, a4
    or      t3, t3, a6
    UACC    sd, t3, 16(a0)
    srl     t4, t4, a3
    sll     a6, t5, a4
    or      t4, t4, a6
    UACC    sd, t4, 24(a0)
    mv      a7, t5
    addi    a5, a5, 32
    addi    a0, a0, 32
    addi    a2, a2, -32
    bgeu    a2, t1, .Lshift4
.Lshift:
    li      t1, 8
    bltu    a2, t1, .Lshift_end
.Lshift1:
    UACC    ld, t2, 8(a5)
    srl     a7, a7, a3
    sll     a6, t2, a4
    or      a7, a7, a6
    UACC    sd, a7, 0(a0)
    mv      a7, t2
    addi    a5, a5, 8
    addi    a0, a0, 8
    addi    a2, a2, -8
    bgeu    a2, t1, .Lshift1
.Lshift_end:
    add     a1, a5, t6
.Lbytes:
    beqz    a2, .Ldone
.Lb_load:
    lb      t2, 0(a1)
.Lb_store:
    sb      t2, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       .Lbytes
.Ldone:
    csrc    sstatus, t0
    li      a0, 0
    ret
.Lfault:
    li      t0, SSTATUS_SUM
    csrc    sstatus, t0
    li      a0, -1
    ret

    .globl userprobe
userprobe:
    li      t0, SSTATUS_SUM
    csrs    sstatus, t0
.Lp_load:
    lb      t2, 0(a0)
    beqz    a1, .Ldone
.Lp_store:
    sb      t2, 0(a0)
    j       .Ldone

    .section .fixup_table, "a"
    .balign 8
    .dword  .Lb_load, .Lfault
    .dword  .Lb_store, .Lfault
    .dword  .Lp_load, .Lfault
    .dword  .Lp_store, .Lfault

/* usercopy_msg(a0 = dst kernel address, a1 = user va) -> a0 = 0 or -1:
   copies one 64-byte message from the current address space, unrolled. The
   caller has checked that [va, va+64) lies in user space and is 8-aligned. */
    .text
    .globl usercopy_msg
    .option push
    .option norvc                   /* fixed 4-byte loads: the table uses offsets */
usercopy_msg:
    li      t0, SSTATUS_SUM
    csrs    sstatus, t0
.Lm_load:
    ld      t1, 0(a1)
    ld      t2, 8(a1)
    ld      a2, 16(a1)
    ld      a3, 24(a1)
    ld      a4, 32(a1)
    ld      a5, 40(a1)
    ld      a6, 48(a1)
.Lm_last:
    ld      a7, 56(a1)
    csrc    sstatus, t0
    sd      t1, 0(a0)
    sd      t2, 8(a0)
    sd      a2, 16(a0)
    sd      a3, 24(a0)
    sd      a4, 32(a0)
    sd      a5, 40(a0)
    sd      a6, 48(a0)
    sd      a7, 56(a0)
    li      a0, 0
    ret
    .option pop

    .section .fixup_table, "a"
    .balign 8
    .dword  .Lm_load, .Lfault
    .dword  .Lm_load + 4, .Lfault
    .dword  .Lm_load + 8, .Lfault
    .dword  .Lm_load + 12, .Lfault
    .dword  .Lm_load + 16, .Lfault
    .dword  .Lm_load + 20, .Lfault
    .dword  .Lm_load + 24, .Lfault
    .dword  .Lm_last, .Lfault

/* usercopy_msg_out(a0 = user va, a1 = kernel src) -> a0 = 0 or -1: the
   reverse of usercopy_msg, for replies. Same conditions. */
    .text
    .globl usercopy_msg_out
    .option push
    .option norvc
usercopy_msg_out:
    ld      t1, 0(a1)
    ld      t2, 8(a1)
    ld      a2, 16(a1)
    ld      a3, 24(a1)
    ld      a4, 32(a1)
    ld      a5, 40(a1)
    ld      a6, 48(a1)
    ld      a7, 56(a1)
    li      t0, SSTATUS_SUM
    csrs    sstatus, t0
.Lo_store:
    sd      t1, 0(a0)
    sd      t2, 8(a0)
    sd      a2, 16(a0)
    sd      a3, 24(a0)
    sd      a4, 32(a0)
    sd      a5, 40(a0)
    sd      a6, 48(a0)
.Lo_last:
    sd      a7, 56(a0)
    csrc    sstatus, t0
    li      a0, 0
    ret
    .option pop

    .section .fixup_table, "a"
    .balign 8
    .dword  .Lo_store, .Lfault
    .dword  .Lo_store + 4, .Lfault
    .dword  .Lo_store + 8, .Lfault
    .dword  .Lo_store + 12, .Lfault
    .dword  .Lo_store + 16, .Lfault
    .dword  .Lo_store + 20, .Lfault
    .dword  .Lo_store + 24, .Lfault
    .dword  .Lo_last, .Lfault
