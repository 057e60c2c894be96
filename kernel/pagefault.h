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

// The pager and the queue. Global only so that the RISC-V fast path for a
// store or load fault (arch/riscv/trapentry.S, pf_fastpath) can make
// pf_raise_fast's change itself; everything else goes through the functions
// below.
struct pf_state {
    endpoint_t pager;      // ENDPOINT_NONE until VM registers
    struct proc *pager_p;  // its slot, valid while it still carries that endpoint
    struct proc *head;     // oldest fault first
    struct proc *tail;
    volatile const uint64_t *ticks; // the clock's tick count (notification timestamps)
};
extern struct pf_state pf_state;

// The pager, or NULL if none is registered.
struct proc *pf_pager(void);
int pf_set_pager(struct proc *p);
// A page fault of p at addr; false if there is no pager to take it.
bool pf_raise(struct proc *p, uint64_t addr, int access);
// The fast case of pf_raise: the pager waits in receive for anything, no
// other fault is queued, and the scheduler would run the pager next
// (sched_direct_switch). Then the notification is written straight into
// the pager's buffer, p stops on its fault and the pager is current: the
// caller enters it. NULL (nothing changed) otherwise: use pf_raise.
struct proc *pf_raise_fast(struct proc *p, uint64_t addr, int access);
// The fast end of a fault (kernel/fastpath.c): the process with endpoint ep
// if its fault is the only one queued and nothing else stops it, else NULL.
struct proc *pf_resolve_fast(struct proc *pager, endpoint_t ep);
// That fault is over (p is not yet on a ready queue: the caller switches to it).
void pf_resolved_fast(struct proc *p);
// The oldest queued fault (still queued), or NULL.
struct proc *pf_peek(void);
// Ends p's fault: out of the queue and runnable again (if nothing else stops it).
void pf_resolve(struct proc *p);
// p is going away (or being reloaded): drop its queued fault.
void pf_forget(struct proc *p);
