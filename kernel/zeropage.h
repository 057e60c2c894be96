// The shared zero page: one pinned frame of zeros (kernel/frame.c) that
// the pager maps read-only for a read fault on anonymous memory
// (VMCTL_MAP with VMCTL_ZERO). Where the region is writable the mapping is
// copy-on-write (AS_COW): a later write, by the process (a fault that VM
// answers with VMCTL_MAP + W) or by the kernel (a copy into the page),
// gets a private zeroed frame through cow_break. The frame is never
// written, never freed, and not counted as anyone's memory.
#pragma once

#include <stdint.h>

#include "types.h"

// The zero frame (taken from the pool and pinned on first use), or 0 if
// the pool is empty.
paddr_t zero_frame(void);
// Maps the zero page at va in as_root with prot (enum as_prot: R, W, X):
// read-only, AS_COW if W. 0, -MX_EEXIST if a page is there, -MX_ENOMEM.
int zero_map(uint64_t as_root, uint64_t va, unsigned prot);
