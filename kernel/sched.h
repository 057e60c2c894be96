// Scheduler: NR_SCHED_QUEUES priority queues (0 = highest), round robin
// within a queue. System processes run in queues above user processes. The
// process at the head of the highest non-empty queue runs; when its quantum
// runs out it moves to the tail of its queue.
#pragma once

#include <stdbool.h>

enum {
    NR_SCHED_QUEUES = 8,
    SCHED_SYSTEM_PRIO = 2,   // default queue of system processes
    SCHED_USER_PRIO = 5,     // default queue of user processes
    SCHED_IDLE_PRIO = 7,     // lowest
    SCHED_DEFAULT_QUANTUM = 5,
};

struct proc;

void sched_init(void);
void sched_add(struct proc *p);      // p became runnable: append to its queue
void sched_remove(struct proc *p);   // p stopped being runnable (no-op if not queued)
struct proc *sched_pick(void);       // the process to run next, or NULL (idle)
struct proc *sched_current(void);    // the process that last ran (or NULL)
// True if, once `from` blocks and `to` becomes ready, `to` is the process
// sched_pick() would choose: it may then be entered directly.
bool sched_can_switch(const struct proc *from, const struct proc *to);
// After sched_can_switch(from, to): from leaves the ready queues, to joins
// them and becomes current, in a few stores.
void sched_switch_fast(struct proc *from, struct proc *to);
// One clock tick charged to the running process; rotates it when its
// quantum is used up. Returns true if the running process changed queue place.
bool sched_tick(void);
