// The shared zero page (see zeropage.h).
#include "zeropage.h"

#include <mirv/errors.h>

#include "arch.h"
#include "frame.h"

static paddr_t zero;

paddr_t
zero_frame(void)
{
    if (zero == 0) {
        paddr_t pa = frame_alloc(); // comes zeroed
        if (pa != 0 && !frame_pin(pa)) {
            frame_free(pa); // no reference counts: no sharing
            pa = 0;
        }
        zero = pa;
    }
    return zero;
}

int
zero_map(uint64_t as_root, uint64_t va, unsigned prot)
{
    paddr_t pa = zero_frame();

    if (pa == 0) {
        return -MX_ENOMEM;
    }
    unsigned kprot = AS_R | (prot & AS_X) | ((prot & AS_W) ? AS_COW : 0);
    int r = arch_as_map(as_root, va & ~(uint64_t)(PAGE_SIZE - 1), pa, kprot);
    if (r == MX_OK) {
        arch_flush_page(as_root, va);
    }
    return r;
}
