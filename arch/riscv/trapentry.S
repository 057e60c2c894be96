/* Trap vector, the IPC fast path, and the way back.
   sscratch holds 0 while the kernel runs, and the current process's
   trapframe address while a process runs in U-mode.
   trap_entry: from U-mode saves the process's registers into that
   trapframe, switches to its kernel stack and, for an ecall that the fast
   path below cannot finish, calls trap_from_user(tf) (never returns); from
   S-mode saves a frame on the current stack, calls trap_from_kernel(tf) and
   resumes at the (possibly changed) sepc.
   An ecall saves only what the calling convention makes the callee keep
   (ra, sp, gp, tp, s0-s11), and the arguments a0, a1, a7 when it goes on
   to C: an ecall returns a1-a7 and t0-t6 holding no value of anyone but
   the process itself (the fast path zeroes them), a0 the result. Every
   other trap saves all registers.
   arch_return_to_user(tf): a0 = trapframe; restores it and srets to U-mode. */
#include "trapframe.h"
#include "asm_offsets.h" /* generated from asm_offsets.c */

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

/* What an ecall must keep: ra, gp, tp, s0-s11 (sp is saved separately). */
.macro SAVE_ECALL_REGS base
    .irp n, 1,3,4,8,9,18,19,20,21,22,23,24,25,26,27
    sd x\n, TF_REG(\n)(\base)
    .endr
.endm

/* The rest but a0, a1, a7 (saved on the way to C), for traps that must
   resume the process exactly. */
.macro SAVE_OTHER_REGS base
    .irp n, 5,6,7,12,13,14,15,16,28,29,30,31
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
    SAVE_ECALL_REGS sp
    csrrw   ra, sscratch, zero      /* user sp; back to "in the kernel" */
    sd      ra, TF_REG(2)(sp)
    .option push
    .option norelax
    la      gp, __global_pointer$   /* user code may have changed gp */
    .option pop
    mv      s0, sp                  /* s0 = the frame, which starts struct proc */
    ld      sp, TF_KSP(s0)
    csrr    ra, scause
    addi    ra, ra, -CAUSE_ECALL_U
    beqz    ra, ipc_fastpath
    SAVE_OTHER_REGS s0              /* not an ecall: keep everything */
    addi    ra, ra, CAUSE_ECALL_U - CAUSE_STORE_PAGE_FAULT
    li      s4, 'w'
    beqz    ra, pf_fastpath
    addi    ra, ra, CAUSE_STORE_PAGE_FAULT - CAUSE_LOAD_PAGE_FAULT
    li      s4, 'r'
    beqz    ra, pf_fastpath
.Lslow:                             /* s0 = frame, sp = kernel stack */
trap_to_c:                          /* (a symbol for profiles: the way to C) */
    sd      a0, TF_REG(10)(s0)      /* the ecall's arguments, for the C side */
    sd      a1, TF_REG(11)(s0)
    sd      a7, TF_REG(17)(s0)
.Lslow_saved:                       /* every register is in the frame */
    SAVE_CSRS s0
    mv      a0, s0
    call    trap_from_user          /* does not return */
1:  j       1b

/* ---- IPC fast path ----
   sendrec or replyrecv to a process that is waiting for exactly this
   message, when the scheduler would run it next anyway: copy the message
   straight into its buffer, make the state changes of kernel/fastpath.c
   (which the generic path would make too), switch address space and return
   to the receiver. The conditions are those of fast_target() and
   sched_direct_switch() in the portable kernel; anything else (and a fault
   while copying) goes to .Lslow with nothing changed, and the generic path
   gives the answer (EPERM, EFAULT, deadlock refusal, queueing, ...).
   In: s0 = caller (frame = struct proc), a7 = op, a0 = endpoint, a1 = user
   message address, sp = kernel stack, gp = kernel gp. a0, a1 and a7 are
   only read (.Lslow saves them); the other registers are free.
   Uses: s1 dst, s2 dst's buffer (kernel pointer), s3 caller's buffer
   (kernel pointer), s4 caller's endpoint, s5/s6 caller's new recv_from and
   reply_pending, s7 &sched, s8 &sched.head[caller prio], s9 new nonempty,
   s10 &sched.head[dst prio]. */
ipc_fastpath:
    /* dst = procs[a0 & mask], if it carries exactly endpoint a0 and is
       blocked in receive: a0 that is no live process's endpoint (ANY,
       SYSTEM, a stale generation, a free slot, bits above 31) and the
       caller itself (running) fail one of the next two tests */
    andi    t1, a0, PROC_SLOT_MASK
    li      t2, PROC_SIZE
    mul     t2, t1, t2
    la      s1, procs
    add     s1, s1, t2
    lw      t2, P_EP(s1)
    bne     t2, a0, .Lfp_not_process
    lw      t2, P_RTS(s1)
    li      t3, RTS_RECEIVING_FLAG
    bne     t2, t3, .Lslow          /* blocked in receive, nothing else */
    ld      s2, P_MSG_KPTR(s1)
    beqz    s2, .Lslow              /* its buffer has a kernel pointer */
    ld      t2, P_IPC_TO(s0)
    srl     t2, t2, t1
    andi    t2, t2, 1
    beqz    t2, .Lslow              /* caller may send to dst's slot */
    ld      s3, P_KPTR_CACHE(s0)
    beqz    s3, .Lslow
    ld      t2, P_KPTR_CACHE_VA(s0)
    bne     t2, a1, .Lslow          /* caller's buffer is known writable */
    andi    t2, a1, 7
    bnez    t2, .Lslow              /* aligned for double-word copies */
    lw      s4, P_EP(s0)
    lw      t2, P_RECV_FROM(s1)
    li      t3, OP_SENDREC
    bne     a7, t3, .Lfp_replyrecv
    mv      s5, a0                  /* sendrec: then await dst's reply */
    li      s6, 1
    li      t3, EP_ANY
    beq     t2, t3, .Lfp_sched      /* dst receives from anyone... */
    bne     t2, s4, .Lslow          /* ...or from the caller */
    j       .Lfp_sched
.Lfp_replyrecv:
    li      t3, OP_REPLYRECV
    bne     a7, t3, .Lslow
    bne     t2, s4, .Lslow          /* dst awaits this very reply */
    ld      t2, P_SENDERS(s0)       /* and the caller's receive would */
    bnez    t2, .Lslow              /* find nothing waiting */
    lw      t2, P_NOTIFY_KERNEL(s0)
    bnez    t2, .Lslow
    ld      t2, P_NOTIFY_PENDING(s0)
    bnez    t2, .Lslow
    li      s5, EP_ANY              /* then receive from anyone */
    li      s6, 0
.Lfp_sched:
    /* sched_direct_switch: the caller alone in its queue, and nobody ready
       in dst's queue or above it once the caller blocks. (Heading a ready
       queue, the caller is runnable: fast_target's rts == 0.) */
    ld      t2, P_READY_NEXT(s0)
    bnez    t2, .Lslow
    lw      t3, P_PRIO(s0)
    la      s7, sched
    slli    t4, t3, 3
    add     s8, s7, t4
    ld      t2, S_HEAD(s8)
    bne     t2, s0, .Lslow
    lw      t5, S_NONEMPTY(s7)
    li      t6, 1
    sll     t6, t6, t3
    xor     t5, t5, t6              /* ready queues without the caller's */
    lw      t3, P_PRIO(s1)
    li      s9, 1
    sll     s9, s9, t3              /* dst's queue bit */
    slli    t6, s9, 1
    addi    t6, t6, -1
    and     t6, t6, t5
    bnez    t6, .Lslow
    or      s9, s9, t5
    slli    t4, t3, 3
    add     s10, s7, t4
    /* the message, from the caller's memory straight into dst's buffer */
    li      t0, SUM_BIT
    csrs    sstatus, t0
    .option push
    .option norvc                   /* fixed 4-byte loads: the table uses offsets */
.Lfp_load:
    ld      a2, 0(a1)
    ld      a3, 8(a1)
    ld      a4, 16(a1)
    ld      a5, 24(a1)
    ld      a6, 32(a1)
    ld      t1, 40(a1)
    ld      t2, 48(a1)
    ld      t3, 56(a1)
    .option pop
    csrc    sstatus, t0
    sd      a2, 0(s2)
    sd      a3, 8(s2)
    sd      a4, 16(s2)
    sd      a5, 24(s2)
    sd      a6, 32(s2)
    sd      t1, 40(s2)
    sd      t2, 48(s2)
    sd      t3, 56(s2)
    sw      s4, 0(s2)               /* source = the caller */
    /* the caller: blocked in receive, resumes after its ecall */
    csrr    t0, sepc
    addi    t0, t0, 4
    sd      t0, TF_SEPC(s0)
    sw      s5, P_RECV_FROM(s0)
    sb      s6, P_REPLY_PENDING(s0)
    sd      a1, P_MSG_VA(s0)
    sd      s3, P_MSG_KPTR(s0)
    li      t0, RTS_RECEIVING_FLAG
    sw      t0, P_RTS(s0)
    sb      zero, P_ON_READY(s0)
    /* the queues: the caller's emptied, dst alone in its own, dst current */
    sd      zero, S_HEAD(s8)
    sd      zero, S_TAIL(s8)
    sd      s1, S_HEAD(s10)
    sd      s1, S_TAIL(s10)
    sw      s9, S_NONEMPTY(s7)
    sd      s1, S_CURRENT(s7)
    sd      zero, P_READY_NEXT(s1)
    li      t0, 1
    sb      t0, P_ON_READY(s1)
    lw      t0, P_TICKS_LEFT(s1)
    bnez    t0, 1f
    lw      t0, P_QUANTUM(s1)
    sw      t0, P_TICKS_LEFT(s1)
1:  /* dst: its receive is over (its result, RESULT_OK, goes in a0 below) */
    sb      zero, P_REPLY_PENDING(s1)
    li      t0, EP_NONE
    sw      t0, P_RECV_FROM(s1)
    sd      zero, P_MSG_KPTR(s1)
    sw      zero, P_RTS(s1)
.Lfp_enter:                         /* s1 = a process blocked in an ecall */
ipc_fastpath_enter:                 /* (a symbol for profiles) */
    /* dst's address space (arch_as_switch) */
    ld      t0, P_AS_ROOT(s1)
    ld      t1, current_root
    beq     t0, t1, 2f
    sd      t0, current_root, t1
    srli    t0, t0, 12
    li      t1, SATP_SV39_SHIFTED
    slli    t1, t1, 60
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
2:  /* back to U-mode in dst: sstatus is already right (the trap from
       U-mode left SPP = U and SPIE = 1, and SUM is clear) */
    csrw    sscratch, s1
    ld      t0, TF_SEPC(s1)
    csrw    sepc, t0
    li      a0, RESULT_OK
    .irp n, 5,6,7,11,12,13,14,15,16,17,28,29,30,31
    li      x\n, 0                  /* nothing of the caller's or the kernel's */
    .endr
    .irp n, 1,3,4,8,18,19,20,21,22,23,24,25,26,27
    ld      x\n, TF_REG(\n)(s1)
    .endr
    ld      sp, TF_REG(2)(s1)
    ld      s1, TF_REG(9)(s1)
    sret

/* ---- page-fault fast path ----
   A U-mode store or load page fault while the pager (VM) waits in receive for
   anything, with nothing else pending, no fault queued, and the scheduler
   would run it next: pf_raise_fast (kernel/pagefault.c) in assembly. The
   faulting process stops on its fault (alone in the queue), the SIGKPF
   notification with the fault record goes straight into the pager's
   buffer, and the pager resumes from its ecall through the IPC fast path's
   exit. Anything else goes to .Lslow_saved with nothing changed, and the
   C side decides (pf_raise_fast again, or the generic pf_raise).
   In: s0 = the faulting process (frame = struct proc), s4 = the access
   ('w' or 'r'), every register but a0, a1, a7 saved, sp = kernel stack,
   gp = kernel gp.
   Uses: s1 pager, s2 its buffer (kernel pointer), s3 &pf_state, a2 the
   address; s7..s10 as the IPC fast path (queues). */
pf_fastpath:
    sd      a0, TF_REG(10)(s0)
    sd      a1, TF_REG(11)(s0)
    sd      a7, TF_REG(17)(s0)
    csrr    t0, sepc
    sd      t0, TF_SEPC(s0)         /* it retries the store once served */
    csrr    a2, stval
    li      t0, USER_VA_END
    bgeu    a2, t0, .Lslow_saved
    la      s3, pf_state
    ld      s1, PF_PAGER_P(s3)
    beqz    s1, .Lslow_saved
    beq     s1, s0, .Lslow_saved    /* the pager's own fault: its manager's */
    lw      t0, P_EP(s1)
    lw      t1, PF_PAGER(s3)
    bne     t0, t1, .Lslow_saved    /* the slot no longer holds the pager */
    ld      t0, PF_HEAD(s3)
    bnez    t0, .Lslow_saved        /* faults queued: they go first */
    lw      t0, P_RTS(s1)
    li      t1, RTS_RECEIVING_FLAG
    bne     t0, t1, .Lslow_saved    /* pager blocked in receive, nothing else */
    lw      t0, P_RECV_FROM(s1)
    li      t1, EP_ANY
    bne     t0, t1, .Lslow_saved
    lbu     t0, P_REPLY_PENDING(s1)
    bnez    t0, .Lslow_saved
    ld      s2, P_MSG_KPTR(s1)
    beqz    s2, .Lslow_saved
    ld      t0, P_SIG_SELF(s1)
    bnez    t0, .Lslow_saved
    lw      t0, P_NOTIFY_KERNEL(s1)
    bnez    t0, .Lslow_saved
    /* sched_may_switch(p, pager), as in .Lfp_sched */
    ld      t2, P_READY_NEXT(s0)
    bnez    t2, .Lslow_saved
    lw      t3, P_PRIO(s0)
    la      s7, sched
    slli    t4, t3, 3
    add     s8, s7, t4
    ld      t2, S_HEAD(s8)
    bne     t2, s0, .Lslow_saved
    lw      t5, S_NONEMPTY(s7)
    li      t6, 1
    sll     t6, t6, t3
    xor     t5, t5, t6
    lw      t3, P_PRIO(s1)
    li      s9, 1
    sll     s9, s9, t3
    slli    t6, s9, 1
    addi    t6, t6, -1
    and     t6, t6, t5
    bnez    t6, .Lslow_saved
    or      s9, s9, t5
    slli    t4, t3, 3
    add     s10, s7, t4
    /* p: stopped on its fault, alone in the queue */
    sd      a2, P_PF_ADDR(s0)
    sw      s4, P_PF_ACCESS(s0)
    sd      zero, P_PF_NEXT(s0)
    sd      s0, PF_HEAD(s3)
    sd      s0, PF_TAIL(s3)
    li      t0, RTS_PAGEFAULT_FLAG
    sw      t0, P_RTS(s0)
    sb      zero, P_ON_READY(s0)
    /* the queues: p's emptied, the pager alone in its own and current */
    sd      zero, S_HEAD(s8)
    sd      zero, S_TAIL(s8)
    sd      s1, S_HEAD(s10)
    sd      s1, S_TAIL(s10)
    sw      s9, S_NONEMPTY(s7)
    sd      s1, S_CURRENT(s7)
    sd      zero, P_READY_NEXT(s1)
    li      t0, 1
    sb      t0, P_ON_READY(s1)
    lw      t0, P_TICKS_LEFT(s1)
    bnez    t0, 1f
    lw      t0, P_QUANTUM(s1)
    sw      t0, P_TICKS_LEFT(s1)
1:  /* the SIGKPF notification carrying the fault, in the pager's buffer */
    li      t0, NOTIFY_SYSTEM_HEADER
    sd      t0, 0(s2)
    ld      t0, PF_TICKS(s3)
    ld      t0, 0(t0)
    sd      t0, 8(s2)               /* timestamp */
    li      t0, SIGKPF_BIT
    sd      t0, 16(s2)              /* signals */
    lwu     t0, P_EP(s0)
    slli    t1, s4, 32
    or      t0, t0, t1
    sd      t0, 24(s2)              /* pf_ep, pf_access */
    sd      a2, 32(s2)              /* pf_addr */
    sd      zero, 40(s2)
    sd      zero, 48(s2)
    sd      zero, 56(s2)
    /* the pager: its receive is over */
    sb      zero, P_REPLY_PENDING(s1)
    li      t0, EP_NONE
    sw      t0, P_RECV_FROM(s1)
    sd      zero, P_MSG_KPTR(s1)
    sw      zero, P_RTS(s1)
    j       .Lfp_enter

/* a0 is no process (ANY, SYSTEM, ...): the pager's kernel call and
   receive in one (IPC_KCALLRECV) may be the end of a page fault, which
   fault_end_fast (kernel/fastpath.c) finishes if it can: it does not
   return then. Otherwise the generic path with the registers as they were. */
.Lfp_not_process:
kcallrecv_fastpath:                 /* (a symbol for profiles) */
    li      t3, OP_KCALLRECV
    bne     a7, t3, .Lslow
    sd      a0, TF_REG(10)(s0)
    sd      a1, TF_REG(11)(s0)
    sd      a7, TF_REG(17)(s0)
    csrr    t0, sepc
    addi    t0, t0, 4
    sd      t0, TF_SEPC(s0)         /* where the pager resumes after its receive */
    mv      a0, s0
    call    fault_end_fast          /* a1 = the message buffer */
    ld      a0, TF_REG(10)(s0)
    ld      a1, TF_REG(11)(s0)
    ld      a7, TF_REG(17)(s0)
    j       .Lslow

.Lfp_fault:                         /* the caller's buffer faulted: EFAULT */
    li      t0, SUM_BIT             /* from the generic path */
    csrc    sstatus, t0
    j       .Lslow

    .section .fixup_table, "a"
    .balign 8
    .irp n, 0,4,8,12,16,20,24,28
    .dword  .Lfp_load + \n, .Lfp_fault
    .endr
    .text

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
