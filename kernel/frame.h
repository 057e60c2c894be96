// Physical page frames for page tables and process memory, taken from the
// memory map. Frames come back zeroed. (The VM server will own most of
// memory later; the kernel keeps this pool for itself and boot processes.)
#pragma once

#include <stdint.h>

#include "memmap.h"
#include "types.h"

void frame_init(const struct memmap *mm);
paddr_t frame_alloc(void);        // a zeroed 4 KiB frame, or 0 when none is left
void frame_free(paddr_t pa);
uint64_t frame_free_count(void);
