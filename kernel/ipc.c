// IPC: send/receive/sendrec/notify/sendnb, sender queues, notification
// bitmaps, deadlock detection and cleanup of a dying process's links.
#include "ipc.h"

#include <stddef.h>

#include <mirv/errors.h>
#include <mirv/ipc.h>
#include <mirv/msg.h>

#include <mirv/signal.h>

#include "clock.h"
#include "irq.h"
#include "pagefault.h"
#include "kcall.h"
#include "klib.h"
#include "proc.h"

// A process that waits for another: the target of its send, or the specific
// source of its receive. NULL when it waits for anyone or for nothing.
static struct proc *
waits_for(struct proc *p)
{
    if (p->rts & RTS_SENDING) {
        return proc_lookup(p->send_to);
    }
    if ((p->rts & RTS_RECEIVING) && endpoint_is_process(p->recv_from)) {
        return proc_lookup(p->recv_from);
    }
    return NULL;
}

// True if caller blocking on target would close a cycle of waits.
static bool
closes_cycle(struct proc *caller, struct proc *target)
{
    for (unsigned hops = 0; target != NULL && hops <= NR_PROCS; hops++) {
        if (target == caller) {
            return true;
        }
        target = waits_for(target);
    }
    return false;
}

static bool
accepts(const struct proc *rcv, endpoint_t src)
{
    return (rcv->rts & RTS_RECEIVING) && !(rcv->rts & RTS_SENDING) &&
           (rcv->recv_from == ENDPOINT_ANY || rcv->recv_from == src);
}

static bool
accepts_notify(const struct proc *rcv, endpoint_t src)
{
    return accepts(rcv, src) && !rcv->reply_pending;
}

// A receiver's wait is over; its result is `result` unless a copy-out
// is still pending.
static void
wake_receiver(struct proc *dst)
{
    dst->reply_pending = false;
    dst->recv_from = ENDPOINT_NONE;
    dst->msg_kptr = NULL;
    proc_clear_flags(dst, RTS_RECEIVING);
}

// Hands a message to a receiver that is blocked in receive: straight into
// its buffer when that is reachable, else through a copy-out before it runs.
static void
deliver(struct proc *dst, const struct message *m)
{
    if (dst->msg_kptr != NULL) {
        memcpy(dst->msg_kptr, m, sizeof(*m));
        arch_set_retval(&dst->ctx, MX_OK);
    } else {
        dst->msg = *m;
        dst->copyout_pending = true;
    }
    wake_receiver(dst);
}

// Where a receive into va will land: a kernel pointer, or NULL for the
// copy-out path. Fails if the buffer is not writable user memory.
static int
prepare_receive_buffer(struct proc *p, uint64_t va)
{
    if (p->kptr_cache != NULL && p->kptr_cache_va == va) {
        p->msg_kptr = p->kptr_cache; // servers and clients reuse one buffer
        return MX_OK;
    }
    p->msg_kptr = arch_user_kptr(p->as_root, va, sizeof(struct message), true);
    p->kptr_cache = p->msg_kptr;
    p->kptr_cache_va = va;
    if (p->msg_kptr == NULL &&
        arch_check_user(p->as_root, va, sizeof(struct message), true) != 0) {
        return -MX_EFAULT;
    }
    return MX_OK;
}

// A notification from src to dst. One from SYSTEM carries (and takes) dst's
// pending kernel signals, so signals raised before delivery coalesce.
static void
make_notify(struct message *m, endpoint_t src, struct proc *dst)
{
    memset(m, 0, sizeof(*m));
    m->source = src;
    m->type = MSG_NOTIFY;
    m->u.notify.timestamp = clock_ticks();
    m->u.notify.pf_ep = ENDPOINT_NONE;
    if (src == ENDPOINT_SYSTEM) {
        m->u.notify.signals = dst->sig_self;
        dst->sig_self = 0;
        struct proc *f = (m->u.notify.signals & mx_sigbit(MX_SIGKPF)) ? pf_peek() : NULL;
        if (f != NULL) {
            m->u.notify.pf_ep = f->ep;
            m->u.notify.pf_access = f->pf_access;
            m->u.notify.pf_addr = f->pf_addr;
        }
    } else if (src == ENDPOINT_HARDWARE) {
        m->u.notify.irqs = irq_take_fired(dst);
    }
}

static endpoint_t
kernel_source_ep(enum kernel_source src)
{
    return src == KSRC_SYSTEM     ? ENDPOINT_SYSTEM
           : src == KSRC_HARDWARE ? ENDPOINT_HARDWARE
                                  : ENDPOINT_CLOCK;
}

static void
enqueue_sender(struct proc *dst, struct proc *s)
{
    struct proc **pp = &dst->senders;

    while (*pp != NULL) {
        pp = &(*pp)->sender_next;
    }
    s->sender_next = NULL;
    *pp = s;
}

static void
unlink_sender(struct proc *dst, struct proc *s)
{
    for (struct proc **pp = &dst->senders; *pp != NULL; pp = &(*pp)->sender_next) {
        if (*pp == s) {
            *pp = s->sender_next;
            s->sender_next = NULL;
            return;
        }
    }
}

// After a sendrec's send half: wait for the reply from dst.
static void
await_reply(struct proc *caller, endpoint_t from)
{
    caller->recv_from = from;
    caller->reply_pending = true;
    proc_set_flags(caller, RTS_RECEIVING);
}

static int
check_target(struct proc *caller, endpoint_t ep, struct proc **out)
{
    if (!endpoint_is_process(ep) || ep == caller->ep) {
        return -MX_EBADSRCDST;
    }
    *out = proc_lookup(ep);
    if (*out == NULL) {
        return -MX_EDEADSRCDST;
    }
    if (!priv_may_send(&caller->priv, (*out)->slot)) {
        return -MX_EPERM;
    }
    return MX_OK;
}

int
ipc_send(struct proc *caller, endpoint_t dst_ep, uint64_t msg_va, bool sendrec, bool nonblock)
{
    struct proc *dst = NULL;
    int r = check_target(caller, dst_ep, &dst);

    if (r != MX_OK) {
        return r;
    }
    caller->msg_kptr = NULL;
    if (sendrec && prepare_receive_buffer(caller, msg_va) != MX_OK) {
        return -MX_EFAULT; // the reply could not be delivered
    }
    caller->msg_va = msg_va;
    if (accepts(dst, caller->ep) && dst->msg_kptr != NULL) {
        // Fast path: one copy, from the sender's memory into the receiver's.
        struct message *out = dst->msg_kptr;
        if (arch_copy_from_user(caller->as_root, out, msg_va, sizeof(*out)) != 0) {
            return -MX_EFAULT;
        }
        out->source = caller->ep;
        arch_set_retval(&dst->ctx, MX_OK);
        wake_receiver(dst);
        if (!sendrec) {
            return MX_OK;
        }
        await_reply(caller, dst_ep);
        return IPC_SUSPENDED;
    }
    if (arch_copy_from_user(caller->as_root, &caller->msg, msg_va, sizeof(caller->msg)) != 0) {
        return -MX_EFAULT;
    }
    caller->msg.source = caller->ep;
    if (accepts(dst, caller->ep)) {
        deliver(dst, &caller->msg);
        if (!sendrec) {
            return MX_OK;
        }
        await_reply(caller, dst_ep);
        return IPC_SUSPENDED;
    }
    if (nonblock) {
        return -MX_ENOTREADY;
    }
    if (closes_cycle(caller, dst)) {
        return -MX_ELOCKED;
    }
    caller->send_to = dst_ep;
    caller->sendrec = sendrec;
    enqueue_sender(dst, caller);
    proc_set_flags(caller, RTS_SENDING);
    return IPC_SUSPENDED;
}

// Takes one pending notification matching src; returns its source or NONE.
static endpoint_t
take_notification(struct proc *rcv, endpoint_t src)
{
    static const enum kernel_source order[] = {KSRC_SYSTEM, KSRC_HARDWARE, KSRC_CLOCK};

    for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        endpoint_t ep = kernel_source_ep(order[i]);
        if ((rcv->notify_kernel & order[i]) && (src == ENDPOINT_ANY || src == ep)) {
            rcv->notify_kernel &= ~order[i];
            return ep;
        }
    }
    for (unsigned w = 0; w < IPC_MASK_WORDS; w++) {
        for (uint64_t bits = rcv->notify_pending[w]; bits != 0; bits &= bits - 1) {
            unsigned slot = w * 64 + (unsigned)__builtin_ctzll(bits);
            endpoint_t from = proc_at(slot)->ep;
            if (src == ENDPOINT_ANY || src == from) {
                rcv->notify_pending[w] &= ~(1ull << (slot % 64));
                return from;
            }
        }
    }
    return ENDPOINT_NONE;
}

// A sender whose message was just taken by a receiver.
static void
release_sender(struct proc *s, struct proc *rcv)
{
    s->send_to = ENDPOINT_NONE;
    if (s->sendrec) {
        s->sendrec = false;
        s->recv_from = rcv->ep;
        s->reply_pending = true;
        s->rts |= RTS_RECEIVING; // still blocked: no trip through the ready queue
        proc_clear_flags(s, RTS_SENDING);
        return;
    }
    arch_set_retval(&s->ctx, MX_OK);
    proc_clear_flags(s, RTS_SENDING);
}

static int
check_source(struct proc *caller, endpoint_t src)
{
    if (src == ENDPOINT_ANY || src == ENDPOINT_CLOCK || src == ENDPOINT_SYSTEM ||
        src == ENDPOINT_HARDWARE) {
        return MX_OK;
    }
    if (!endpoint_is_process(src) || src == caller->ep) {
        return -MX_EBADSRCDST;
    }
    return proc_lookup(src) != NULL ? MX_OK : -MX_EDEADSRCDST;
}

int
ipc_receive(struct proc *caller, endpoint_t src, uint64_t msg_va)
{
    struct message m;
    int r = check_source(caller, src);

    if (r != MX_OK) {
        return r;
    }
    if (prepare_receive_buffer(caller, msg_va) != MX_OK) {
        return -MX_EFAULT;
    }
    endpoint_t from = take_notification(caller, src);
    if (from != ENDPOINT_NONE) {
        make_notify(&m, from, caller);
        return arch_copy_to_user(caller->as_root, msg_va, &m, sizeof(m));
    }
    for (struct proc *s = caller->senders; s != NULL; s = s->sender_next) {
        if (src == ENDPOINT_ANY || s->ep == src) {
            unlink_sender(caller, s);
            r = arch_copy_to_user(caller->as_root, msg_va, &s->msg, sizeof(s->msg));
            release_sender(s, caller);
            return r;
        }
    }
    if (src != ENDPOINT_ANY && closes_cycle(caller, proc_lookup(src))) {
        caller->msg_kptr = NULL;
        return -MX_ELOCKED;
    }
    caller->recv_from = src;
    caller->msg_va = msg_va;
    caller->reply_pending = false;
    proc_set_flags(caller, RTS_RECEIVING);
    return IPC_SUSPENDED;
}

int
ipc_notify(struct proc *caller, endpoint_t dst_ep)
{
    struct proc *dst = NULL;
    struct message m;
    int r = check_target(caller, dst_ep, &dst);

    if (r != MX_OK) {
        return r;
    }
    if (accepts_notify(dst, caller->ep)) {
        make_notify(&m, caller->ep, dst);
        deliver(dst, &m);
        return MX_OK;
    }
    dst->notify_pending[caller->slot / 64] |= 1ull << (caller->slot % 64);
    return MX_OK;
}

void
ipc_notify_kernel(struct proc *dst, enum kernel_source src)
{
    struct message m;
    endpoint_t ep = kernel_source_ep(src);

    if (accepts_notify(dst, ep)) {
        make_notify(&m, ep, dst);
        deliver(dst, &m);
        return;
    }
    dst->notify_kernel |= src;
}

void
ipc_syscall(struct proc *caller)
{
    uint64_t op, a0, va;
    int r;

    arch_syscall_args(&caller->ctx, &op, &a0, &va);
    endpoint_t ep = (endpoint_t)a0;
    if ((int64_t)a0 != (int64_t)ep) {
        arch_set_retval(&caller->ctx, -MX_EBADSRCDST);
        return;
    }
    switch (op) {
    case IPC_SEND:
        r = ipc_send(caller, ep, va, false, false);
        break;
    case IPC_SENDNB:
        r = ipc_send(caller, ep, va, false, true);
        break;
    case IPC_SENDREC:
        r = ep == ENDPOINT_SYSTEM ? kcall_from_user(caller, va) : ipc_send(caller, ep, va, true, false);
        break;
    case IPC_RECEIVE:
        r = ipc_receive(caller, ep, va);
        break;
    case IPC_NOTIFY:
        r = ipc_notify(caller, ep);
        break;
    case IPC_KCALLRECV: {
        int status = 0;
        r = kcall_from_user_status(caller, va, &status);
        if (r == MX_OK) {
            r = status != MX_OK ? status : ipc_receive(caller, ENDPOINT_ANY, va);
        }
        break;
    }
    case IPC_REPLYRECV:
        r = ipc_send(caller, ep, va, false, true);
        if (r == MX_OK) {
            r = ipc_receive(caller, ENDPOINT_ANY, va);
        }
        break;
    default:
        r = -MX_ENOSYS;
        break;
    }
    if (r != IPC_SUSPENDED) {
        arch_set_retval(&caller->ctx, r);
    }
}

void
ipc_finish_copyout(struct proc *p)
{
    if (!p->copyout_pending) {
        return;
    }
    p->copyout_pending = false;
    arch_set_retval(&p->ctx, arch_copy_to_user(p->as_root, p->msg_va, &p->msg, sizeof(p->msg)));
}

bool
ipc_awaits_reply_from(const struct proc *p, endpoint_t from)
{
    return (p->rts & RTS_RECEIVING) && p->reply_pending && p->recv_from == from &&
           !(p->rts & RTS_SENDING);
}

int
ipc_fork_wait(struct proc *child, const struct proc *parent)
{
    child->msg_va = parent->msg_va;
    child->sendrec = true;
    int r = prepare_receive_buffer(child, child->msg_va);
    if (r == MX_OK) {
        await_reply(child, parent->recv_from);
    }
    return r;
}

void
ipc_drop_reply(struct proc *p)
{
    p->sendrec = false;
    p->reply_pending = false;
    p->msg_kptr = NULL;
    p->copyout_pending = false;
    p->recv_from = ENDPOINT_NONE;
    proc_clear_flags(p, RTS_RECEIVING);
}

static void
fail_waiter(struct proc *q, uint32_t flag)
{
    q->sendrec = false;
    q->reply_pending = false;
    q->msg_kptr = NULL;
    q->send_to = q->recv_from = ENDPOINT_NONE;
    arch_set_retval(&q->ctx, -MX_EDEADSRCDST);
    proc_clear_flags(q, flag);
}

void
ipc_cleanup(struct proc *p)
{
    struct proc *s;

    while ((s = p->senders) != NULL) {
        p->senders = s->sender_next;
        s->sender_next = NULL;
        fail_waiter(s, RTS_SENDING);
    }
    if (p->rts & RTS_SENDING) {
        struct proc *dst = proc_lookup(p->send_to);
        if (dst != NULL) {
            unlink_sender(dst, p);
        }
    }
    for (unsigned i = 0; i < NR_PROCS; i++) {
        struct proc *q = proc_at(i);
        if (q == p || (q->rts & RTS_SLOT_FREE)) {
            continue;
        }
        if ((q->rts & RTS_RECEIVING) && q->recv_from == p->ep) {
            fail_waiter(q, RTS_RECEIVING);
        }
        q->notify_pending[p->slot / 64] &= ~(1ull << (p->slot % 64));
    }
}
