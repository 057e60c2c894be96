// Copy-on-write: a write (by the process, through VMCTL_MAP, or by the
// kernel copying into its memory) to a page shared since a fork. The last
// holder keeps the frame and gets write access; any other holder gets a
// private copy and drops its reference to the shared frame.
#include "arch.h"

#include <mirv/errors.h>

#include "frame.h"
#include "klib.h"

int
cow_break(uint64_t as_root, uint64_t va)
{
    paddr_t pa;
    unsigned prot;

    va &= ~(uint64_t)(PAGE_SIZE - 1);
    if (!arch_as_lookup(as_root, va, &pa, &prot) || !(prot & AS_COW)) {
        return -MX_EFAULT;
    }
    prot = (prot & ~(unsigned)AS_COW) | AS_W;
    if (frame_refs(pa) > 1) {
        paddr_t copy = frame_alloc_dirty();
        if (copy == 0) {
            return -MX_ENOMEM;
        }
        memcpy((void *)(uintptr_t)copy, (const void *)(uintptr_t)pa, PAGE_SIZE);
        frame_free(pa); // one reference fewer on the shared frame
        pa = copy;
    }
    arch_as_remap(as_root, va, pa, prot);
    arch_flush_page(as_root, va);
    return MX_OK;
}
