// Copy-on-write: a write (by the process, through VMCTL_MAP, or by the
// kernel copying into its memory) to a page shared since a fork. The last
// holder keeps the frame and gets write access; any other holder gets a
// private copy and drops its reference to the shared frame. A page mapped
// from the shared zero page (kernel/zeropage.c) is always replaced.
#include "arch.h"

#include <mirv/errors.h>

#include "frame.h"
#include "klib.h"

int
cow_break(uint64_t as_root, uint64_t va)
{
    return cow_break_with(as_root, va, 0);
}

int
cow_break_with(uint64_t as_root, uint64_t va, paddr_t spare)
{
    paddr_t pa;
    unsigned prot;

    va &= ~(uint64_t)(PAGE_SIZE - 1);
    if (!arch_as_lookup(as_root, va, &pa, &prot) || !(prot & AS_COW)) {
        if (spare != 0) {
            frame_free(spare);
        }
        return -MX_EFAULT;
    }
    prot = (prot & ~(unsigned)AS_COW) | AS_W;
    if (frame_refs(pa) > 1) {
        // A copy of the zero page needs a zeroed frame; any other copy
        // overwrites all of it.
        paddr_t copy = spare != 0 ? spare : frame_pinned(pa) ? frame_alloc() : frame_alloc_dirty();
        if (copy == 0) {
            return -MX_ENOMEM;
        }
        if (!frame_pinned(pa)) { // the zero page: the fresh frame is zeroed already
            memcpy((void *)(uintptr_t)copy, (const void *)(uintptr_t)pa, PAGE_SIZE);
        }
        frame_free(pa); // one reference fewer on the shared frame
        pa = copy;
    } else if (spare != 0) {
        frame_free(spare); // the last holder keeps its frame
    }
    arch_as_remap(as_root, va, pa, prot);
    arch_flush_page(as_root, va);
    return MX_OK;
}
