// Subtracting reserved ranges from RAM. Portable, unit-tested on the host.
#include "memmap.h"

#include "types.h"

static int
push(struct memmap *m, uint64_t base, uint64_t end)
{
    if (end <= base) {
        return 0;
    }
    if (m->count == MEMMAP_MAX) {
        return -1;
    }
    m->free[m->count++] = (struct fdt_range){base, end - base};
    return 0;
}

// Removes [rb, re) from every free range, splitting where needed.
static int
subtract(struct memmap *m, uint64_t rb, uint64_t re)
{
    unsigned n = m->count;

    for (unsigned i = 0; i < n; i++) {
        uint64_t b = m->free[i].base, e = b + m->free[i].size;
        if (re <= b || rb >= e) {
            continue;
        }
        m->free[i].size = rb > b ? rb - b : 0;
        if (m->free[i].size == 0) {
            m->free[i].base = b;
        }
        if (re < e && push(m, re, e) != 0) {
            return -1;
        }
    }
    return 0;
}

static void
compact_and_sort(struct memmap *m)
{
    unsigned n = 0;

    for (unsigned i = 0; i < m->count; i++) {
        if (m->free[i].size != 0) {
            m->free[n++] = m->free[i];
        }
    }
    m->count = n;
    for (unsigned i = 1; i < n; i++) {
        struct fdt_range r = m->free[i];
        unsigned j = i;
        while (j > 0 && m->free[j - 1].base > r.base) {
            m->free[j] = m->free[j - 1];
            j--;
        }
        m->free[j] = r;
    }
}

int
memmap_build(struct memmap *out, const struct fdt_range *mem, unsigned nmem,
             const struct fdt_range *resv, unsigned nresv)
{
    out->count = 0;
    for (unsigned i = 0; i < nmem; i++) {
        uint64_t b = align_up(mem[i].base, PAGE_SIZE);
        uint64_t e = align_down(mem[i].base + mem[i].size, PAGE_SIZE);
        if (push(out, b, e) != 0) {
            return -1;
        }
    }
    for (unsigned i = 0; i < nresv; i++) {
        uint64_t b = align_down(resv[i].base, PAGE_SIZE);
        uint64_t e = align_up(resv[i].base + resv[i].size, PAGE_SIZE);
        if (subtract(out, b, e) != 0) {
            return -1;
        }
    }
    compact_and_sort(out);
    return 0;
}

uint64_t
memmap_total(const struct memmap *m)
{
    uint64_t total = 0;

    for (unsigned i = 0; i < m->count; i++) {
        total += m->free[i].size;
    }
    return total;
}
