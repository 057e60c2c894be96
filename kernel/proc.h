// The process table: fixed slots, endpoints with generations, and the
// per-process state the kernel keeps (context, scheduling, IPC, clock).
//
// A process is runnable exactly when its rts flags are 0. Changing flags
// goes through proc_set_flags()/proc_clear_flags(), which keep the
// scheduler's ready queues in step.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>
#include <mirv/msg.h>

#include "arch.h"
#include "priv.h"

enum { PROC_NAME_LEN = 16 };

enum rts_flags {
    RTS_SLOT_FREE = 1u << 0,   // slot not in use
    RTS_SENDING = 1u << 1,     // blocked sending to send_to
    RTS_RECEIVING = 1u << 2,   // blocked receiving from recv_from
    RTS_STOPPED = 1u << 3,     // stopped after a fault or signal
    RTS_NEW = 1u << 4,         // created, not yet started
    RTS_SIGNALED = 1u << 5,    // has signals its manager has not fetched yet
    RTS_SIG_PENDING = 1u << 6, // stopped until its manager calls endksig
    RTS_PAGEFAULT = 1u << 7,   // waiting for the pager to serve a page fault
    RTS_KMEM = 1u << 8,        // its kernel call waits for VM to make memory present
};

struct proc {
    struct arch_context ctx;   // first: the arch layer's trap frame
    endpoint_t ep;
    unsigned slot;
    unsigned generation;       // 1.., bumped on each reuse of the slot
    uint32_t rts;              // enum rts_flags; 0 = runnable
    char name[PROC_NAME_LEN];
    struct priv priv;
    uint64_t as_root;          // address space (arch-defined), 0 = none

    // scheduling (kernel/sched.c)
    unsigned prio;             // queue, 0 = highest
    unsigned quantum;          // ticks per turn
    unsigned ticks_left;
    struct proc *ready_next;
    bool on_ready_queue;

    // IPC (kernel/ipc.c)
    struct message msg;        // kernel copy of the message in flight
    uint64_t msg_va;           // caller's message buffer (user address)
    void *msg_kptr;            // kernel view of msg_va while receiving, if in one page
    uint64_t kptr_cache_va;    // last buffer resolved to a kernel pointer...
    void *kptr_cache;          // ...and that pointer (NULL: nothing cached)
    endpoint_t send_to;        // while RTS_SENDING
    endpoint_t recv_from;      // while RTS_RECEIVING: a process, ANY or CLOCK
    bool sendrec;              // the current call is a sendrec
    bool reply_pending;        // in sendrec's receive half: no notifications
    bool copyout_pending;      // msg must be copied to msg_va before running
    struct proc *senders;      // queue of processes blocked sending to me
    struct proc *sender_next;  // my link in that queue
    uint64_t notify_pending[IPC_MASK_WORDS]; // bit per notifying slot
    uint32_t notify_kernel;    // bit per kernel source (CLOCK)

    // signals (kernel/signal.c)
    uint64_t sig_pending;      // signals waiting for the manager (getksig)
    uint64_t sig_self;         // kernel signals for this process itself

    // The image's layout for the pager (VMCTL_INFO), set when the kernel
    // builds an address space: [TASK_VA_MIN, text_end) read-only segments,
    // [text_end, data_end) writable ones; the heap starts at data_end.
    uint64_t text_end;
    uint64_t data_end;

    // page faults (kernel/pagefault.c)
    uint64_t pf_addr;
    uint32_t pf_access;        // 'r', 'w', 'x'
    struct proc *pf_next;      // the pager's queue of faulting processes

    // kernel memory requests (kernel/kmem.c): this process's kernel call
    // needs [kmem_va, kmem_va + kmem_len) of kmem_target made present.
    endpoint_t kmem_target;
    uint32_t kmem_access;      // 'r' or 'w'
    uint64_t kmem_va;
    uint64_t kmem_len;
    struct proc *kmem_next;    // the pager's queue of requests
    uint8_t kmem_state;        // enum kmem_state (kernel/kmem.h)
    uint8_t kmem_rounds;       // requests made by the current kernel call

    // grants (kernel/grant.c): the table in this process's own memory,
    // registered with KC_SETGRANT (0 entries: none). Part of the image:
    // it moves with it in a live update and is dropped on a reload.
    uint64_t grant_table;
    uint32_t grant_entries;

    // clock (kernel/clock.c)
    uint64_t alarm_tick;       // absolute tick of the pending alarm, 0 = none
    uint64_t user_ticks;
    uint64_t kernel_ticks;
};

// The table itself; only the assembly IPC fast path uses it directly.
extern struct proc procs[NR_PROCS];

void proc_table_init(void);
// Takes a free slot, bumps its generation; NULL if the table is full.
struct proc *proc_alloc(const char *name);
// Returns the slot to the free pool (caller has cleaned up IPC state).
void proc_free(struct proc *p);
// The live process an endpoint names, or NULL (free slot, stale generation).
struct proc *proc_lookup(endpoint_t ep);
struct proc *proc_at(unsigned slot);
// The live process called name (first PROC_NAME_LEN characters), or NULL.
struct proc *proc_find_by_name(const char *name);
struct proc *proc_from_context(struct arch_context *ctx);

// p's address space changed (a page was unmapped, remapped or turned
// copy-on-write): forget cached kernel pointers into it, and find the
// buffer of a receive in progress again (NULL: the copy-out path).
static inline void
proc_as_changed(struct proc *p)
{
    p->kptr_cache = NULL;
    if (p->msg_kptr != NULL) {
        p->msg_kptr = arch_user_kptr(p->as_root, p->msg_va, sizeof(struct message), true);
    }
}

// Clears everything of p but its identity (slot, generation, endpoint,
// name), privileges and scheduling parameters, and leaves it RTS_NEW.
void proc_reset_for_reload(struct proc *p);

void proc_set_flags(struct proc *p, uint32_t flags);
void proc_clear_flags(struct proc *p, uint32_t flags);
