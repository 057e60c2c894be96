// Unit tests for the kernel's frame pool (kernel/frame.c): frames come
// zeroed, reference counts (taken from the pool itself) keep a shared frame
// until its last holder frees it, frames outside the pool are refused, and
// a pinned frame (the shared zero page) is never freed.
// The idle loop's pool of zeroed frames: filled up to its target, handed
// out zeroed (link word included) before any dirty frame, never by
// frame_alloc_dirty while dirty ones are left, and off with a target of 0.
#define UTEST_SUITE "frame"
#include "utest.h"

#include <stdalign.h>
#include <string.h>

#include "arch.h"
#include "frame.h"

enum { POOL_PAGES = 64 };
static alignas(4096) uint8_t ram[POOL_PAGES * PAGE_SIZE];

// The arch's page zeroing (arch/riscv/pagezero.S on the target).
void
arch_page_zero(void *page)
{
    memset(page, 0, PAGE_SIZE);
}

static struct memmap mm;

static void
setup(void)
{
    memset(ram, 0xa5, sizeof(ram));
    mm.count = 1;
    mm.free[0].base = (uint64_t)(uintptr_t)ram;
    mm.free[0].size = sizeof(ram);
    frame_init(&mm);
}

static void
test_alloc_zeroed_and_counted(void)
{
    setup();
    uint64_t before = frame_free_count();
    CHECK(before < POOL_PAGES); // the counters took a frame
    paddr_t a = frame_alloc();
    CHECK(a != 0 && (a & (PAGE_SIZE - 1)) == 0);
    CHECK(a >= mm.free[0].base && a < mm.free[0].base + mm.free[0].size);
    const uint8_t *p = (const uint8_t *)(uintptr_t)a;
    CHECK(p[0] == 0 && p[PAGE_SIZE - 1] == 0);
    CHECK_EQ(frame_refs(a), 1);
    CHECK_EQ(frame_free_count(), before - 1);
    frame_free(a);
    CHECK_EQ(frame_refs(a), 0);
    CHECK_EQ(frame_free_count(), before);
}

static void
test_shared_frame_lives_until_last_free(void)
{
    setup();
    paddr_t a = frame_alloc();
    uint64_t after_alloc = frame_free_count();
    CHECK(frame_ref(a));
    CHECK(frame_ref(a));
    CHECK_EQ(frame_refs(a), 3);
    frame_free(a);
    frame_free(a);
    CHECK_EQ(frame_refs(a), 1);
    CHECK_EQ(frame_free_count(), after_alloc); // still held
    frame_free(a);
    CHECK_EQ(frame_free_count(), after_alloc + 1);
    CHECK(!frame_ref(a)); // a free frame cannot be shared
    paddr_t b = frame_alloc();
    CHECK_EQ(b, a); // reused first
    CHECK_EQ(frame_refs(b), 1);
}

static void
test_outside_pool_refused(void)
{
    setup();
    static alignas(4096) uint8_t other[PAGE_SIZE];
    CHECK(!frame_ref((paddr_t)(uintptr_t)other));
    CHECK_EQ(frame_refs((paddr_t)(uintptr_t)other), 0);
}

static void
test_exhaustion(void)
{
    setup();
    uint64_t n = frame_free_count();
    for (uint64_t i = 0; i < n; i++) {
        CHECK(frame_alloc() != 0);
    }
    CHECK_EQ(frame_alloc(), 0);
    CHECK_EQ(frame_free_count(), 0);
}

// Several ranges, one of them too small for a frame: every frame of each
// usable range is handed out once, in order, then 0 (and 0 again).
static void
test_bump_across_ranges(void)
{
    memset(ram, 0xa5, sizeof(ram));
    uint64_t base = (uint64_t)(uintptr_t)ram;
    mm.count = 3;
    mm.free[0].base = base; // the counters and 7 frames
    mm.free[0].size = 8 * PAGE_SIZE;
    mm.free[1].base = base + 8 * PAGE_SIZE; // no whole frame
    mm.free[1].size = PAGE_SIZE / 2;
    mm.free[2].base = base + 16 * PAGE_SIZE;
    mm.free[2].size = 4 * PAGE_SIZE;
    frame_init(&mm);
    frame_set_zero_target(0);
    uint64_t n = frame_free_count();
    CHECK_EQ(n, 11); // 7 + 0 + 4
    paddr_t last = 0;
    unsigned in_third = 0;
    for (uint64_t i = 0; i < n; i++) {
        paddr_t pa = frame_alloc_dirty();
        CHECK(pa > last); // each once, in order
        bool first = pa >= base && pa < base + 8 * PAGE_SIZE;
        bool third = pa >= base + 16 * PAGE_SIZE && pa < base + 20 * PAGE_SIZE;
        CHECK(first || third);
        in_third += third;
        last = pa;
    }
    CHECK_EQ(in_third, 4);
    CHECK_EQ(frame_alloc_dirty(), 0);
    CHECK_EQ(frame_alloc(), 0);
    CHECK(!frame_zero_idle());
    frame_set_zero_target(FRAME_ZERO_POOL);
}

// The shared zero page's frame: pinned, it survives any number of
// references and frees, and is never handed out again.
static void
test_pinned_frame_never_freed(void)
{
    setup();
    paddr_t z = frame_alloc();
    uint64_t free_after = frame_free_count();
    CHECK(frame_pin(z));
    CHECK(frame_pinned(z));
    CHECK_EQ(frame_refs(z), FRAME_PINNED);
    for (int i = 0; i < 70000; i++) { // more than a 16-bit count holds
        CHECK(frame_ref(z));
    }
    for (int i = 0; i < 70010; i++) {
        frame_free(z);
    }
    CHECK_EQ(frame_refs(z), FRAME_PINNED);
    CHECK_EQ(frame_free_count(), free_after);
    for (paddr_t a; (a = frame_alloc()) != 0;) {
        CHECK(a != z);
        CHECK(!frame_pinned(a));
    }
    CHECK(!frame_pin(0x1000)); // not a pool frame
}

static bool
all_zero(paddr_t pa)
{
    const uint8_t *p = (const uint8_t *)(uintptr_t)pa;
    for (unsigned i = 0; i < PAGE_SIZE; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

static void
test_idle_zeroing_fills_pool(void)
{
    setup();
    uint64_t free_before = frame_free_count();
    frame_set_zero_target(5);
    unsigned n = 0;
    while (frame_zero_idle()) {
        n++;
    }
    CHECK_EQ(n, 5);
    CHECK_EQ(frame_zeroed_count(), 5);
    CHECK_EQ(frame_free_count(), free_before); // still free frames
    for (unsigned i = 0; i < 5; i++) {
        paddr_t a = frame_alloc();
        CHECK(a != 0 && all_zero(a)); // the link word too
        CHECK_EQ(frame_refs(a), 1);
        memset((void *)(uintptr_t)a, 0x5a, PAGE_SIZE);
        frame_free(a); // dirty again: not back in the zeroed pool
    }
    CHECK_EQ(frame_zeroed_count(), 0);
    paddr_t b = frame_alloc(); // pool empty: zeroed on the spot
    CHECK(b != 0 && all_zero(b));
    CHECK_EQ(frame_free_count(), free_before - 1);
}

// The fault fast path's frame: only from the zeroed pool (entirely zero,
// one reference, counted), and 0 with nothing changed once it is empty.
static void
test_prezeroed_only_from_pool(void)
{
    setup();
    frame_set_zero_target(2);
    while (frame_zero_idle()) {
    }
    uint64_t free_before = frame_free_count();
    for (unsigned i = 0; i < 2; i++) {
        paddr_t a = frame_alloc_prezeroed();
        CHECK(a != 0 && all_zero(a));
        CHECK_EQ(frame_refs(a), 1);
    }
    CHECK_EQ(frame_zeroed_count(), 0);
    CHECK_EQ(frame_free_count(), free_before - 2);
    CHECK_EQ(frame_alloc_prezeroed(), 0); // dirty and never-used frames are left
    CHECK_EQ(frame_free_count(), free_before - 2);
    CHECK(frame_alloc() != 0); // those are frame_alloc's, zeroed on the spot
}

static void
test_dirty_alloc_spares_zeroed_pool(void)
{
    setup();
    frame_set_zero_target(3);
    while (frame_zero_idle()) {
    }
    uint64_t n = frame_free_count();
    for (uint64_t i = 0; i + 3 < n; i++) {
        CHECK(frame_alloc_dirty() != 0);
    }
    CHECK_EQ(frame_zeroed_count(), 3); // dirty frames went first
    for (unsigned i = 0; i < 3; i++) {
        CHECK(frame_alloc_dirty() != 0); // then the zeroed ones
    }
    CHECK_EQ(frame_alloc_dirty(), 0);
    CHECK_EQ(frame_alloc(), 0);
    CHECK(!frame_zero_idle()); // nothing left to zero
}

static void
test_target_zero_turns_it_off(void)
{
    setup();
    frame_set_zero_target(0);
    CHECK(!frame_zero_idle());
    CHECK_EQ(frame_zeroed_count(), 0);
    paddr_t a = frame_alloc();
    CHECK(a != 0 && all_zero(a));
}

int
main(void)
{
    UTEST_RUN(test_idle_zeroing_fills_pool);
    UTEST_RUN(test_prezeroed_only_from_pool);
    UTEST_RUN(test_dirty_alloc_spares_zeroed_pool);
    UTEST_RUN(test_target_zero_turns_it_off);
    UTEST_RUN(test_alloc_zeroed_and_counted);
    UTEST_RUN(test_shared_frame_lives_until_last_free);
    UTEST_RUN(test_outside_pool_refused);
    UTEST_RUN(test_exhaustion);
    UTEST_RUN(test_bump_across_ranges);
    UTEST_RUN(test_pinned_frame_never_freed);
    return utest_finish();
}
