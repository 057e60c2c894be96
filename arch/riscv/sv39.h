// Sv39 page tables (Privileged Spec v1.12, "Sv39: Page-Based 39-bit Virtual
// Memory System"): PTE encoding, index arithmetic, map/lookup/unmap.
//
//   VA: | 63..39 = copy of bit 38 | VPN[2] 38..30 | VPN[1] 29..21 | VPN[0] 20..12 | offset |
//   PTE: | 63..54 reserved | PPN 53..10 | RSW 9..8 | D A G U X W R V |
//
// Levels: 2 = root (1 GiB leaves), 1 (2 MiB leaves), 0 (4 KiB leaves).
// Tables are reached by physical address used as a pointer: the kernel maps
// RAM at VA == PA (and host tests use host pointers as "physical" addresses).
// Integer logic only, no CSR access: unit-tested on the host.
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum {
    PTE_V = 1u << 0,
    PTE_R = 1u << 1,
    PTE_W = 1u << 2,
    PTE_X = 1u << 3,
    PTE_U = 1u << 4,
    PTE_G = 1u << 5,
    PTE_A = 1u << 6,
    PTE_D = 1u << 7,
    PTE_DEV = 1u << 8,   // software bit (RSW): device registers, not a RAM frame
    PTE_FLAGS_MASK = 0x3ff,
};

enum { SV39_LEVELS = 3, SV39_ENTRIES = 512, SV39_VA_BITS = 39, SV39_PA_BITS = 56 };

enum sv39_err {
    SV39_OK = 0,
    SV39_EINVAL = -1,  // bad alignment, non-canonical VA, bad flag combination
    SV39_EEXIST = -2,  // something is already mapped there
    SV39_ENOMEM = -3,  // no page for an intermediate table
    SV39_ENOENT = -4,  // nothing mapped there
};

// Supplies zeroed, page-aligned table pages by physical address (0 = none).
struct sv39_alloc {
    uint64_t (*alloc_table)(void *ctx);
    void *ctx;
};

static inline uint64_t
sv39_pte(uint64_t pa, uint64_t flags)
{
    return (pa >> 12) << 10 | flags;
}

static inline uint64_t
sv39_pte_pa(uint64_t pte)
{
    return ((pte >> 10) & ((1ull << 44) - 1)) << 12;
}

static inline bool
sv39_pte_is_leaf(uint64_t pte)
{
    return (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

static inline unsigned
sv39_index(uint64_t va, int level)
{
    return (unsigned)(va >> (12 + 9 * level)) & (SV39_ENTRIES - 1);
}

static inline uint64_t
sv39_level_size(int level)
{
    return 1ull << (12 + 9 * level);
}

static inline uint64_t
sv39_satp(uint64_t root_pa, uint16_t asid)
{
    return 8ull << 60 | (uint64_t)asid << 44 | root_pa >> 12;
}

// True if va is canonical (bits 63..39 equal bit 38).
bool sv39_va_is_canonical(uint64_t va);

// Maps one page of the given level (0, 1, 2) at va to pa with flags (V is
// added; R/W/X must form a valid leaf). Returns SV39_OK or an sv39_err.
int sv39_map(uint64_t *root, uint64_t va, uint64_t pa, int level, uint64_t flags,
             const struct sv39_alloc *alloc);

// Maps [va, va+size) to [pa, pa+size) with the largest pages alignment
// allows, up to max_level. Stops at the first error and returns it.
int sv39_map_range(uint64_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags,
                   int max_level, const struct sv39_alloc *alloc);

// Returns the leaf PTE mapping va and its level, or NULL if none.
uint64_t *sv39_lookup(uint64_t *root, uint64_t va, int *level);

// Translates va; returns false if unmapped. *flags gets the leaf's flags.
bool sv39_translate(uint64_t *root, uint64_t va, uint64_t *pa, uint64_t *flags);

// Removes the leaf mapping va; returns its level or SV39_ENOENT.
int sv39_unmap(uint64_t *root, uint64_t va);
