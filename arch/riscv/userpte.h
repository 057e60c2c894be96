// The bits of a user page-table entry beyond the hardware's (software RSW
// bits: what kind of page), and the page count kept in each user root.
// Shared by arch/riscv/uspace.c and the page-fault fast path (trapentry.S,
// through asm_offsets.c).
#pragma once

#include "sv39.h"

enum {
    USER_ROOT_ENTRIES = 2,  // root entries 0..1 cover user space (< 2 GiB)
    USER_PTE_BASE = PTE_U | PTE_A | PTE_D,
    PTE_BORROWED = 1u << 9, // RSW bit: the frame is not this space's own (PTE_DEV is bit 8)
    PTE_SW = PTE_DEV | PTE_BORROWED, // both RSW bits: what kind of page
    PTE_COW = PTE_SW,       // both set: own page, copy-on-write (read-only while shared)
    // The kernel's map never uses the last root entry (RAM is at entry 2,
    // the MMIO window at 256), so each user root keeps there the number of
    // pages the space owns, shifted left by one so that V stays clear. It
    // moves with the root (fork, exec, update swaps) and is kept on every
    // map, remap and unmap, so KC_GETINFO need not walk the tables.
    PAGES_SLOT = SV39_ENTRIES - 1,
};
