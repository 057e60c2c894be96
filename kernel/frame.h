// Physical page frames for page tables and process memory, taken from the
// memory map. Frames come back zeroed. Each frame has a reference count:
// frame_alloc gives one reference, frame_ref adds one (an address space
// sharing the frame copy-on-write), frame_free drops one and returns the
// frame to the pool at zero. The VM server decides what is mapped where;
// the kernel keeps the frames and their counts (docs/design.md "Memory").
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "memmap.h"
#include "types.h"

void frame_init(const struct memmap *mm);
paddr_t frame_alloc(void);        // a zeroed 4 KiB frame, or 0 when none is left
void frame_free(paddr_t pa);      // drops a reference; freed at zero
bool frame_ref(paddr_t pa);       // one more reference (false: not a pool frame)
unsigned frame_refs(paddr_t pa);  // references held (0: free or not a pool frame)
// A pinned frame (the shared zero page) is never freed: frame_ref and
// frame_free leave it alone, and frame_refs says FRAME_PINNED (so a
// copy-on-write break always copies it). False if pa is not a pool frame.
enum { FRAME_PINNED = 0xffff };
bool frame_pin(paddr_t pa);
bool frame_pinned(paddr_t pa);
uint64_t frame_free_count(void);
