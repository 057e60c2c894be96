// The queue of page faults waiting for the pager (see pagefault.h).
#include "pagefault.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "kmem.h"
#include "proc.h"
#include "signal.h"

static struct {
    endpoint_t pager;      // ENDPOINT_NONE until VM registers
    struct proc *head;     // oldest fault first
    struct proc *tail;
} pf = {ENDPOINT_NONE, NULL, NULL};

struct proc *
pf_pager(void)
{
    return proc_lookup(pf.pager);
}

int
pf_set_pager(struct proc *p)
{
    struct proc *cur = pf_pager();

    if (cur != NULL && cur != p) {
        return -MX_EBUSY;
    }
    pf.pager = p->ep;
    kmem_pager_changed(); // requests a dead pager fetched are asked again
    return MX_OK;
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
    if (pf.tail != NULL) {
        pf.tail->pf_next = p;
    } else {
        pf.head = p;
    }
    pf.tail = p;
    proc_set_flags(p, RTS_PAGEFAULT);
    sig_send(pager, MX_SIGKPF);
    return true;
}

struct proc *
pf_peek(void)
{
    return pf.head;
}

void
pf_forget(struct proc *p)
{
    struct proc *prev = NULL;

    for (struct proc *it = pf.head; it != NULL; prev = it, it = it->pf_next) {
        if (it != p) {
            continue;
        }
        if (prev != NULL) {
            prev->pf_next = it->pf_next;
        } else {
            pf.head = it->pf_next;
        }
        if (pf.tail == it) {
            pf.tail = prev;
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
