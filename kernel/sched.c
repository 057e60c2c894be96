// Ready queues as singly linked FIFO lists with tail pointers.
#include "sched.h"

#include <stddef.h>

#include "proc.h"

static struct {
    struct proc *head[NR_SCHED_QUEUES];
    struct proc *tail[NR_SCHED_QUEUES];
    struct proc *current;
} sched;

void
sched_init(void)
{
    for (unsigned q = 0; q < NR_SCHED_QUEUES; q++) {
        sched.head[q] = sched.tail[q] = NULL;
    }
    sched.current = NULL;
}

void
sched_add(struct proc *p)
{
    unsigned q = p->prio < NR_SCHED_QUEUES ? p->prio : NR_SCHED_QUEUES - 1;

    if (p->on_ready_queue) {
        return;
    }
    p->ready_next = NULL;
    if (sched.tail[q] != NULL) {
        sched.tail[q]->ready_next = p;
    } else {
        sched.head[q] = p;
    }
    sched.tail[q] = p;
    p->on_ready_queue = true;
    if (p->ticks_left == 0) {
        p->ticks_left = p->quantum ? p->quantum : SCHED_DEFAULT_QUANTUM;
    }
}

void
sched_remove(struct proc *p)
{
    unsigned q = p->prio < NR_SCHED_QUEUES ? p->prio : NR_SCHED_QUEUES - 1;
    struct proc *prev = NULL;

    if (!p->on_ready_queue) {
        return;
    }
    for (struct proc *it = sched.head[q]; it != NULL; prev = it, it = it->ready_next) {
        if (it != p) {
            continue;
        }
        if (prev != NULL) {
            prev->ready_next = it->ready_next;
        } else {
            sched.head[q] = it->ready_next;
        }
        if (sched.tail[q] == it) {
            sched.tail[q] = prev;
        }
        break;
    }
    p->ready_next = NULL;
    p->on_ready_queue = false;
}

struct proc *
sched_pick(void)
{
    for (unsigned q = 0; q < NR_SCHED_QUEUES; q++) {
        if (sched.head[q] != NULL) {
            sched.current = sched.head[q];
            return sched.current;
        }
    }
    sched.current = NULL;
    return NULL;
}

struct proc *
sched_current(void)
{
    return sched.current;
}

bool
sched_tick(void)
{
    struct proc *p = sched.current;

    if (p == NULL || !p->on_ready_queue) {
        return false;
    }
    if (p->ticks_left > 0) {
        p->ticks_left--;
    }
    if (p->ticks_left > 0) {
        return false;
    }
    p->ticks_left = p->quantum ? p->quantum : SCHED_DEFAULT_QUANTUM;
    sched_remove(p);
    sched_add(p); // to the tail: round robin
    return true;
}
