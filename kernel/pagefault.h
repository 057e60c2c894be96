// Page faults of user processes, served by the pager (the VM server).
//
// A U-mode page fault of a process other than the pager stops the process
// (RTS_PAGEFAULT), appends it to the pager's queue with the fault's address
// and access, and raises SIGKPF on the pager; the SYSTEM notification that
// carries SIGKPF also carries the oldest queued fault. The pager maps the
// page and resumes the process with one kernel call (VMCTL_MAP with
// resume), which flushes only that address, or fails it (VMCTL_FAIL:
// SIGSEGV through the process's signal manager).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

struct proc;

// The pager, or NULL if none is registered.
struct proc *pf_pager(void);
int pf_set_pager(struct proc *p);
// A page fault of p at addr; false if there is no pager to take it.
bool pf_raise(struct proc *p, uint64_t addr, int access);
// The oldest queued fault (still queued), or NULL.
struct proc *pf_peek(void);
// Ends p's fault: out of the queue and runnable again (if nothing else stops it).
void pf_resolve(struct proc *p);
// p is going away (or being reloaded): drop its queued fault.
void pf_forget(struct proc *p);
