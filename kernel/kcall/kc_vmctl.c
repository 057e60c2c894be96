// KC_VMCTL: the pager's calls (the VM server decides, the kernel keeps the
// frames and page tables). SET_PAGER registers the caller as the pager;
// MAP makes a page present (a fresh zeroed frame, or a private copy of a
// copy-on-write page) and with resume ends the process's page fault,
// flushing only that address; FAIL ends a fault it cannot serve with
// SIGSEGV through the process's signal manager; UNMAP drops pages (brk
// shrinking, munmap); INFO tells the image layout of a process. MAP with
// VMCTL_ZERO maps the shared zero page (kernel/zeropage.h); KMEM_NEXT,
// MAP_RANGE and KMEM_DONE serve kernel memory requests (kernel/kmem.h). While
// faults stay queued the kernel raises SIGKPF again after MAP and FAIL, so
// each notification brings the next one.
#include "../kcall.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "../console.h"
#include "../frame.h"
#include "../kmem.h"
#include "../pagefault.h"
#include "../proc.h"
#include "../signal.h"
#include "../zeropage.h"

static unsigned
as_prot(uint32_t prot)
{
    return ((prot & VMCTL_R) ? AS_R : 0) | ((prot & VMCTL_W) ? AS_W : 0) |
           ((prot & VMCTL_X) ? AS_X : 0);
}

// A page already there: a write to a copy-on-write page copies it; one
// that already allows the access (a fault served twice) is fine.
static int
map_present(struct proc *p, uint64_t va, unsigned want, unsigned have)
{
    if ((want & AS_W) && (have & AS_COW)) {
        return cow_break(p->as_root, va);
    }
    if ((want & have) == want) {
        return MX_OK;
    }
    return -MX_EEXIST;
}

// The unusual outcomes of a map: no frame (fine if the page is there and
// not copy-on-write), or something already mapped at va. Kept out of line
// so that the usual case stays small enough to inline into the fast path.
static __attribute__((noinline)) int
map_unusual(struct proc *p, uint64_t va, unsigned prot, paddr_t pa, int r)
{
    paddr_t old;
    unsigned have;

    if (pa == 0) {
        return arch_as_lookup(p->as_root, va, &old, &have) && !(have & AS_COW) ? MX_OK
                                                                                : -MX_ENOMEM;
    }
    bool there = r == -MX_EEXIST && arch_as_lookup(p->as_root, va, &old, &have);
    if (there && (prot & AS_W) && (have & AS_COW)) {
        return cow_break_with(p->as_root, va, pa); // pa becomes the private copy
    }
    frame_free(pa);
    return there ? map_present(p, va, prot, have) : r;
}

int
vmctl_map_page(const struct kc_vmctl *v, struct proc *p)
{
    unsigned prot = as_prot(v->prot);
    uint64_t va = v->va & ~(uint64_t)(PAGE_SIZE - 1);

    if (prot == 0 || va >= ARCH_USER_VA_END) {
        return -MX_EINVAL;
    }
    paddr_t pa = frame_alloc();
    int r = pa != 0 ? arch_as_map(p->as_root, va, pa, prot) : -MX_ENOMEM; // usually: nothing there
    if (r != MX_OK) {
        return map_unusual(p, va, prot, pa, r);
    }
    arch_flush_page(p->as_root, va);
    return MX_OK;
}

int
vmctl_map_fault(const struct kc_vmctl *v, struct proc *p)
{
    if (v->prot & VMCTL_ZERO) {
        int r = zero_map(p->as_root, v->va, as_prot(v->prot));
        if (r != -MX_ENOMEM) {
            return r == -MX_EEXIST ? MX_OK : r; // EEXIST: served twice, any page will do
        }
    }
    return vmctl_map_page(v, p);
}

static int
unmap_range(struct kc_vmctl *v, struct proc *p)
{
    uint64_t va = v->va & ~(uint64_t)(PAGE_SIZE - 1);

    if (va >= ARCH_USER_VA_END || v->len > ARCH_USER_VA_END - va) {
        return -MX_EINVAL;
    }
    for (uint64_t a = va; a < v->va + v->len; a += PAGE_SIZE) {
        paddr_t pa = arch_as_unmap(p->as_root, a);
        if (pa != 0) {
            frame_free(pa);
        }
        arch_flush_page(p->as_root, a);
    }
    proc_as_changed(p); // the IPC path may hold pointers into those pages
    return MX_OK;
}

static const char *
access_name(uint32_t access)
{
    return access == 'w' ? "write" : access == 'x' ? "execute" : "read";
}

// Ends p's fault with signal sig (SIGSEGV: outside its memory; another
// one: the pager ran out of frames).
static void
fail_fault(struct proc *p, int sig)
{
    if (sig == MX_SIGSEGV) {
        kprintf("%s (ep %d): page fault (%s) at %#lx outside its memory: SIGSEGV\n", p->name,
                p->ep, access_name(p->pf_access), (unsigned long)p->pf_addr);
    } else {
        kprintf("%s (ep %d): out of memory at %#lx: killed (signal %d)\n", p->name, p->ep,
                (unsigned long)p->pf_addr, sig);
    }
    pf_resolve(p);
    sig_cause(p, sig);
}

static int
do_map(struct kc_vmctl *v, struct proc *p)
{
    int r = vmctl_map_page(v, p);
    bool faulting = v->resume && (p->rts & RTS_PAGEFAULT);

    if (r == MX_OK && faulting) {
        pf_resolve(p);
    } else if (r == -MX_ENOMEM && faulting && v->fail_sig > 0 && v->fail_sig < MX_SIGKPF) {
        fail_fault(p, v->fail_sig);
        r = MX_OK; // the fault is over, as the pager asked
    }
    return r;
}

// MAP with VMCTL_ZERO (a read fault on anonymous memory): the shared zero
// page. -MX_ENOMEM: no zero frame, the caller maps a fresh frame instead.
static int
do_map_zero(struct kc_vmctl *v, struct proc *p)
{
    int r = zero_map(p->as_root, v->va, as_prot(v->prot));

    if ((r == MX_OK || r == -MX_EEXIST) && v->resume && (p->rts & RTS_PAGEFAULT)) {
        pf_resolve(p); // (EEXIST: served twice; a read is satisfied by any page)
    }
    return r == -MX_EEXIST ? MX_OK : r;
}

// An absent page at va for map_range: the zero page or a fresh frame.
static int
map_absent(struct proc *p, uint64_t va, uint32_t prot)
{
    int r = (prot & VMCTL_ZERO) ? zero_map(p->as_root, va, as_prot(prot)) : -MX_ENOMEM;

    if (r != -MX_ENOMEM) {
        return r;
    }
    paddr_t pa = frame_alloc();
    if (pa == 0) {
        return -MX_ENOMEM;
    }
    r = arch_as_map(p->as_root, va, pa, as_prot(prot));
    if (r != MX_OK) {
        frame_free(pa);
        return r;
    }
    arch_flush_page(p->as_root, va);
    return MX_OK;
}

// MAP_RANGE (SIGKMEM): every absent page of [va, va + len) mapped as MAP
// would; pages already there stay as they are.
static int
map_range(struct kc_vmctl *v, struct proc *p)
{
    uint64_t va = v->va & ~(uint64_t)(PAGE_SIZE - 1);
    if (as_prot(v->prot) == 0 || v->len == 0 || v->va >= ARCH_USER_VA_END || v->len > ARCH_USER_VA_END - v->va) {
        return -MX_EINVAL;
    }
    for (uint64_t a = va; a < v->va + v->len; a += PAGE_SIZE) {
        int r = arch_as_is_mapped(p->as_root, a) ? MX_OK : map_absent(p, a, v->prot);
        if (r != MX_OK) {
            return r;
        }
    }
    return MX_OK;
}

// SIGKMEM: the pager fetches a request, maps its range (MAP_RANGE, or
// KMEM_DONE with prot) and answers it.
static int
vmctl_kmem(struct kc_vmctl *v)
{
    if (v->op == VMCTL_KMEM_NEXT) {
        return kmem_vmctl(v);
    }
    if (v->op != VMCTL_MAP_RANGE && v->op != VMCTL_KMEM_DONE) {
        return -MX_EINVAL;
    }
    struct proc *p = v->prot != 0 ? proc_lookup(v->ep) : NULL;
    int r = v->prot == 0 ? MX_OK : p == NULL ? -MX_ESRCH : map_range(v, p);
    if (v->op == VMCTL_MAP_RANGE) {
        return r;
    }
    if (r != MX_OK && v->fail_sig == 0) {
        v->fail_sig = -MX_EFAULT; // could not map: the call fails
    }
    r = kmem_vmctl(v); // ESRCH: the caller died meanwhile
    v->op = VMCTL_KMEM_NEXT; // and the next request, if any
    kmem_vmctl(v);
    return r;
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
    if (v->op >= VMCTL_KMEM_NEXT) {
        return vmctl_kmem(v); // KMEM_NEXT, KMEM_DONE, MAP_RANGE: off the fault path
    }
    p = proc_lookup(v->ep);
    if (p == NULL) {
        return -MX_ESRCH;
    }
    int r = MX_OK;
    switch (v->op) {
    case VMCTL_MAP:
        r = (v->prot & VMCTL_ZERO) ? do_map_zero(v, p) : -MX_ENOMEM;
        if (r == -MX_ENOMEM) {
            r = do_map(v, p); // the usual case: a fresh frame
        }
        break;
    case VMCTL_FAIL:
        if (!(p->rts & RTS_PAGEFAULT)) {
            return -MX_EINVAL;
        }
        fail_fault(p, MX_SIGSEGV);
        break;
    case VMCTL_UNMAP: return unmap_range(v, p);
    case VMCTL_INFO:
        v->va = p->text_end;
        v->len = p->data_end;
        return MX_OK;
    default: return -MX_EINVAL;
    }
    v->more = pf_peek() != NULL;
    if (v->more) {
        sig_send(caller, MX_SIGKPF); // the next receive brings the next fault
    }
    return r;
}
