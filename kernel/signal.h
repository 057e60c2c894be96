// Kernel signals and signal managers.
//
// sig_cause(p, sig): a signal for process p, handled by p's signal manager
//   (RS for system processes, PM for user processes). p stops (SIGNALED and
//   SIG_PENDING) and its manager gets SIGKSIG; the manager fetches the
//   signals with getksig and lets p run again with endksig.
// sig_send(p, sig): a kernel signal addressed to system process p itself
//   (SIGKSIG for a manager, SIGKPF/SIGKMEM for VM), delivered as a
//   notification from SYSTEM whose payload carries the pending set.
// A process with no live manager keeps the old behaviour: it stays stopped
// and the console says why.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

struct proc;

void sig_cause(struct proc *p, int sig);
void sig_send(struct proc *p, int sig);

// getksig: the next process managed by `mgr` with unfetched signals; its
// set goes to *signals and is cleared (it stays stopped). NULL if none.
struct proc *sig_fetch(struct proc *mgr, uint64_t *signals);
// endksig: mgr is done with target; 0, -MX_EPERM (not its manager) or
// -MX_EINVAL (nothing was pending).
// forward: signals handed to the target itself (sig_send), non-lethal ones
// the manager wants the target's own handler to see.
int sig_end(struct proc *mgr, struct proc *target, uint64_t forward);
