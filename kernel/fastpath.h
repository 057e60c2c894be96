// The IPC fast path: sendrec to a server that waits in receive, and
// replyrecv to a client that waits for its reply, when nothing unusual is
// going on. It copies the message once, updates both processes, and switches
// straight to the receiver. Every other case (and any doubt) takes the
// generic path in kernel/ipc.c, which stays the reference semantics.
#pragma once

#include <stdnoreturn.h>

#include "arch.h"

// The trap of an IPC call (ecall) from the process whose context is ctx.
noreturn void kernel_syscall_trap(struct arch_context *ctx);

struct proc;
// The pager's IPC_KCALLRECV (buffer va) of VMCTL_MAP with resume for the
// only queued fault: maps, blocks the pager in receive and enters the
// faulting process; returns (nothing changed) if the generic path must do it.
void fault_end_fast(struct proc *caller, uint64_t va);
