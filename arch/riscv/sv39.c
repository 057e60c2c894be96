// Sv39 page-table manipulation: pure arithmetic over tables in memory.
#include "sv39.h"

#include <stddef.h>

static uint64_t *
table_at(uint64_t pa)
{
    return (uint64_t *)(uintptr_t)pa;
}

bool
sv39_va_is_canonical(uint64_t va)
{
    uint64_t top = va >> (SV39_VA_BITS - 1); // bits 63..38
    return top == 0 || top == (1ull << (64 - SV39_VA_BITS + 1)) - 1;
}

static bool
leaf_flags_valid(uint64_t flags)
{
    if ((flags & (PTE_R | PTE_W | PTE_X)) == 0) {
        return false; // that would be a pointer to a table
    }
    return !((flags & PTE_W) && !(flags & PTE_R)); // W without R is reserved
}

// Returns the table at the next level below entry *pte, creating it if
// allowed. NULL if a leaf is in the way or no table could be had.
static uint64_t *
next_table(uint64_t *pte, const struct sv39_alloc *alloc, int *err)
{
    if (*pte & PTE_V) {
        if (sv39_pte_is_leaf(*pte)) {
            *err = SV39_EEXIST;
            return NULL;
        }
        return table_at(sv39_pte_pa(*pte));
    }
    uint64_t pa = alloc != NULL ? alloc->alloc_table(alloc->ctx) : 0;
    if (pa == 0) {
        *err = SV39_ENOMEM;
        return NULL;
    }
    *pte = sv39_pte(pa, PTE_V);
    return table_at(pa);
}

int
sv39_map(uint64_t *root, uint64_t va, uint64_t pa, int level, uint64_t flags,
         const struct sv39_alloc *alloc)
{
    uint64_t size = sv39_level_size(level);
    uint64_t *table = root;
    int err = SV39_OK;

    if (level < 0 || level >= SV39_LEVELS || !sv39_va_is_canonical(va) ||
        ((va | pa) & (size - 1)) != 0 || pa >> SV39_PA_BITS != 0 ||
        !leaf_flags_valid(flags & PTE_FLAGS_MASK)) {
        return SV39_EINVAL;
    }
    for (int l = SV39_LEVELS - 1; l > level; l--) {
        table = next_table(&table[sv39_index(va, l)], alloc, &err);
        if (table == NULL) {
            return err;
        }
    }
    uint64_t *pte = &table[sv39_index(va, level)];
    if (*pte & PTE_V) {
        return SV39_EEXIST;
    }
    *pte = sv39_pte(pa, (flags & PTE_FLAGS_MASK) | PTE_V);
    return SV39_OK;
}

static int
largest_level(uint64_t va, uint64_t pa, uint64_t left, int max_level)
{
    for (int l = max_level; l > 0; l--) {
        uint64_t size = sv39_level_size(l);
        if (((va | pa) & (size - 1)) == 0 && left >= size) {
            return l;
        }
    }
    return 0;
}

int
sv39_map_range(uint64_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags,
               int max_level, const struct sv39_alloc *alloc)
{
    if (((va | pa | size) & (sv39_level_size(0) - 1)) != 0 || va + size < va) {
        return SV39_EINVAL;
    }
    while (size > 0) {
        int level = largest_level(va, pa, size, max_level);
        int err = sv39_map(root, va, pa, level, flags, alloc);
        if (err != SV39_OK) {
            return err;
        }
        uint64_t step = sv39_level_size(level);
        va += step;
        pa += step;
        size -= step;
    }
    return SV39_OK;
}

uint64_t *
sv39_lookup(uint64_t *root, uint64_t va, int *level)
{
    uint64_t *table = root;

    if (!sv39_va_is_canonical(va)) {
        return NULL;
    }
    for (int l = SV39_LEVELS - 1; l >= 0; l--) {
        uint64_t *pte = &table[sv39_index(va, l)];
        if (!(*pte & PTE_V)) {
            return NULL;
        }
        if (sv39_pte_is_leaf(*pte)) {
            *level = l;
            return pte;
        }
        table = table_at(sv39_pte_pa(*pte));
    }
    return NULL; // a pointer PTE at level 0 is malformed
}

bool
sv39_translate(uint64_t *root, uint64_t va, uint64_t *pa, uint64_t *flags)
{
    int level = 0;
    uint64_t *pte = sv39_lookup(root, va, &level);

    if (pte == NULL) {
        return false;
    }
    *pa = sv39_pte_pa(*pte) | (va & (sv39_level_size(level) - 1));
    *flags = *pte & PTE_FLAGS_MASK;
    return true;
}

int
sv39_unmap(uint64_t *root, uint64_t va)
{
    int level = 0;
    uint64_t *pte = sv39_lookup(root, va, &level);

    if (pte == NULL) {
        return SV39_ENOENT;
    }
    *pte = 0;
    return level;
}
