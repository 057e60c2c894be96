// SIGKMEM in VM: makes ranges present for kernel calls (see kmem.h).
#include "kmem.h"

#include <mirv/errors.h>
#include <mirv/kcall.h>

#include "syslib.h"

static uint32_t
need_of(uint32_t access)
{
    return access == VMCTL_W ? VM_PROT_WRITE : VM_PROT_READ;
}

// Every byte of [va, end) in a region of s that allows the access.
static bool
covered(const struct vspace *s, uint64_t va, uint64_t end, uint32_t access)
{
    for (uint64_t a = va; a < end;) {
        const struct vregion *r = vs_find(s, a);
        if (r == NULL || !(r->prot & need_of(access))) {
            return false;
        }
        a = r->end;
    }
    return true;
}

static int
map_range(endpoint_t ep, uint64_t va, uint64_t len, uint32_t prot)
{
    struct message m = {0};
    m.u.vmctl.op = VMCTL_MAP_RANGE;
    m.u.vmctl.ep = ep;
    m.u.vmctl.va = va;
    m.u.vmctl.len = len;
    m.u.vmctl.prot = prot;
    return kcall(KC_VMCTL, &m);
}

// Checks the request's range and maps all but its last region piece;
// *last_* get the piece KMEM_DONE maps (prot 0: nothing). 0 or an error.
static int
prepare(const struct kc_vmctl *q, struct kc_vmctl *last)
{
    struct vspace *s = vm_space_of(q->ep);
    uint64_t end = q->va + q->len;

    if (s == NULL || q->len == 0 || end < q->va || !covered(s, q->va, end, q->prot)) {
        return -MX_EFAULT; // gone, or no region there: the call fails
    }
    for (uint64_t a = q->va; a < end;) {
        const struct vregion *r = vs_find(s, a);
        uint64_t stop = r->end < end ? r->end : end;
        uint32_t prot = r->prot & (VMCTL_R | VMCTL_W | VMCTL_X);
        if (q->prot == VMCTL_R && vm_zero_ok(r->kind)) {
            prot |= VMCTL_ZERO; // a kernel read of untouched anonymous memory
        }
        if (stop == end) {
            last->ep = q->ep;
            last->va = a;
            last->len = stop - a;
            last->prot = prot;
            return MX_OK;
        }
        int e = map_range(q->ep, a, stop - a, prot);
        if (e != MX_OK) {
            return e;
        }
        a = stop;
    }
    return MX_OK;
}

void
kmem_serve(void)
{
    struct message m = {0};

    m.u.vmctl.op = VMCTL_KMEM_NEXT;
    if (kcall(KC_VMCTL, &m) != MX_OK) {
        return;
    }
    // Each answer (which also maps the last piece) brings the next request.
    while (m.u.vmctl.req_ep != ENDPOINT_NONE) {
        struct message d = {0};
        d.u.vmctl.op = VMCTL_KMEM_DONE;
        d.u.vmctl.req_ep = m.u.vmctl.req_ep;
        d.u.vmctl.fail_sig = prepare(&m.u.vmctl, &d.u.vmctl);
        if (d.u.vmctl.fail_sig != MX_OK) {
            d.u.vmctl.prot = 0;
        }
        kcall(KC_VMCTL, &d); // ESRCH: the caller died meanwhile; the next comes anyway
        m = d;
    }
}
