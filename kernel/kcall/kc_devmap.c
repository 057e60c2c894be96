// KC_DEVMAP: maps a device's registers into the caller, user R/W, never X,
// as device pages (never freed as RAM, never reached by kernel copies).
// Only ranges inside a device-tree device that the kernel does not use.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../arch.h"
#include "../devmem.h"
#include "../proc.h"
#include "../types.h"

static bool
page_aligned(uint64_t x)
{
    return (x & (PAGE_SIZE - 1)) == 0;
}

int
kc_devmap(struct proc *caller, struct message *m)
{
    const struct kc_devmap *d = &m->u.devmap;

    if (!page_aligned(d->pa) || !page_aligned(d->size) || !page_aligned(d->va) ||
        d->size == 0 || d->va >= ARCH_USER_VA_END || d->size > ARCH_USER_VA_END - d->va) {
        return -MX_EINVAL;
    }
    int r = devmem_allowed(d->pa, d->size);
    if (r != MX_OK) {
        return r;
    }
    for (uint64_t off = 0; off < d->size; off += PAGE_SIZE) {
        if (arch_as_is_mapped(caller->as_root, d->va + off)) {
            return -MX_EEXIST; // checked first, so a refusal maps nothing
        }
    }
    for (uint64_t off = 0; off < d->size; off += PAGE_SIZE) {
        r = arch_as_map(caller->as_root, d->va + off, d->pa + off, AS_R | AS_W | AS_DEV);
        if (r != MX_OK) {
            return r; // out of memory for a page table
        }
    }
    return MX_OK;
}
