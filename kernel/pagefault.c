// The queue of page faults waiting for the pager (see pagefault.h).
#include "pagefault.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "arch.h"
#include "clock.h"
#include "kmem.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"

struct pf_state pf_state = {ENDPOINT_NONE, NULL, NULL, NULL, NULL};

struct proc *
pf_pager(void)
{
    struct proc *p = pf_state.pager_p;
    return p != NULL && p->ep == pf_state.pager && !(p->rts & RTS_SLOT_FREE) ? p : NULL;
}

int
pf_set_pager(struct proc *p)
{
    struct proc *cur = pf_pager();

    if (cur != NULL && cur != p) {
        return -MX_EBUSY;
    }
    pf_state.pager = p->ep;
    pf_state.pager_p = p;
    pf_state.ticks = clock_ticks_addr();
    kmem_pager_changed(); // requests a dead pager fetched are asked again
    return MX_OK;
}

// The pager waits in receive from anyone, with no signal pending and a
// buffer the kernel can write through: a notification goes straight in.
static bool
pager_waits(const struct proc *pager)
{
    return pager->rts == RTS_RECEIVING && pager->recv_from == ENDPOINT_ANY &&
           !pager->reply_pending && pager->msg_kptr != NULL && pager->sig_self == 0 &&
           pager->notify_kernel == 0;
}

// The SIGKPF notification for p's fault, as make_notify (kernel/ipc.c)
// would build it, written once into the pager's buffer.
static void
write_notification(struct message *m, const struct proc *p)
{
    m->source = ENDPOINT_SYSTEM;
    m->type = MSG_NOTIFY;
    m->u.notify.timestamp = clock_ticks();
    m->u.notify.signals = mx_sigbit(MX_SIGKPF);
    m->u.notify.pf_ep = p->ep;
    m->u.notify.pf_access = p->pf_access;
    m->u.notify.pf_addr = p->pf_addr;
    m->u.notify.irqs = 0;
    m->u.raw[5] = 0;
    m->u.raw[6] = 0;
}

struct proc *
pf_raise_fast(struct proc *p, uint64_t addr, int access)
{
    struct proc *pager = pf_pager();

    if (pager == NULL || pager == p || pf_state.head != NULL || p->rts != 0 || !pager_waits(pager) ||
        !sched_direct_switch(p, pager)) {
        return NULL;
    }
    p->pf_addr = addr; // p: stopped on its fault, alone in the queue
    p->pf_access = (uint32_t)access;
    p->pf_next = NULL;
    pf_state.head = pf_state.tail = p;
    p->rts = RTS_PAGEFAULT;
    write_notification(pager->msg_kptr, p); // the pager: its receive is over
    arch_set_retval(&pager->ctx, MX_OK);
    pager->reply_pending = false;
    pager->recv_from = ENDPOINT_NONE;
    pager->msg_kptr = NULL;
    pager->rts = 0;
    return pager;
}

struct proc *
pf_resolve_fast(struct proc *pager, endpoint_t ep)
{
    struct proc *p = pf_state.head;

    // pager is running (it called): its slot is live, only the endpoint may differ
    if (p == NULL || p->ep != ep || p->pf_next != NULL || p->rts != RTS_PAGEFAULT ||
        pf_state.pager_p != pager || pager->ep != pf_state.pager) {
        return NULL;
    }
    return p;
}

void
pf_resolved_fast(struct proc *p)
{
    pf_state.head = pf_state.tail = NULL;
    p->rts = 0;
}

bool
pf_raise(struct proc *p, uint64_t addr, int access)
{
    struct proc *pager = pf_pager();

    if (pager == NULL || pager == p) {
        return false; // a fault in the pager itself is its manager's business
    }
    p->pf_addr = addr;
    p->pf_access = (uint32_t)access;
    p->pf_next = NULL;
    if (pf_state.tail != NULL) {
        pf_state.tail->pf_next = p;
    } else {
        pf_state.head = p;
    }
    pf_state.tail = p;
    proc_set_flags(p, RTS_PAGEFAULT);
    sig_send(pager, MX_SIGKPF);
    return true;
}

struct proc *
pf_peek(void)
{
    return pf_state.head;
}

void
pf_forget(struct proc *p)
{
    struct proc *prev = NULL;

    for (struct proc *it = pf_state.head; it != NULL; prev = it, it = it->pf_next) {
        if (it != p) {
            continue;
        }
        if (prev != NULL) {
            prev->pf_next = it->pf_next;
        } else {
            pf_state.head = it->pf_next;
        }
        if (pf_state.tail == it) {
            pf_state.tail = prev;
        }
        it->pf_next = NULL;
        return;
    }
}

void
pf_resolve(struct proc *p)
{
    pf_forget(p);
    proc_clear_flags(p, RTS_PAGEFAULT);
}
