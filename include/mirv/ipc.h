// The IPC trap ABI. A process traps with `ecall`:
//   a7 = enum ipc_op, a0 = endpoint, a1 = user address of a struct message
// and gets 0 or -MX_E* back in a0. The kernel keeps ra, sp, gp, tp and
// s0-s11; a1-a7 and t0-t6 come back holding no value of another process or
// of the kernel, but not necessarily the ones the process had. Kernel calls
// are IPC_SENDREC to ENDPOINT_SYSTEM with the message type set to a
// kernel-call number.
//
//   send      block until dst receives the message
//   receive   block until a message or notification from src (or ANY) arrives
//   sendrec   send, then receive the reply from dst (atomically)
//   notify    non-blocking; pending notifications from one source coalesce
//   sendnb    send only if dst is already waiting; else MX_ENOTREADY
//   replyrecv for servers: send the reply to a0 (who must be waiting for it,
//             else MX_ENOTREADY and no receive), then receive from ANY into
//             the same buffer: one trap instead of two
//   kcallrecv the kernel call in the buffer, then (if it succeeded) receive
//             from ANY into the same buffer; a failed call returns its status
//             and receives nothing (the pager's map-and-wait, in one trap)
#pragma once

enum ipc_op {
    IPC_SEND = 1,
    IPC_RECEIVE = 2,
    IPC_SENDREC = 3,
    IPC_NOTIFY = 4,
    IPC_SENDNB = 5,
    IPC_REPLYRECV = 6,
    IPC_KCALLRECV = 7,
};
