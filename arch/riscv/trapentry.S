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

/* arch_as_switch to the address space of the process at \p: a full
   flush only when the root changes. Uses t0, t1. */
/* sched_direct_switch's conditions, for s0 (running, about to block) and
   s1 (blocked, about to run): s0 alone in its ready queue and nobody ready
   in s1's queue or above it once s0 blocks; else branch to \slow with
   nothing changed. Leaves s7 = &sched, s8 = s0's queue, s10 = s1's queue,
   s9 = the ready-queue bits after the switch. Uses t2-t6. */
.macro SCHED_MAY_SWITCH slow
    ld      t2, P_READY_NEXT(s0)
    bnez    t2, \slow
    lw      t3, P_PRIO(s0)
    la      s7, sched
    slli    t4, t3, 3
    add     s8, s7, t4
    ld      t2, S_HEAD(s8)
    bne     t2, s0, \slow
    lw      t5, S_NONEMPTY(s7)
    li      t6, 1
    sll     t6, t6, t3
    xor     t5, t5, t6              /* ready queues without s0's */
    lw      t3, P_PRIO(s1)
    li      s9, 1
    sll     s9, s9, t3              /* s1's queue bit */
    slli    t6, s9, 1
    addi    t6, t6, -1
    and     t6, t6, t5
    bnez    t6, \slow
    or      s9, s9, t5
    slli    t4, t3, 3
    add     s10, s7, t4
.endm

/* The switch SCHED_MAY_SWITCH allowed: s0 leaves the ready queues, s1 is
   alone in its own (its quantum refilled if used up) and current. */
.macro SCHED_SWITCH
    sb      zero, P_ON_READY(s0)
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
1:
.endm

.macro AS_SWITCH p
    ld      t0, P_AS_ROOT(\p)
    ld      t1, current_root
    beq     t0, t1, 9f
    sd      t0, current_root, t1
    srli    t0, t0, 12
    li      t1, SATP_SV39_SHIFTED
    slli    t1, t1, 60
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
9:
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
    SCHED_MAY_SWITCH .Lslow
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
    SCHED_SWITCH                    /* the caller's queue emptied, dst alone in its own */
    /* dst: its receive is over (its result, RESULT_OK, goes in a0 below) */
    sb      zero, P_REPLY_PENDING(s1)
    li      t0, EP_NONE
    sw      t0, P_RECV_FROM(s1)
    sd      zero, P_MSG_KPTR(s1)
    sw      zero, P_RTS(s1)
.Lfp_enter:                         /* s1 = a process blocked in an ecall */
ipc_fastpath_enter:                 /* (a symbol for profiles) */
    AS_SWITCH s1                    /* dst's address space */
    /* back to U-mode in dst: sstatus is already right (the trap from
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
    SCHED_MAY_SWITCH .Lslow_saved
    /* p: stopped on its fault, alone in the queue */
    sd      a2, P_PF_ADDR(s0)
    sw      s4, P_PF_ACCESS(s0)
    sd      zero, P_PF_NEXT(s0)
    sd      s0, PF_HEAD(s3)
    sd      s0, PF_TAIL(s3)
    li      t0, RTS_PAGEFAULT_FLAG
    sw      t0, P_RTS(s0)
    SCHED_SWITCH                    /* p's queue emptied, the pager alone in its own */
    /* the SIGKPF notification carrying the fault, in the pager's buffer */
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

/* ---- the map half of a page fault ----
   a0 is no process (ANY, SYSTEM, ...): the pager's kernel call and
   receive in one (IPC_KCALLRECV) may be the end of a page fault: VMCTL_MAP
   with resume for the only queued fault, when the pager's receive would
   block and the scheduler would then run the faulting process. That is
   fault_end_fast (kernel/fastpath.c) in assembly: the checks, the map's
   usual case (the walk in assembly, the frame from frame_alloc_prezeroed,
   frame_alloc or zero_frame, in C), then the pager blocked
   in receive, the process made runnable and current, and the process's
   registers restored. The request is read through the pager's cached
   buffer pointer (known writable) and no reply is written. A check that
   fails goes to .Lslow with nothing changed (the C side decides again, as
   for any ecall); so does a map that fails (the generic KC_VMCTL gives
   the answer: ENOMEM and fail_sig, a copy-on-write break, ...).
   In: as ipc_fastpath. Uses: s1 the faulting process, s2 the request,
   s3 &pf_state, s4 the leaf PTE's slot, s5 the request's prot, s6 the
   page number; s7..s10 as the IPC fast path (queues). */
.Lfp_not_process:
kcallrecv_fastpath:                 /* (a symbol for profiles) */
    li      t3, OP_KCALLRECV
    bne     a7, t3, .Lslow
    ld      s2, P_KPTR_CACHE(s0)
    beqz    s2, .Lslow
    ld      t0, P_KPTR_CACHE_VA(s0)
    bne     t0, a1, .Lslow          /* the request is in the cached buffer */
    lw      t0, M_TYPE(s2)
    li      t1, KC_VMCTL_NR
    bne     t0, t1, .Lslow
    lw      t0, M_VMCTL_OP(s2)
    li      t1, VMCTL_MAP_OP
    bne     t0, t1, .Lslow
    lw      t0, M_VMCTL_RESUME(s2)
    beqz    t0, .Lslow
    ld      t0, P_KCALL_MASK(s0)
    srli    t0, t0, KC_VMCTL_BIT
    andi    t0, t0, 1
    beqz    t0, .Lslow              /* the caller may call KC_VMCTL */
    ld      t0, P_SENDERS(s0)       /* its receive would block */
    bnez    t0, .Lslow
    lw      t0, P_NOTIFY_KERNEL(s0)
    bnez    t0, .Lslow
    ld      t0, P_NOTIFY_PENDING(s0)
    bnez    t0, .Lslow
    /* pf_resolve_fast: the request is for the only queued fault, and the
       caller is the pager */
    la      s3, pf_state
    ld      s1, PF_HEAD(s3)
    beqz    s1, .Lslow
    lw      t0, P_EP(s1)
    lw      t1, M_VMCTL_EP(s2)
    bne     t0, t1, .Lslow
    ld      t0, P_PF_NEXT(s1)
    bnez    t0, .Lslow
    lw      t0, P_RTS(s1)
    li      t1, RTS_PAGEFAULT_FLAG
    bne     t0, t1, .Lslow
    ld      t0, PF_PAGER_P(s3)
    bne     t0, s0, .Lslow
    lw      t0, P_EP(s0)
    lw      t1, PF_PAGER(s3)
    bne     t0, t1, .Lslow
    /* sched_may_switch(caller, p), as in .Lfp_sched */
    SCHED_MAY_SWITCH .Lslow
    /* the map (C); the caller's registers of the ecall kept for .Lslow */
    sd      a0, TF_REG(10)(s0)
    sd      a1, TF_REG(11)(s0)
    sd      a7, TF_REG(17)(s0)
    /* the map: vmctl_map_fault's usual case (kernel/kcall/kc_vmctl.c,
       arch_as_map): both table levels there and the slot empty; a zeroed
       frame (frame_alloc) with R, W, X as asked and A, D set, or for
       VMCTL_ZERO the shared zero page read-only (copy-on-write if W) */
    lw      s5, M_VMCTL_PROT(s2)
    andi    t0, s5, VMCTL_RWX
    beqz    t0, .Lkr_map_c
    ld      s6, M_VMCTL_VA(s2)
    li      t0, USER_VA_END
    bgeu    s6, t0, .Lkr_map_c
    srli    s6, s6, 12              /* the page number */
    ld      t0, P_AS_ROOT(s1)
    li      t3, PTE_VALID
    srli    t1, s6, 18
    andi    t1, t1, 511
    slli    t1, t1, 3
    add     t0, t0, t1
    ld      t0, 0(t0)               /* level 2: a table */
    andi    t2, t0, PTE_KIND_MASK
    bne     t2, t3, .Lkr_map_c
    srli    t0, t0, 10
    slli    t0, t0, 12
    srli    t1, s6, 9
    andi    t1, t1, 511
    slli    t1, t1, 3
    add     t0, t0, t1
    ld      t0, 0(t0)               /* level 1: a table */
    andi    t2, t0, PTE_KIND_MASK
    bne     t2, t3, .Lkr_map_c
    srli    t0, t0, 10
    slli    t0, t0, 12
    andi    t1, s6, 511
    slli    t1, t1, 3
    add     s4, t0, t1              /* the leaf slot */
    ld      t0, 0(s4)
    bnez    t0, .Lkr_map_c          /* something there */
    andi    t0, s5, VMCTL_ZERO_BIT
    bnez    t0, .Lkr_zero
    call    frame_alloc_prezeroed   /* zeroed, one reference (a leaf) */
    bnez    a0, 1f
    call    frame_alloc             /* the pool is empty: zeroes one */
    beqz    a0, .Lkr_unmapped       /* none: ENOMEM, fail_sig (generic) */
1:
    andi    t0, s5, VMCTL_RWX
    slli    t0, t0, 1               /* R, W, X */
    andi    t1, s5, VMCTL_W_BIT
    or      t0, t0, t1              /* W -> R */
    ori     t0, t0, PTE_USER_LEAF
.Lkr_count:
    ld      t1, P_AS_ROOT(s1)       /* the space's page count */
    li      t2, PAGES_SLOT_OFFSET
    add     t1, t1, t2
    ld      t2, 0(t1)
    addi    t2, t2, PAGES_ONE
    sd      t2, 0(t1)
    j       .Lkr_store
.Lkr_zero:
    call    zero_frame
    beqz    a0, .Lkr_map_c
    andi    t0, s5, VMCTL_X_BIT
    slli    t0, t0, 1
    ori     t0, t0, PTE_USER_READ
    andi    t1, s5, VMCTL_W_BIT
    beqz    t1, .Lkr_count          /* read-only: counted, as arch_as_map does */
    li      t1, PTE_COW_BITS        /* copy-on-write: nobody's, not counted */
    or      t0, t0, t1
.Lkr_store:
    srli    a0, a0, 12
    slli    a0, a0, 10
    or      a0, a0, t0
    sd      a0, 0(s4)
    slli    t0, s6, 12
    sfence.vma t0                   /* only that address (arch_flush_page) */
    j       .Lkr_mapped
.Lkr_map_c:                         /* anything else (a table to add, a page
                                       there: served twice or copy-on-write,
                                       no zero page): the map in C; if it
                                       fails, the generic path decides */
    addi    a0, s2, M_VMCTL
    mv      a1, s1
    call    vmctl_map_fault
    bnez    a0, .Lkr_unmapped
.Lkr_mapped:
    /* pf_resolved_fast: p runs again */
    sd      zero, PF_HEAD(s3)
    sd      zero, PF_TAIL(s3)
    sw      zero, P_RTS(s1)
    SCHED_SWITCH                    /* sched_switch(caller, p) */
    /* the pager: waits in receive for the next message, after its ecall */
    csrr    t0, sepc
    addi    t0, t0, 4
    sd      t0, TF_SEPC(s0)
    li      t0, EP_ANY
    sw      t0, P_RECV_FROM(s0)
    sb      zero, P_REPLY_PENDING(s0)
    ld      t0, TF_REG(11)(s0)
    sd      t0, P_MSG_VA(s0)
    sd      s2, P_MSG_KPTR(s0)
    li      t0, RTS_RECEIVING_FLAG
    sw      t0, P_RTS(s0)
    /* back to p, every register as it faulted (sstatus as in .Lfp_enter) */
    AS_SWITCH s1
    csrw    sscratch, s1
    ld      t0, TF_SEPC(s1)
    csrw    sepc, t0
    mv      a0, s1
    RESTORE_GPRS_EXCEPT_BASE a0
    ld      sp, TF_REG(2)(a0)
    ld      a0, TF_REG(10)(a0)
    sret
.Lkr_unmapped:                      /* the generic path, as it was */
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
