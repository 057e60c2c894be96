// Regions of a process's address space, the VM server's policy: which
// addresses may be touched and how. Portable C (no kernel calls), tested
// on the host (tests/unit/vm_region_test.c).
//
//   [VS_VA_MIN, text_end)    text    read + execute (text and rodata)
//   [text_end, data_end)     data    read + write (data, bss)
//   [data_end, brk)          heap    read + write, grows with brk
//   [VS_MMAP_BASE, ...)      anon    anonymous private mmaps, first fit
//   [VS_STACK_TOP - VS_STACK_MAX, VS_STACK_TOP)  stack, grows down on faults
//
// Regions are kept sorted by address and never overlap.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

enum {
    VS_REGIONS = 24,      // regions per process
    VS_PAGE = 4096,
};
static const uint64_t VS_VA_MIN = 0x10000ull;
static const uint64_t VS_MMAP_BASE = 0x40000000ull;
static const uint64_t VS_STACK_TOP = 0x7fff0000ull;
static const uint64_t VS_STACK_MAX = 0x800000ull; // 8 MiB
static const uint64_t VS_GAP = 0x10000ull;        // unmapped guard below the stack

enum vr_kind { VR_TEXT = 1, VR_DATA, VR_HEAP, VR_STACK, VR_ANON };

struct vregion {
    uint64_t start;       // page-aligned
    uint64_t end;         // exclusive, page-aligned (start == end: empty heap)
    uint32_t prot;        // enum vm_prot
    uint32_t kind;        // enum vr_kind
};

struct vspace {
    endpoint_t ep;        // ENDPOINT_NONE: unused
    unsigned count;
    struct vregion r[VS_REGIONS];
};

// Text, data, an empty heap at data_end and the stack (addresses in bytes,
// rounded to pages). False if the layout makes no sense.
bool vs_init(struct vspace *s, endpoint_t ep, uint64_t text_end, uint64_t data_end);
// The region holding addr, or NULL.
const struct vregion *vs_find(const struct vspace *s, uint64_t addr);
// Whether access ('r', 'w', 'x') is allowed in r.
bool vs_allows(const struct vregion *r, int access);
// The break (the end of the heap).
uint64_t vs_brk(const struct vspace *s);
// Moves the break to brk (rounded up to a page). On success *freed_start
// and *freed_end are the pages no longer in the heap (equal if none).
// -MX_ENOMEM if it would meet another region, -MX_EINVAL below the heap.
int vs_set_brk(struct vspace *s, uint64_t brk, uint64_t *freed_start, uint64_t *freed_end);
// A new anonymous region of len bytes (rounded up) with prot; *addr gets it.
int vs_mmap(struct vspace *s, uint64_t len, uint32_t prot, uint64_t *addr);
// Removes [addr, addr + len) from the anonymous regions (splitting one if
// needed). -MX_EINVAL for a bad range or one touching another kind.
int vs_munmap(struct vspace *s, uint64_t addr, uint64_t len);
// dst becomes a copy of src for process ep (fork).
void vs_copy(struct vspace *dst, const struct vspace *src, endpoint_t ep);
// Live update: the images of ep_a (record a) and ep_b (record b) traded
// endpoints, so the records trade too. A record that did not describe its
// endpoint's image comes out unused (made again from the kernel's record).
void vs_swap(struct vspace *a, endpoint_t ep_a, struct vspace *b, endpoint_t ep_b);
