/* Copies to and from the current address space's user pages, with
   sstatus.SUM set for the duration. Every load and store that may fault is
   listed in .fixup_table, so a fault (unmapped page, missing permission)
   makes the routine return -1 instead of trapping for good. The caller has
   already checked that the user range lies below ARCH_USER_VA_END.

   usercopy(a0 = dst, a1 = src, a2 = len) -> a0 = 0 or -1
   userprobe(a0 = va, a1 = write) -> a0 = 0 or -1: touches one byte (a
   read, or a read and a write-back of the same value). Clobber t0-t2. */
#define SSTATUS_SUM (1 << 18)

    .text
    .globl usercopy
usercopy:
    li      t0, SSTATUS_SUM
    csrs    sstatus, t0
    or      t1, a0, a1
    or      t1, t1, a2
    andi    t1, t1, 7
    bnez    t1, .Lbytes
.Lwords:
    beqz    a2, .Ldone
.Lw_load:
    ld      t2, 0(a1)
.Lw_store:
    sd      t2, 0(a0)
    addi    a0, a0, 8
    addi    a1, a1, 8
    addi    a2, a2, -8
    j       .Lwords
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
    .dword  .Lw_load, .Lfault
    .dword  .Lw_store, .Lfault
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
