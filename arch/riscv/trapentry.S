/* Trap vector and the way back.
   sscratch holds 0 while the kernel runs, and the current process's
   trapframe address while a process runs in U-mode.
   trap_entry: from U-mode saves all registers into that trapframe, switches
   to its kernel stack and calls trap_from_user(tf) (never returns); from
   S-mode saves a frame on the current stack, calls trap_from_kernel(tf) and
   resumes at the (possibly changed) sepc.
   arch_return_to_user(tf): a0 = trapframe; restores it and srets to U-mode. */
#include "trapframe.h"

.macro SAVE_GPRS base
    sd x1, TF_REG(1)(\base)
    sd x3, TF_REG(3)(\base)
    sd x4, TF_REG(4)(\base)
    sd x5, TF_REG(5)(\base)
    sd x6, TF_REG(6)(\base)
    sd x7, TF_REG(7)(\base)
    .irp n, 8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, TF_REG(\n)(\base)
    .endr
.endm

.macro SAVE_CSRS base
    csrr t0, sepc
    sd   t0, TF_SEPC(\base)
    csrr t0, sstatus
    sd   t0, TF_SSTATUS(\base)
    csrr t0, scause
    sd   t0, TF_SCAUSE(\base)
    csrr t0, stval
    sd   t0, TF_STVAL(\base)
.endm

/* Restores everything but the base register itself and sp. */
.macro RESTORE_GPRS_EXCEPT_BASE base
    ld x1, TF_REG(1)(\base)
    ld x3, TF_REG(3)(\base)
    ld x4, TF_REG(4)(\base)
    .irp n, 5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld x\n, TF_REG(\n)(\base)
    .endr
.endm

    .text
    .balign 4
    .globl trap_entry
trap_entry:
    csrrw   sp, sscratch, sp        /* user: sp = trapframe; kernel: sp = 0 */
    bnez    sp, .Lfrom_user
    csrrw   sp, sscratch, zero      /* sp = kernel sp again, sscratch = 0 */
    addi    sp, sp, -TF_SIZE
    SAVE_GPRS sp
    addi    t0, sp, TF_SIZE
    sd      t0, TF_REG(2)(sp)       /* the interrupted sp */
    SAVE_CSRS sp
    mv      a0, sp
    call    trap_from_kernel
    ld      t0, TF_SEPC(sp)
    csrw    sepc, t0
    ld      t0, TF_SSTATUS(sp)
    csrw    sstatus, t0
    mv      a0, sp
    RESTORE_GPRS_EXCEPT_BASE a0
    ld      a0, TF_REG(10)(sp)
    addi    sp, sp, TF_SIZE
    sret

.Lfrom_user:
    SAVE_GPRS sp
    csrrw   t0, sscratch, zero      /* user sp; back to "in the kernel" */
    sd      t0, TF_REG(2)(sp)
    SAVE_CSRS sp
    .option push
    .option norelax
    la      gp, __global_pointer$   /* user code may have changed gp */
    .option pop
    mv      a0, sp
    ld      sp, TF_KSP(sp)
    call    trap_from_user          /* does not return */
1:  j       1b

    .globl arch_return_to_user
arch_return_to_user:
    csrw    sscratch, a0            /* the next trap saves into this frame */
    ld      t0, TF_SEPC(a0)
    csrw    sepc, t0
    ld      t0, TF_SSTATUS(a0)
    csrw    sstatus, t0
    RESTORE_GPRS_EXCEPT_BASE a0
    ld      sp, TF_REG(2)(a0)
    ld      a0, TF_REG(10)(a0)
    sret
