// Ready queues as singly linked FIFO lists with tail pointers.
#include "sched.h"

#include <stddef.h>
#include <stdint.h>

#include "proc.h"

static struct {
    struct proc *head[NR_SCHED_QUEUES];
    struct proc *tail[NR_SCHED_QUEUES];
    struct proc *current;
    uint32_t nonempty;   // bit q set when queue q has a process
    uint8_t lowest[1u << NR_SCHED_QUEUES]; // lowest set bit of each index
} sched;

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
    sched.nonempty |= 1u << q;
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
sched_can_switch(const struct proc *from, const struct proc *to)
{
    unsigned q = to->prio < NR_SCHED_QUEUES ? to->prio : NR_SCHED_QUEUES - 1;
    unsigned fq = from->prio < NR_SCHED_QUEUES ? from->prio : NR_SCHED_QUEUES - 1;
    uint32_t ready = sched.nonempty;

    if (from->on_ready_queue && sched.head[fq] == from && from->ready_next == NULL) {
        ready &= ~(1u << fq); // from is about to block and leave its queue
    } else if (from->on_ready_queue) {
        return false;          // keep it simple: from shares its queue
    }
    // Nobody of higher priority is ready, and to's queue will hold only to.
    return (ready & ((1u << q) - 1)) == 0 && !(ready & (1u << q));
}

void
sched_switch_fast(struct proc *from, struct proc *to)
{
    unsigned fq = from->prio < NR_SCHED_QUEUES ? from->prio : NR_SCHED_QUEUES - 1;
    unsigned q = to->prio < NR_SCHED_QUEUES ? to->prio : NR_SCHED_QUEUES - 1;

    if (from->on_ready_queue) { // it is alone in its queue (sched_can_switch)
        sched.head[fq] = sched.tail[fq] = NULL;
        sched.nonempty &= ~(1u << fq);
        from->on_ready_queue = false;
    }
    to->ready_next = NULL;
    sched.head[q] = sched.tail[q] = to;
    sched.nonempty |= 1u << q;
    to->on_ready_queue = true;
    if (to->ticks_left == 0) {
        to->ticks_left = to->quantum ? to->quantum : SCHED_DEFAULT_QUANTUM;
    }
    sched.current = to;
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
