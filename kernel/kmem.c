// Kernel memory requests to the pager: the SIGKMEM path (see kmem.h).
#include "kmem.h"

#include <mirv/errors.h>
#include <mirv/kcall.h>
#include <mirv/signal.h>

#include "console.h"
#include "ipc.h"
#include "pagefault.h"
#include "proc.h"
#include "signal.h"

static struct {
    struct proc *head; // oldest request first (queued and fetched ones)
    struct proc *tail;
} kq;

static void
unlink_request(struct proc *p)
{
    struct proc *prev = NULL;

    for (struct proc *it = kq.head; it != NULL; prev = it, it = it->kmem_next) {
        if (it != p) {
            continue;
        }
        if (prev != NULL) {
            prev->kmem_next = it->kmem_next;
        } else {
            kq.head = it->kmem_next;
        }
        if (kq.tail == it) {
            kq.tail = prev;
        }
        it->kmem_next = NULL;
        return;
    }
}

// The first address of [va, va + len) whose page is not present in as_root;
// false if every page is there.
static bool
first_absent(uint64_t as_root, uint64_t va, uint64_t len, uint64_t *out)
{
    uint64_t end = va + len;

    for (uint64_t a = va; a < end; a = (a | (PAGE_SIZE - 1)) + 1) {
        if (!arch_as_is_mapped(as_root, a)) {
            *out = a;
            return true;
        }
    }
    return false;
}

// Whether caller may ask the pager for target's memory now.
static bool
may_ask(const struct proc *caller, const struct proc *target, uint64_t at)
{
    const struct proc *pager = pf_pager();

    if (pager == NULL || target->as_root == 0) {
        return false;
    }
    if (caller == pager || target == pager) {
        // The pager cannot wait for itself: its memory is present from boot.
        kprintf("kmem: %s (ep %d) needs %#lx of %s (ep %d), not present: EFAULT\n",
                caller->name, caller->ep, (unsigned long)at, target->name, target->ep);
        return false;
    }
    if (caller->kmem_state == KMEM_REFUSED || caller->kmem_rounds >= KMEM_MAX_ROUNDS) {
        return false;
    }
    // VM said the page is present, yet it is not: fail rather than loop.
    return !(caller->kmem_state == KMEM_DONE && caller->kmem_target == target->ep &&
             caller->kmem_va == at);
}

int
kmem_need(struct proc *caller, struct proc *target, uint64_t va, uint64_t len, bool write)
{
    struct proc *pager = pf_pager();
    uint64_t at;

    if (len == 0 || va >= ARCH_USER_VA_END || len > ARCH_USER_VA_END - va ||
        !first_absent(target->as_root, va, len, &at) || !may_ask(caller, target, at)) {
        return -MX_EFAULT;
    }
    caller->kmem_target = target->ep;
    caller->kmem_access = write ? 'w' : 'r';
    caller->kmem_va = at;
    caller->kmem_len = va + len - at;
    caller->kmem_state = KMEM_QUEUED;
    caller->kmem_rounds++;
    caller->kmem_next = NULL;
    if (kq.tail != NULL) {
        kq.tail->kmem_next = caller;
    } else {
        kq.head = caller;
    }
    kq.tail = caller;
    arch_syscall_restart(&caller->ctx);
    proc_set_flags(caller, RTS_KMEM);
    sig_send(pager, MX_SIGKMEM);
    return IPC_SUSPENDED;
}

int
kmem_copy_fault(struct proc *caller, struct proc *src, uint64_t src_va, struct proc *dst,
                uint64_t dst_va, uint64_t len)
{
    if (arch_check_user(src->as_root, src_va, len, false) != 0) {
        return kmem_need(caller, src, src_va, len, false);
    }
    if (arch_check_user(dst->as_root, dst_va, len, true) != 0) {
        return kmem_need(caller, dst, dst_va, len, true);
    }
    return -MX_EFAULT;
}

void
kmem_call_done(struct proc *caller)
{
    caller->kmem_state = KMEM_IDLE;
    caller->kmem_rounds = 0;
}

struct proc *
kmem_next(void)
{
    for (struct proc *it = kq.head; it != NULL; it = it->kmem_next) {
        if (it->kmem_state == KMEM_QUEUED) {
            it->kmem_state = KMEM_FETCHED;
            return it;
        }
    }
    return NULL;
}

int
kmem_done(struct proc *req, int status)
{
    if (!(req->rts & RTS_KMEM) || req->kmem_state != KMEM_FETCHED) {
        return -MX_EINVAL;
    }
    unlink_request(req);
    req->kmem_state = status == MX_OK ? KMEM_DONE : KMEM_REFUSED;
    proc_clear_flags(req, RTS_KMEM);
    return MX_OK;
}

void
kmem_forget(struct proc *p)
{
    unlink_request(p);
    p->kmem_state = KMEM_IDLE;
    p->kmem_rounds = 0;
    if (p->rts & RTS_KMEM) {
        proc_clear_flags(p, RTS_KMEM);
    }
}

void
kmem_pager_changed(void)
{
    struct proc *pager = pf_pager();
    bool any = false;

    for (struct proc *it = kq.head; it != NULL; it = it->kmem_next) {
        if (it->kmem_state == KMEM_FETCHED) {
            it->kmem_state = KMEM_QUEUED;
        }
        any = true;
    }
    if (any && pager != NULL) {
        sig_send(pager, MX_SIGKMEM);
    }
}

bool
kmem_pending(void)
{
    for (struct proc *it = kq.head; it != NULL; it = it->kmem_next) {
        if (it->kmem_state == KMEM_QUEUED) {
            return true;
        }
    }
    return false;
}

int
kmem_vmctl(struct kc_vmctl *v)
{
    if (v->op == VMCTL_KMEM_NEXT) {
        struct proc *p = kmem_next();
        v->req_ep = p != NULL ? p->ep : ENDPOINT_NONE;
        if (p != NULL) {
            v->ep = p->kmem_target;
            v->va = p->kmem_va;
            v->len = p->kmem_len;
            v->prot = p->kmem_access == 'w' ? VMCTL_W : VMCTL_R;
        }
        return MX_OK;
    }
    struct proc *req = proc_lookup(v->req_ep);
    return req != NULL ? kmem_done(req, v->fail_sig) : -MX_ESRCH; // gone meanwhile
}
