// Message passing between processes (MINIX semantics, see include/mirv/ipc.h).
//
// Messages are copied into the kernel (the sender's struct proc) at send
// time and into the receiver's buffer when it next runs, so every user-memory
// access happens through arch_copy_*_user on the owner's address space.
// Calls return 0, -MX_E*, or IPC_SUSPENDED when the caller blocked (its
// result is set later, when it is released).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

enum { IPC_SUSPENDED = 1 };

enum kernel_source { KSRC_CLOCK = 1u << 0, KSRC_SYSTEM = 1u << 1, KSRC_HARDWARE = 1u << 2 };

struct proc;

int ipc_send(struct proc *caller, endpoint_t dst_ep, uint64_t msg_va, bool sendrec,
             bool nonblock);
int ipc_receive(struct proc *caller, endpoint_t src_ep, uint64_t msg_va);
int ipc_notify(struct proc *caller, endpoint_t dst_ep);
// A notification from a kernel source (endpoint CLOCK, SYSTEM or HARDWARE) to dst.
void ipc_notify_kernel(struct proc *dst, enum kernel_source src);

// Decodes the caller's IPC trap and runs it (kernel calls included).
void ipc_syscall(struct proc *caller);
// Before p runs: copies a delivered message to its buffer and sets the result.
void ipc_finish_copyout(struct proc *p);
// p is going away: senders and receivers waiting on it fail with
// MX_EDEADSRCDST, it leaves any queue, its notifications are dropped.
void ipc_cleanup(struct proc *p);
// Is p in a sendrec to `from`, waiting for its reply?
bool ipc_awaits_reply_from(const struct proc *p, endpoint_t from);
// child (a fork of parent) waits for the same reply as parent does.
int ipc_fork_wait(struct proc *child, const struct proc *parent);
// p stops waiting for its reply and will not get one (exec).
void ipc_drop_reply(struct proc *p);
