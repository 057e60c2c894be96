// KC_VMCTL: the pager's calls. SET_PAGER registers the caller as the pager;
// MAP maps a fresh zeroed page at va in a process (and with resume ends its
// page fault, flushing only that address); FAIL ends a fault it cannot
// serve with SIGSEGV through the process's signal manager. While faults stay
// queued the kernel raises SIGKPF again, so each notification brings the
// next one. (Frames come from the kernel's pool until VM owns memory.)
#include "../kcall.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "../console.h"
#include "../frame.h"
#include "../pagefault.h"
#include "../proc.h"
#include "../signal.h"

static int
map_page(struct kc_vmctl *v, struct proc *p)
{
    unsigned prot = ((v->prot & VMCTL_R) ? AS_R : 0) | ((v->prot & VMCTL_W) ? AS_W : 0) |
                    ((v->prot & VMCTL_X) ? AS_X : 0);
    uint64_t va = v->va & ~(uint64_t)(PAGE_SIZE - 1);

    if (prot == 0 || va >= ARCH_USER_VA_END) {
        return -MX_EINVAL;
    }
    paddr_t pa = frame_alloc();
    if (pa == 0) {
        return -MX_ENOMEM;
    }
    int r = arch_as_map(p->as_root, va, pa, prot);
    if (r != MX_OK) {
        frame_free(pa);
        return r;
    }
    arch_flush_page(p->as_root, va);
    proc_as_changed(p);
    return MX_OK;
}


int
kc_vmctl(struct proc *caller, struct message *m)
{
    struct kc_vmctl *v = &m->u.vmctl;
    struct proc *p;

    if (v->op == VMCTL_SET_PAGER) {
        return pf_set_pager(caller);
    }
    if (pf_pager() != caller) {
        return -MX_EPERM; // only the pager maps pages and ends faults
    }
    p = proc_lookup(v->ep);
    if (p == NULL) {
        return -MX_ESRCH;
    }
    int r = MX_OK;
    if (v->op == VMCTL_MAP) {
        r = map_page(v, p);
        if (r == MX_OK && v->resume && (p->rts & RTS_PAGEFAULT)) {
            pf_resolve(p);
        }
    } else if (v->op == VMCTL_FAIL && (p->rts & RTS_PAGEFAULT)) {
        kprintf("%s (ep %d): page fault (%s) at %#lx outside its memory: SIGSEGV\n", p->name,
                p->ep, p->pf_access == 'w' ? "write" : p->pf_access == 'x' ? "execute" : "read",
                (unsigned long)p->pf_addr);
        pf_resolve(p);
        sig_cause(p, MX_SIGSEGV);
    } else {
        r = -MX_EINVAL;
    }
    v->more = pf_peek() != NULL;
    if (v->more) {
        sig_send(caller, MX_SIGKPF); // the next receive brings the next fault
    }
    return r;
}
