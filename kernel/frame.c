// Frame pool: a bump pointer over the free ranges of the memory map, plus a
// list of returned frames threaded through the frames themselves (RAM is
// mapped at VA == PA, so a frame's address is usable as a pointer), and a
// reference count per frame (taken from the pool at boot): address spaces
// that share a frame after a copy-on-write fork each hold a reference.
#include "frame.h"

#include "klib.h"

static struct {
    const struct memmap *mm;
    unsigned range;       // current range for the bump pointer
    paddr_t next;         // next never-used frame in that range
    paddr_t free_list;    // returned frames
    uint64_t free_count;
    paddr_t ref_base;     // frame number 0 of refs[]
    uint64_t ref_frames;  // frames refs[] covers
    uint16_t *refs;       // references per frame (0 = free)
} pool;

static paddr_t bump(void);

// One counter per frame between the lowest and the highest free address,
// in frames taken from the start of the pool.
static void
refs_init(const struct memmap *mm)
{
    paddr_t lo = mm->free[0].base, hi = lo;

    for (unsigned i = 0; i < mm->count; i++) {
        paddr_t end = mm->free[i].base + mm->free[i].size;
        lo = mm->free[i].base < lo ? mm->free[i].base : lo;
        hi = end > hi ? end : hi;
    }
    pool.ref_base = lo;
    pool.ref_frames = (hi - lo) / PAGE_SIZE;
    uint64_t need = (pool.ref_frames * sizeof(uint16_t) + PAGE_SIZE - 1) / PAGE_SIZE;
    paddr_t first = 0;
    for (uint64_t i = 0; i < need; i++) {
        paddr_t pa = bump(); // consecutive: the first range holds them (checked)
        first = i == 0 ? pa : first;
        if (pa != first + i * PAGE_SIZE) {
            pool.ref_frames = 0; // no counts: sharing is refused (frame_ref)
            return;
        }
    }
    pool.refs = (uint16_t *)(uintptr_t)first;
    memset(pool.refs, 0, need * PAGE_SIZE);
    pool.free_count -= need;
}

static uint16_t *
ref_of(paddr_t pa)
{
    uint64_t i = (pa - pool.ref_base) / PAGE_SIZE;
    return pa >= pool.ref_base && i < pool.ref_frames ? &pool.refs[i] : NULL;
}

void
frame_init(const struct memmap *mm)
{
    pool.mm = mm;
    pool.range = 0;
    pool.next = mm->count > 0 ? mm->free[0].base : 0;
    pool.free_list = 0;
    pool.free_count = memmap_total(mm) / PAGE_SIZE;
    pool.refs = NULL;
    pool.ref_frames = 0;
    if (mm->count > 0) {
        refs_init(mm);
    }
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
    page_zero((void *)(uintptr_t)pa);
    uint16_t *ref = ref_of(pa);
    if (ref != NULL) {
        *ref = 1;
    }
    return pa;
}

void
frame_free(paddr_t pa)
{
    uint16_t *ref = ref_of(pa);

    if (ref != NULL && *ref == FRAME_PINNED) {
        return; // the shared zero page stays
    }
    if (ref != NULL && *ref > 1) {
        (*ref)--; // another address space still maps it
        return;
    }
    if (ref != NULL) {
        *ref = 0;
    }
    *(paddr_t *)(uintptr_t)pa = pool.free_list;
    pool.free_list = pa;
    pool.free_count++;
}

uint64_t
frame_free_count(void)
{
    return pool.free_count;
}

bool
frame_ref(paddr_t pa)
{
    uint16_t *ref = ref_of(pa);

    if (ref == NULL || *ref == 0) {
        return false;
    }
    if (*ref != FRAME_PINNED) {
        (*ref)++; // one per address space at most: never reaches FRAME_PINNED
    }
    return true;
}

bool
frame_pin(paddr_t pa)
{
    uint16_t *ref = ref_of(pa);

    if (ref == NULL || *ref == 0) {
        return false;
    }
    *ref = FRAME_PINNED;
    return true;
}

bool
frame_pinned(paddr_t pa)
{
    uint16_t *ref = ref_of(pa);

    return ref != NULL && *ref == FRAME_PINNED;
}

unsigned
frame_refs(paddr_t pa)
{
    uint16_t *ref = ref_of(pa);
    return ref != NULL ? *ref : 0;
}
