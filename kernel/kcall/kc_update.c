// KC_UPDATE: live update swaps the images of two processes (see kcall.h's
// struct kc_update). The new version takes over the old endpoint: senders
// waiting on it are then served by the new version, not lost (MINIX 2010
// lost them). Signals raised on an image for its manager (a fault, a kill)
// move with it, together with the rts flags that say it is stopped for
// them; signals for the process itself (sig_self) stay with the endpoint.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../klib.h"
#include "../pagefault.h"
#include "../proc.h"
#include "../sched.h"

// Never ran, stopped, or blocked receiving from its manager (mgr).
static bool
updatable(const struct proc *p, const struct proc *mgr)
{
    if (p->priv.sig_mgr != mgr->ep || p->on_ready_queue || p->copyout_pending) {
        return false;
    }
    if (p->rts & (RTS_NEW | RTS_SIG_PENDING | RTS_STOPPED)) {
        return !(p->rts & (RTS_SENDING | RTS_PAGEFAULT | RTS_KMEM));
    }
    return p->rts == RTS_RECEIVING && p->recv_from == mgr->ep;
}

// The part of a process that moves with its image (the grant table lives
// in the image's memory, so its registration moves too).
struct image {
    struct arch_context ctx;
    uint32_t rts;
    char name[PROC_NAME_LEN];
    struct priv priv;
    uint64_t as_root;
    uint64_t text_end, data_end;
    unsigned prio, quantum, ticks_left;
    struct message msg;
    uint64_t msg_va;
    void *msg_kptr;
    uint64_t kptr_cache_va;
    void *kptr_cache;
    endpoint_t send_to, recv_from;
    bool sendrec, reply_pending;
    uint64_t sig_pending;
    uint64_t grant_table;
    uint32_t grant_entries;
};

static void
take(struct image *im, const struct proc *p)
{
    im->ctx = p->ctx;
    im->rts = p->rts;
    memcpy(im->name, p->name, sizeof(im->name));
    im->priv = p->priv;
    im->as_root = p->as_root;
    im->text_end = p->text_end;
    im->data_end = p->data_end;
    im->prio = p->prio;
    im->quantum = p->quantum;
    im->ticks_left = p->ticks_left;
    im->msg = p->msg;
    im->msg_va = p->msg_va;
    im->msg_kptr = p->msg_kptr;
    im->kptr_cache_va = p->kptr_cache_va;
    im->kptr_cache = p->kptr_cache;
    im->send_to = p->send_to;
    im->recv_from = p->recv_from;
    im->sendrec = p->sendrec;
    im->reply_pending = p->reply_pending;
    im->sig_pending = p->sig_pending;
    im->grant_table = p->grant_table;
    im->grant_entries = p->grant_entries;
}

static void
put(struct proc *p, const struct image *im)
{
    p->ctx = im->ctx;
    p->rts = im->rts;
    memcpy(p->name, im->name, sizeof(p->name));
    p->priv = im->priv;
    p->as_root = im->as_root;
    p->text_end = im->text_end;
    p->data_end = im->data_end;
    p->prio = im->prio;
    p->quantum = im->quantum;
    p->ticks_left = im->ticks_left;
    p->msg = im->msg;
    p->msg_va = im->msg_va;
    p->msg_kptr = im->msg_kptr;
    p->kptr_cache_va = im->kptr_cache_va;
    p->kptr_cache = im->kptr_cache;
    p->send_to = im->send_to;
    p->recv_from = im->recv_from;
    p->sendrec = im->sendrec;
    p->reply_pending = im->reply_pending;
    p->sig_pending = im->sig_pending;
    p->grant_table = im->grant_table;
    p->grant_entries = im->grant_entries;
}

int
kc_update(struct proc *caller, struct message *m)
{
    struct kc_update *u = &m->u.update;
    struct proc *a = proc_lookup(u->old_ep), *b = proc_lookup(u->new_ep);
    struct proc *mgr = caller;
    struct image ia, ib;

    if (u->on_behalf) {
        if (caller != pf_pager()) {
            return -MX_EPERM; // only VM swaps for the manager
        }
        mgr = proc_lookup(u->mgr);
    }
    if (a == NULL || b == NULL || a == b || mgr == NULL) {
        return -MX_ESRCH;
    }
    if (!updatable(a, mgr) || !updatable(b, mgr)) {
        return -MX_EBUSY;
    }
    take(&ia, a);
    take(&ib, b);
    put(a, &ib);
    put(b, &ia);
    if (u->start && (a->rts & RTS_NEW)) {
        proc_clear_flags(a, RTS_NEW);
    }
    return MX_OK;
}
