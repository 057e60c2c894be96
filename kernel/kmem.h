// Kernel memory requests (SIGKMEM): a kernel call that must copy to or
// from a page of a process that is not present yet (never touched) does
// not fail at once. kmem_need() queues a request for the pager (VM) with
// the target, the range and the access, stops the caller (RTS_KMEM),
// rewinds it to its ecall and raises SIGKMEM on the pager. VM fetches
// requests (VMCTL_KMEM_NEXT), makes the range present or finds that it
// has no region there, and answers (VMCTL_KMEM_DONE); the caller then runs
// its kernel call again from the start. Kernel calls that suspend this way
// change nothing before they check their ranges (or only redo idempotent
// copies), so the restart is safe.
//
// No unbounded loop: after an answer, a restarted call that meets an
// absent page again at the same place (VM said done, or said there is no
// region) fails with EFAULT, and a call makes at most KMEM_MAX_ROUNDS
// requests.
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct proc;

enum kmem_state {
    KMEM_IDLE = 0,     // no request for the current call
    KMEM_QUEUED,       // waiting for the pager to fetch it
    KMEM_FETCHED,      // the pager works on it
    KMEM_DONE,         // answered: the range is present
    KMEM_REFUSED,      // answered: no region there (the call fails with EFAULT)
};

enum { KMEM_MAX_ROUNDS = 64 };

// caller's kernel call needs [va, va + len) of target with write (or read)
// access, and arch_check_user refused it. Returns IPC_SUSPENDED if a
// request was queued (the handler returns that, having changed nothing),
// else -MX_EFAULT (no page is missing, the call already asked, or there is
// no pager to ask: the pager's own calls and the pager's memory included).
int kmem_need(struct proc *caller, struct proc *target, uint64_t va, uint64_t len, bool write);
// A copy from src to dst failed its checks: asks for the side that has a
// page missing (source first), or -MX_EFAULT.
int kmem_copy_fault(struct proc *caller, struct proc *src, uint64_t src_va, struct proc *dst,
                    uint64_t dst_va, uint64_t len);
// The caller's kernel call ended (not suspended for memory): forget its rounds.
void kmem_call_done(struct proc *caller);
// The oldest request the pager has not fetched yet (now fetched), or NULL.
struct proc *kmem_next(void);
// The pager answers req's request: 0 made present, else refused. Resumes
// req (its call restarts). -MX_EINVAL if req has no fetched request.
int kmem_done(struct proc *req, int status);
// p is going away (or reloaded): drop its request.
void kmem_forget(struct proc *p);
// A new pager registered: requests the old one fetched are queued again.
void kmem_pager_changed(void);
// The pager's VMCTL_KMEM_NEXT and VMCTL_KMEM_DONE (struct kc_vmctl).
struct kc_vmctl;
int kmem_vmctl(struct kc_vmctl *v);
// Requests waiting for the pager to fetch them (for tests and the pager's loop).
bool kmem_pending(void);
