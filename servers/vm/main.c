// VM, the memory manager: the pager of every process (page faults arrive
// as SIGKPF with the fault record in the notification) and the server of
// brk, anonymous mmap/munmap and PM's fork/exec/exit reports. VM keeps the
// policy (each process's regions, servers/vm/region.c); the kernel keeps
// the frames, their reference counts and the page tables, and does what
// VM asks through KC_VMCTL (docs/design.md "Memory and the VM server").
// A process VM has not seen yet gets its regions from the kernel's record
// of its image (VMCTL_INFO), so boot processes need no registration.
// SIGKMEM: kernel calls waiting for memory of a process (servers/vm/kmem.c).
// A read fault on anonymous memory maps the kernel's shared zero page.
#include <string.h>

#include <mirv/errors.h>
#include <mirv/signal.h>
#include <mirv/vm.h>

#include "kmem.h"
#include "perm.h"
#include "region.h"
#include "sef.h"
#include "syslib.h"

enum { VM_SLOTS = 64 };

static struct vspace spaces[VM_SLOTS];

static int
vmctl(uint32_t op, endpoint_t ep, uint64_t va, uint64_t len, struct kc_vmctl *out)
{
    struct message m = {0};
    m.u.vmctl.op = op;
    m.u.vmctl.ep = ep;
    m.u.vmctl.va = va;
    m.u.vmctl.len = len;
    int r = kcall(KC_VMCTL, &m);
    if (out != NULL) {
        *out = m.u.vmctl;
    }
    return r;
}

// ep's regions; made from the kernel's record of its image the first time.
struct vspace *
vm_space_of(endpoint_t ep)
{
    unsigned slot = endpoint_slot(ep);
    struct kc_vmctl info;

    if (!endpoint_is_process(ep) || slot >= VM_SLOTS) {
        return NULL;
    }
    struct vspace *s = &spaces[slot];
    if (s->ep == ep) {
        return s;
    }
    s->ep = ENDPOINT_NONE;
    if (vmctl(VMCTL_INFO, ep, 0, 0, &info) != MX_OK || !vs_init(s, ep, info.va, info.len)) {
        s->ep = ENDPOINT_NONE;
        return NULL;
    }
    return s;
}

static void
forget(endpoint_t ep)
{
    unsigned slot = endpoint_slot(ep);
    if (slot < VM_SLOTS && spaces[slot].ep == ep) {
        spaces[slot].ep = ENDPOINT_NONE;
    }
}

static uint32_t
vmctl_prot(uint32_t prot)
{
    _Static_assert((int)VMCTL_R == (int)VM_PROT_READ && (int)VMCTL_W == (int)VM_PROT_WRITE &&
                       (int)VMCTL_X == (int)VM_PROT_EXEC, "prot bits");
    return prot & (VMCTL_R | VMCTL_W | VMCTL_X);
}

// ---- page faults ----

// The fault in notification n: map the page and resume the process (one
// kernel call, folded into the next receive), or fail it with SIGSEGV. A
// fault that finds no free frame kills the process (SIGKILL).
// The region of the last fault served, so that a run of faults in one
// region (the usual case) skips the search. Any request may change
// regions: serve() forgets it.
static struct {
    endpoint_t ep;
    uint64_t start, size;
    uint32_t prot;       // enum vm_prot
    uint32_t zero;       // VMCTL_ZERO if a read fault maps the shared zero page
} last = {ENDPOINT_NONE, 0, 0, 0, 0};

bool
vm_zero_ok(uint32_t kind)
{
    return kind == VR_HEAP || kind == VR_ANON;
}

static void
forget_last(void)
{
    last.ep = ENDPOINT_NONE;
}

// The region holding addr in ep allowing access (its prot in *prot).
static bool
find_region(endpoint_t ep, uint64_t addr, int access, uint32_t *prot)
{
    if (ep != last.ep || addr - last.start >= last.size) {
        struct vspace *s = vm_space_of(ep);
        const struct vregion *r = s != NULL ? vs_find(s, addr) : NULL;
        if (r == NULL) {
            return false;
        }
        last.ep = ep;
        last.start = r->start;
        last.size = r->end - r->start;
        last.prot = r->prot;
        last.zero = vm_zero_ok(r->kind) ? VMCTL_ZERO : 0;
    }
    *prot = last.prot;
    uint32_t need = access == 'w' ? VM_PROT_WRITE : access == 'x' ? VM_PROT_EXEC : VM_PROT_READ;
    return (last.prot & need) != 0;
}

static void
serve_fault(const struct message *n)
{
    uint64_t addr = n->u.notify.pf_addr;
    endpoint_t ep = n->u.notify.pf_ep;
    int access = (int)n->u.notify.pf_access; // read before m (the same buffer) is written
    uint32_t prot;
    bool ok = find_region(ep, addr, access, &prot);
    struct message *m = sef_kcall_in_place(); // n's buffer: no copies

    m->type = KC_VMCTL;
    m->u.vmctl.ep = ep;
    if (ok) {
        m->u.vmctl.op = VMCTL_MAP;
        m->u.vmctl.va = addr;
        // A read of anonymous memory maps the shared zero page.
        m->u.vmctl.prot = vmctl_prot(prot) | (access == 'r' ? last.zero : 0);
        m->u.vmctl.resume = 1;
        m->u.vmctl.fail_sig = MX_SIGKILL;
    } else {
        m->u.vmctl.op = VMCTL_FAIL;
    }
}

static void
on_signal(int sig)
{
    const struct message *n = sef_signal_message();

    if (sig == MX_SIGKMEM) {
        kmem_serve();
        return;
    }
    if (sig != MX_SIGKPF || n == NULL || n->u.notify.pf_ep == ENDPOINT_NONE) {
        sef_default_signal_handler(sig);
        return;
    }
    serve_fault(n);
}

// ---- requests ----

static int
do_brk(endpoint_t caller, const struct vm_req *q, struct vm_rep *rep)
{
    struct vspace *s = vm_space_of(caller);
    uint64_t lo, hi;

    if (s == NULL) {
        return -MX_ESRCH;
    }
    if (q->addr != 0) {
        int r = vs_set_brk(s, q->addr, &lo, &hi);
        if (r != MX_OK) {
            rep->addr = vs_brk(s);
            return r;
        }
        if (lo < hi) {
            vmctl(VMCTL_UNMAP, caller, lo, hi - lo, NULL);
        }
    }
    rep->addr = vs_brk(s);
    return MX_OK;
}

static int
do_mmap(endpoint_t caller, const struct vm_req *q, struct vm_rep *rep)
{
    struct vspace *s = vm_space_of(caller);

    if (q->flags != (VM_MAP_PRIVATE | VM_MAP_ANONYMOUS) ||
        (q->prot & ~(uint32_t)(VM_PROT_READ | VM_PROT_WRITE)) != 0) {
        return -MX_EINVAL; // only anonymous private memory, never executable
    }
    return s == NULL ? -MX_ESRCH : vs_mmap(s, q->len, q->prot, &rep->addr);
}

static int
do_munmap(endpoint_t caller, const struct vm_req *q)
{
    struct vspace *s = vm_space_of(caller);

    int r = s == NULL ? -MX_ESRCH : vs_munmap(s, q->addr, q->len);
    if (r == MX_OK) {
        r = vmctl(VMCTL_UNMAP, caller, q->addr, (q->len + VS_PAGE - 1) & ~(uint64_t)(VS_PAGE - 1),
                  NULL);
    }
    return r;
}

// PM's reports about processes it manages.
static int
do_process(endpoint_t caller, uint32_t type, const struct vm_req *q)
{
    if (!vm_manages(caller, q->ep)) {
        return -MX_EPERM;
    }
    if (type != VM_FORK) {
        forget(q->ep); // exec: regions start afresh from the new image
        return MX_OK;
    }
    struct vspace *parent = vm_space_of(q->ep);
    unsigned slot = endpoint_slot(q->ep2);
    if (parent == NULL || !endpoint_is_process(q->ep2) || slot >= VM_SLOTS ||
        !vm_manages(caller, q->ep2)) {
        return -MX_EINVAL;
    }
    vs_copy(&spaces[slot], parent, q->ep2);
    return MX_OK;
}

// RS's live update: the kernel swaps the two images on RS's behalf and
// VM's records of them trade endpoints in the same step, so no fault is
// ever served from the record of the other image.
static int
do_update(endpoint_t caller, const struct vm_req *q)
{
    unsigned a = endpoint_slot(q->ep), b = endpoint_slot(q->ep2);
    struct message m = {0};

    if (!vm_manages(caller, q->ep) || !vm_manages(caller, q->ep2)) {
        return -MX_EPERM;
    }
    if (a >= VM_SLOTS || b >= VM_SLOTS) {
        return -MX_EINVAL;
    }
    m.u.update.old_ep = q->ep;
    m.u.update.new_ep = q->ep2;
    m.u.update.start = (q->flags & VM_UPDATE_START) != 0;
    m.u.update.on_behalf = 1;
    m.u.update.mgr = caller;
    int r = kcall(KC_UPDATE, &m);
    if (r == MX_OK) {
        vs_swap(&spaces[a], q->ep, &spaces[b], q->ep2);
        vm_perm_forget(q->ep);
        vm_perm_forget(q->ep2);
    }
    return r;
}

static void
serve(const struct message *m)
{
    struct message rep = {.type = VM_REPLY};
    const struct vm_req *q = &m->u.vm_req;
    int r;

    forget_last();
    if (m->type < VM_BASE || m->type > VM_UPDATE) {
        r = -MX_ENOSYS;
    } else if (!(vm_call_mask(m->source) & vm_call_bit(m->type))) {
        r = -MX_EPERM;
    } else if (m->type == VM_BRK) {
        r = do_brk(m->source, q, &rep.u.vm_rep);
    } else if (m->type == VM_MMAP) {
        r = do_mmap(m->source, q, &rep.u.vm_rep);
    } else if (m->type == VM_MUNMAP) {
        r = do_munmap(m->source, q);
    } else if (m->type == VM_UPDATE) {
        r = do_update(m->source, q);
    } else {
        r = do_process(m->source, m->type, q);
    }
    rep.u.vm_rep.status = r;
    ipc_sendnb(m->source, &rep); // it waits in sendrec; a dead one is gone anyway
}

static int
init_fresh(const struct sef_init_info *info)
{
    (void)info;
    for (unsigned i = 0; i < VM_SLOTS; i++) {
        spaces[i].ep = ENDPOINT_NONE;
    }
    struct message m = {0};
    m.u.vmctl.op = VMCTL_SET_PAGER;
    return kcall(KC_VMCTL, &m);
}

int
main(void)
{
    struct message m;

    sef_setcb_init_fresh(init_fresh);
    sef_setcb_signal_handler(on_signal);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != 0 || m.type == MSG_NOTIFY) {
            continue;
        }
        serve(&m);
    }
}
