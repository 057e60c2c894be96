// KC_VIRCOPY: copies len bytes between two processes' address spaces (for
// trusted servers). Both ranges are checked in full before any byte moves,
// and the copy goes through a kernel bounce buffer in chunks. A page not
// present yet suspends the call until VM makes it present (kmem.h).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../kmem.h"
#include "../proc.h"

enum { VIRCOPY_MAX = 1 << 20, CHUNK = 256 };

int
kc_vircopy(struct proc *caller, struct message *m)
{
    const struct kc_vircopy *v = &m->u.vircopy;
    struct proc *src = proc_lookup(v->src_ep), *dst = proc_lookup(v->dst_ep);
    uint8_t buf[CHUNK];

    if (src == NULL || dst == NULL) {
        return -MX_ESRCH;
    }
    if (v->len > VIRCOPY_MAX) {
        return -MX_E2BIG;
    }
    if (arch_check_user(src->as_root, v->src_va, v->len, false) != 0 ||
        arch_check_user(dst->as_root, v->dst_va, v->len, true) != 0) {
        // A page not touched yet: VM makes it present and the call restarts.
        return kmem_copy_fault(caller, src, v->src_va, dst, v->dst_va, v->len);
    }
    for (uint64_t done = 0; done < v->len; done += CHUNK) {
        size_t n = v->len - done < CHUNK ? (size_t)(v->len - done) : CHUNK;
        if (arch_copy_from_user(src->as_root, buf, v->src_va + done, n) != 0 ||
            arch_copy_to_user(dst->as_root, v->dst_va + done, buf, n) != 0) {
            return -MX_EFAULT;
        }
    }
    return MX_OK;
}
