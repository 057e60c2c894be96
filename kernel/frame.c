// Frame pool: a bump pointer over the free ranges of the memory map, plus a
// list of returned frames threaded through the frames themselves (RAM is
// mapped at VA == PA, so a frame's address is usable as a pointer), and a
// reference count per frame (taken from the pool at boot): address spaces
// that share a frame after a copy-on-write fork each hold a reference.
// Free frames are kept on two lists: dirty ones and a pool of frames
// already zeroed by the idle loop (frame_zero_idle), so that a page fault
// takes a zero frame without paying for the zeroing; frame_alloc zeroes
// one itself only when that pool is empty.
#include "frame.h"

#include "arch.h"
#include "klib.h"

static struct {
    const struct memmap *mm;
    unsigned range;       // current range for the bump pointer
    paddr_t next;         // next never-used frame in that range
    paddr_t limit;        // the end of that range (0: past the last range)
    paddr_t free_list;    // returned frames (contents unknown)
    paddr_t zero_list;    // zeroed frames (all but the link word, cleared on use)
    uint64_t free_count;  // both lists and the never-used ones
    uint64_t zero_count;  // frames on zero_list
    uint64_t zero_target; // how many the idle loop keeps zeroed (0: none)
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
    pool.limit = mm->count > 0 ? mm->free[0].base + mm->free[0].size : 0;
    pool.free_list = 0;
    pool.zero_list = 0;
    pool.zero_count = 0;
    pool.zero_target = FRAME_ZERO_POOL;
    pool.free_count = memmap_total(mm) / PAGE_SIZE;
    pool.refs = NULL;
    pool.ref_frames = 0;
    if (mm->count > 0) {
        refs_init(mm);
    }
}

// The next never-used frame: from the current range while it lasts (the
// usual case: one compare), then from the next ranges.
static paddr_t
bump(void)
{
    if (pool.next + PAGE_SIZE <= pool.limit) {
        paddr_t pa = pool.next;
        pool.next += PAGE_SIZE;
        return pa;
    }
    while (pool.range + 1 < pool.mm->count) {
        const struct fdt_range *r = &pool.mm->free[++pool.range];
        pool.next = r->base;
        pool.limit = r->base + r->size;
        if (pool.next + PAGE_SIZE <= pool.limit) {
            pool.next += PAGE_SIZE;
            return r->base;
        }
    }
    pool.limit = 0; // every range used up
    return 0;
}

static void
take_ref(paddr_t pa)
{
    uint16_t *ref = ref_of(pa);
    if (ref != NULL) {
        *ref = 1;
    }
    pool.free_count--;
}

// A frame whose contents do not matter: a returned one, a never-used one,
// or (last) one of the zeroed pool.
static paddr_t
take_dirty(void)
{
    paddr_t pa = pool.free_list;

    if (pa != 0) {
        pool.free_list = *(paddr_t *)(uintptr_t)pa;
        return pa;
    }
    pa = bump();
    if (pa != 0 || pool.zero_list == 0) {
        return pa;
    }
    pa = pool.zero_list;
    pool.zero_list = *(paddr_t *)(uintptr_t)pa;
    pool.zero_count--;
    return pa;
}

paddr_t
frame_alloc_prezeroed(void)
{
    paddr_t pa = pool.zero_list;

    if (pa == 0) {
        return 0;
    }
    pool.zero_list = *(paddr_t *)(uintptr_t)pa;
    *(paddr_t *)(uintptr_t)pa = 0; // the link word
    pool.zero_count--;
    take_ref(pa);
    return pa;
}

paddr_t
frame_alloc(void)
{
    paddr_t pa = frame_alloc_prezeroed(); // the usual case once the idle loop has run

    if (pa != 0) {
        return pa;
    }
    pa = take_dirty();
    if (pa == 0) {
        return 0;
    }
    arch_page_zero((void *)(uintptr_t)pa);
    take_ref(pa);
    return pa;
}

paddr_t
frame_alloc_dirty(void)
{
    paddr_t pa = take_dirty();

    if (pa != 0) {
        take_ref(pa);
    }
    return pa;
}

bool
frame_zero_idle(void)
{
    if (pool.zero_count >= pool.zero_target) {
        return false;
    }
    paddr_t pa = pool.free_list;
    if (pa != 0) {
        pool.free_list = *(paddr_t *)(uintptr_t)pa;
    } else if ((pa = bump()) == 0) {
        return false; // every free frame is zeroed already
    }
    arch_page_zero((void *)(uintptr_t)pa);
    *(paddr_t *)(uintptr_t)pa = pool.zero_list;
    pool.zero_list = pa;
    pool.zero_count++;
    return true;
}

void
frame_set_zero_target(uint64_t frames)
{
    pool.zero_target = frames;
}

uint64_t
frame_zeroed_count(void)
{
    return pool.zero_count;
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
