/* IPC trap stubs (include/mirv/ipc.h): a0 = endpoint, a1 = message;
   a7 = operation; the result comes back in a0. Like any C function they
   keep ra (the caller's), sp, gp, tp and s0-s11 and clobber a1-a7 and
   t0-t6: the kernel does not preserve those across an ecall. */
.macro IPC_STUB name, op
    .text
    .globl \name
\name:
    li      a7, \op
    ecall
    ret
.endm

IPC_STUB ipc_send, 1
IPC_STUB ipc_receive, 2
IPC_STUB ipc_sendrec, 3
IPC_STUB ipc_notify, 4
IPC_STUB ipc_sendnb, 5
IPC_STUB ipc_replyrecv, 6
IPC_STUB ipc_kcallrecv, 7

/* Signal handlers return here (the kernel set ra when PM delivered the
   signal); sp is back at the signal frame, which goes to PM to resume. */
    .globl __mirv_sigtramp
__mirv_sigtramp:
    mv      a0, sp
    call    __mirv_sigreturn
1:  j       1b
