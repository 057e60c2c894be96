// Scheduler: NR_SCHED_QUEUES priority queues (0 = highest), round robin
// within a queue. System processes run in queues above user processes. The
// process at the head of the highest non-empty queue runs; when its quantum
// runs out it moves to the tail of its queue.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proc.h"

enum {
    NR_SCHED_QUEUES = 8,
    SCHED_SYSTEM_PRIO = 2,   // default queue of system processes
    SCHED_USER_PRIO = 5,     // default queue of user processes
    SCHED_IDLE_PRIO = 7,     // lowest
    SCHED_DEFAULT_QUANTUM = 5,
};

struct proc;

// The queues. Global only so that the RISC-V IPC fast path
// (arch/riscv/trapentry.S) can make sched_direct_switch's change itself;
// everything else goes through the functions below.
struct sched_state {
    struct proc *head[NR_SCHED_QUEUES];
    struct proc *tail[NR_SCHED_QUEUES];
    struct proc *current;
    uint32_t nonempty;   // bit q set when queue q has a process
    uint8_t lowest[1u << NR_SCHED_QUEUES]; // lowest set bit of each index
};
extern struct sched_state sched;

void sched_init(void);
void sched_add(struct proc *p);      // p became runnable: append to its queue
void sched_remove(struct proc *p);   // p stopped being runnable (no-op if not queued)
struct proc *sched_pick(void);       // the process to run next, or NULL (idle)
// The IPC fast path: `from` (running) blocks and `to` becomes ready. If `to`
// is then the process sched_pick() would choose, and the queues are simple
// (from alone in its queue, to's queue empty), makes the change in a few
// stores, sets `to` current and returns true; otherwise changes nothing.
bool sched_direct_switch(struct proc *from, struct proc *to);

// sched_direct_switch's test alone: true if it would switch. (Inline: the
// page-fault fast path uses the two halves apart.)
static inline __attribute__((always_inline)) bool
sched_may_switch(const struct proc *from, const struct proc *to)
{
    uint32_t bit = 1u << to->prio;
    uint32_t ready = sched.nonempty & ~(1u << from->prio);

    // from is running, so it heads its queue; it must be alone there.
    if (from->ready_next != NULL || sched.head[from->prio] != from) {
        return false;
    }
    // Nobody of higher priority is ready, and to's queue is empty.
    return (ready & ((bit << 1) - 1)) == 0;
}

// sched_direct_switch's change alone, after sched_may_switch said yes.
static inline __attribute__((always_inline)) void
sched_switch(struct proc *from, struct proc *to)
{
    uint32_t bit = 1u << to->prio;
    uint32_t ready = sched.nonempty & ~(1u << from->prio);

    sched.head[from->prio] = sched.tail[from->prio] = NULL;
    from->on_ready_queue = false;
    to->ready_next = NULL;
    sched.head[to->prio] = sched.tail[to->prio] = to;
    sched.nonempty = ready | bit;
    to->on_ready_queue = true;
    if (to->ticks_left == 0) {
        to->ticks_left = to->quantum;
    }
    sched.current = to;
}
// Sets p's queue (clamped to the valid range) and quantum (0 = default);
// every priority change goes through here, so queues are always in range.
void sched_set_priority(struct proc *p, unsigned prio, unsigned quantum);
// One clock tick charged to the running process; rotates it when its
// quantum is used up. Returns true if the running process changed queue place.
bool sched_tick(void);
