// Physical page frames for page tables and process memory, taken from the
// memory map. frame_alloc's frames come back zeroed: from a pool the idle
// loop fills (frame_zero_idle), or zeroed on the spot when it is empty;
// frame_alloc_dirty's do not (for callers that overwrite the whole frame). Each frame has a reference count:
// frame_alloc gives one reference, frame_ref adds one (an address space
// sharing the frame copy-on-write), frame_free drops one and returns the
// frame to the pool at zero. The VM server decides what is mapped where;
// the kernel keeps the frames and their counts (docs/design.md "Memory").
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "memmap.h"
#include "types.h"

// Zeroed frames the idle loop keeps ready (4 MiB); they stay free frames.
#define FRAME_ZERO_POOL 1024

void frame_init(const struct memmap *mm);
paddr_t frame_alloc(void);        // a zeroed 4 KiB frame, or 0 when none is left
// frame_alloc's usual case alone: a frame from the pool the idle loop
// zeroed, or 0 if that pool is empty (then frame_alloc zeroes one). A leaf
// function, cheap to call from the page-fault fast path's assembly.
paddr_t frame_alloc_prezeroed(void);
paddr_t frame_alloc_dirty(void);  // a 4 KiB frame with any contents, or 0
bool frame_zero_idle(void);       // zeroes one free frame into the pool (false: pool full)
void frame_set_zero_target(uint64_t frames); // pool size (0: no pre-zeroing)
uint64_t frame_zeroed_count(void);
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
