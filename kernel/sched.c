// Ready queues as singly linked FIFO lists with tail pointers.
#include "sched.h"

#include <stddef.h>
#include <stdint.h>

#include "proc.h"

struct sched_state sched;

void
sched_init(void)
{
    for (unsigned q = 0; q < NR_SCHED_QUEUES; q++) {
        sched.head[q] = sched.tail[q] = NULL;
    }
    sched.current = NULL;
    sched.nonempty = 0;
    for (unsigned i = 1; i < (1u << NR_SCHED_QUEUES); i++) {
        unsigned b = 0;
        while (!(i >> b & 1)) {
            b++;
        }
        sched.lowest[i] = (uint8_t)b;
    }
}

void
sched_add(struct proc *p)
{
    unsigned q = p->prio;

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
    sched.nonempty |= 1u << q;
    p->on_ready_queue = true;
    if (p->ticks_left == 0) {
        p->ticks_left = p->quantum;
    }
}

void
sched_remove(struct proc *p)
{
    unsigned q = p->prio;
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
        if (sched.head[q] == NULL) {
            sched.nonempty &= ~(1u << q);
        }
        break;
    }
    p->ready_next = NULL;
    p->on_ready_queue = false;
}

struct proc *
sched_pick(void)
{
    // Lowest set bit by table: the hart has no Zbb, and libgcc's ctz is slow.
    sched.current = sched.nonempty != 0 ? sched.head[sched.lowest[sched.nonempty]] : NULL;
    return sched.current;
}

bool
sched_direct_switch(struct proc *from, struct proc *to)
{
    if (!sched_may_switch(from, to)) {
        return false;
    }
    sched_switch(from, to);
    return true;
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
    p->ticks_left = p->quantum;
    sched_remove(p);
    sched_add(p); // to the tail: round robin
    return true;
}

void
sched_set_priority(struct proc *p, unsigned prio, unsigned quantum)
{
    bool queued = p->on_ready_queue;

    if (queued) {
        sched_remove(p);
    }
    p->prio = prio < NR_SCHED_QUEUES ? prio : NR_SCHED_QUEUES - 1;
    p->quantum = quantum != 0 ? quantum : SCHED_DEFAULT_QUANTUM;
    if (queued) {
        sched_add(p);
    }
}
