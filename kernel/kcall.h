// Kernel calls: a sendrec to ENDPOINT_SYSTEM. The message is copied in,
// checked against the caller's call mask, handled by one function per call
// (kernel/kcall/kc_<name>.c), and the reply copied back out.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/msg.h>

struct proc;

// Runs the kernel call whose message is at va in caller's memory. Returns
// 0, -MX_E* (the IPC result), or IPC_SUSPENDED if the caller is gone or blocked.
int kcall_from_user(struct proc *caller, uint64_t va);
// The same, also giving the call's own status (valid when it returns 0).
int kcall_from_user_status(struct proc *caller, uint64_t va, int *status);

// For PM's calls on a user process: the process ep names, if the caller is
// its signal manager (and, with awaiting, it waits in sendrec for the
// caller's reply); else NULL with *err = -MX_ESRCH, -MX_EPERM or -MX_EBUSY.
struct proc *kcall_managed_user(const struct proc *caller, endpoint_t ep, bool awaiting,
                                int *err);

// Handlers: return the status for the reply (0 or -MX_E*), or
// IPC_SUSPENDED when no reply must be sent (the caller exited).
int kc_getinfo(struct proc *caller, struct message *m);
int kc_privctl(struct proc *caller, struct message *m);
int kc_exit(struct proc *caller, struct message *m);
int kc_kill(struct proc *caller, struct message *m);
int kc_setalarm(struct proc *caller, struct message *m);
int kc_times(struct proc *caller, struct message *m);
int kc_vircopy(struct proc *caller, struct message *m);
int kc_abort(struct proc *caller, struct message *m);
int kc_diagctl(struct proc *caller, struct message *m);
int kc_getksig(struct proc *caller, struct message *m);
int kc_endksig(struct proc *caller, struct message *m);
int kc_spawn(struct proc *caller, struct message *m);
int kc_vmctl(struct proc *caller, struct message *m);
// VMCTL_MAP's work on p alone (no fault ended): MX_OK or an error, with
// nothing changed on error (kernel/fastpath.c ends the fault itself).
int vmctl_map_page(const struct kc_vmctl *v, struct proc *p);
// The same for a fault (the fast path): with VMCTL_ZERO in prot the shared
// zero page (a read of anonymous memory), else (or if it cannot be had) as
// vmctl_map_page.
int vmctl_map_fault(const struct kc_vmctl *v, struct proc *p);
int kc_update(struct proc *caller, struct message *m);
int kc_fork(struct proc *caller, struct message *m);
int kc_exec(struct proc *caller, struct message *m);
int kc_clear(struct proc *caller, struct message *m);
int kc_sigsend(struct proc *caller, struct message *m);
int kc_sigreturn(struct proc *caller, struct message *m);
int kc_irqctl(struct proc *caller, struct message *m);
int kc_devmap(struct proc *caller, struct message *m);
int kc_setgrant(struct proc *caller, struct message *m);
int kc_safecopy(struct proc *caller, struct message *m);
