// PM's internal interface between its main loop (main.c) and its signal
// delivery (pmsig.c).
#pragma once

#include <stdbool.h>

#include <mirv/msg.h>

#include "mproc.h"

// Answers a process waiting in sendrec for PM.
void reply(endpoint_t to, int status, int value);
// Sends a request to VFS; its status.
int tell_vfs(uint32_t type, struct message *m);
// Ends p (files closed, taken out of the kernel) and keeps it a zombie.
void terminate(struct mproc *p, int wait_status);

// The process whose request PM is serving now (its reply not yet sent).
extern struct mproc *pm_serving;

// pmsig.c: applies sig to user process p: ignore, default action, or its
// handler (now, or as soon as p is out of its current call).
void sig_deliver(struct mproc *p, int sig);
// Hands p's pending caught signals to its handlers where possible.
void sig_try(struct mproc *p);
extern bool sig_any_pending;
// Retries every process with pending caught signals; true if some remain.
bool sig_retry_all(void);
void do_sigaction(struct mproc *p, const struct message *m);
void do_sigreturn(struct mproc *p, const struct message *m);
// exec: handlers are reset, ignored signals stay.
void sig_exec(struct mproc *p);
// fork: the child has the parent's actions, and nothing pending.
void sig_fork(struct mproc *child, const struct mproc *parent);
