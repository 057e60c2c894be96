// Frame pool: a bump pointer over the free ranges of the memory map, plus a
// list of returned frames threaded through the frames themselves (RAM is
// mapped at VA == PA, so a frame's address is usable as a pointer).
#include "frame.h"

#include "klib.h"

static struct {
    const struct memmap *mm;
    unsigned range;       // current range for the bump pointer
    paddr_t next;         // next never-used frame in that range
    paddr_t free_list;    // returned frames
    uint64_t free_count;
} pool;

void
frame_init(const struct memmap *mm)
{
    pool.mm = mm;
    pool.range = 0;
    pool.next = mm->count > 0 ? mm->free[0].base : 0;
    pool.free_list = 0;
    pool.free_count = memmap_total(mm) / PAGE_SIZE;
}

static paddr_t
bump(void)
{
    while (pool.range < pool.mm->count) {
        const struct fdt_range *r = &pool.mm->free[pool.range];
        if (pool.next + PAGE_SIZE <= r->base + r->size) {
            paddr_t pa = pool.next;
            pool.next += PAGE_SIZE;
            return pa;
        }
        if (++pool.range < pool.mm->count) {
            pool.next = pool.mm->free[pool.range].base;
        }
    }
    return 0;
}

paddr_t
frame_alloc(void)
{
    paddr_t pa = pool.free_list;

    if (pa != 0) {
        pool.free_list = *(paddr_t *)(uintptr_t)pa;
    } else {
        pa = bump();
        if (pa == 0) {
            return 0;
        }
    }
    pool.free_count--;
    memset((void *)(uintptr_t)pa, 0, PAGE_SIZE);
    return pa;
}

void
frame_free(paddr_t pa)
{
    *(paddr_t *)(uintptr_t)pa = pool.free_list;
    pool.free_list = pa;
    pool.free_count++;
}

uint64_t
frame_free_count(void)
{
    return pool.free_count;
}
