// Basic scalar types shared by the portable kernel and the arch layer.
// Physical and virtual addresses get distinct names so interfaces say which
// one they take; both are plain integers (no pointer typedefs).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;  // physical address
typedef uint64_t vaddr_t;  // virtual address

enum { PAGE_SIZE = 4096, PAGE_SHIFT = 12 };

static inline uint64_t
align_up(uint64_t x, uint64_t a)
{
    return (x + a - 1) & ~(a - 1);
}

static inline uint64_t
align_down(uint64_t x, uint64_t a)
{
    return x & ~(a - 1);
}
