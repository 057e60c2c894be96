// The physical memory map: RAM ranges minus everything reserved (firmware,
// kernel image, device tree, /memreserve/), page-aligned and sorted.
#pragma once

#include <stdint.h>

#include "fdt.h"

enum { MEMMAP_MAX = 32 };

struct memmap {
    struct fdt_range free[MEMMAP_MAX]; // usable RAM, page-aligned, sorted by base
    unsigned count;
};

// Builds *out from the RAM ranges and the reserved ranges (any alignment;
// reserved ranges are widened to whole pages). Returns 0, or -1 if the
// result would need more than MEMMAP_MAX ranges.
int memmap_build(struct memmap *out, const struct fdt_range *mem, unsigned nmem,
                 const struct fdt_range *resv, unsigned nresv);

uint64_t memmap_total(const struct memmap *m);
