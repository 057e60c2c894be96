// Unit tests for the VM server's regions (servers/vm/region.c): the
// layout at start, access checks, brk, mmap placement, munmap splitting
// and its limits, and fork's copy.
#define UTEST_SUITE "vm_region"
#include "utest.h"

#include <mirv/errors.h>
#include <mirv/vm.h>

#include "region.h"

static const uint64_t TEXT_END = 0x13000, DATA_END = 0x15800; // data end mid-page

static struct vspace
fresh(void)
{
    struct vspace s;
    CHECK(vs_init(&s, 1025, TEXT_END, DATA_END));
    return s;
}

static void
test_layout_and_access(void)
{
    struct vspace s = fresh();
    const struct vregion *t = vs_find(&s, 0x10000), *d = vs_find(&s, 0x15000);
    CHECK(t != NULL && t->kind == VR_TEXT && vs_allows(t, 'r') && vs_allows(t, 'x') &&
          !vs_allows(t, 'w'));
    CHECK(d != NULL && d->kind == VR_DATA && vs_allows(d, 'w') && !vs_allows(d, 'x'));
    CHECK_EQ(vs_brk(&s), 0x16000); // the heap starts on the next page
    CHECK(vs_find(&s, 0x16000) == NULL); // empty heap: nothing there yet
    CHECK(vs_find(&s, 0xfff0) == NULL);  // null guard
    const struct vregion *st = vs_find(&s, VS_STACK_TOP - 8);
    CHECK(st != NULL && st->kind == VR_STACK && vs_allows(st, 'w'));
    CHECK(vs_find(&s, VS_STACK_TOP - VS_STACK_MAX - 1) == NULL);
    CHECK(vs_find(&s, VS_STACK_TOP) == NULL);
    struct vspace bad;
    CHECK(!vs_init(&bad, 1, 0x20000, 0x18000)); // data before text
    CHECK(!vs_init(&bad, 1, 0x1000, 0x18000));  // below the null guard
}

static void
test_brk_grows_and_shrinks(void)
{
    struct vspace s = fresh();
    uint64_t lo, hi;
    CHECK_EQ(vs_set_brk(&s, 0x16001, &lo, &hi), MX_OK);
    CHECK_EQ(vs_brk(&s), 0x17000);
    CHECK(lo == hi); // growing frees nothing
    CHECK(vs_find(&s, 0x16ff8) != NULL && vs_find(&s, 0x16ff8)->kind == VR_HEAP);
    CHECK_EQ(vs_set_brk(&s, 0x40000, &lo, &hi), MX_OK);
    CHECK_EQ(vs_set_brk(&s, 0x18000, &lo, &hi), MX_OK);
    CHECK_EQ(lo, 0x18000);
    CHECK_EQ(hi, 0x40000);
    CHECK(vs_find(&s, 0x18000) == NULL);
    CHECK_EQ(vs_set_brk(&s, 0x15000, &lo, &hi), -MX_EINVAL); // below the heap
    uint64_t a;
    CHECK_EQ(vs_mmap(&s, 4096, VM_PROT_READ, &a), MX_OK);
    CHECK_EQ(vs_set_brk(&s, a + 8, &lo, &hi), -MX_ENOMEM); // would run into the mapping
    CHECK_EQ(vs_brk(&s), 0x18000); // unchanged by the failure
}

static void
test_mmap_first_fit(void)
{
    struct vspace s = fresh();
    uint64_t a, b, c;
    CHECK_EQ(vs_mmap(&s, 3 * 4096, VM_PROT_READ | VM_PROT_WRITE, &a), MX_OK);
    CHECK_EQ(a, VS_MMAP_BASE);
    CHECK_EQ(vs_mmap(&s, 1, VM_PROT_READ, &b), MX_OK); // rounded to a page
    CHECK_EQ(b, a + 3 * 4096);
    CHECK(vs_find(&s, b)->kind == VR_ANON && !vs_allows(vs_find(&s, b), 'w'));
    CHECK_EQ(vs_munmap(&s, a, 3 * 4096), MX_OK);
    CHECK_EQ(vs_mmap(&s, 2 * 4096, VM_PROT_READ, &c), MX_OK); // reuses the hole
    CHECK_EQ(c, a);
    CHECK_EQ(vs_mmap(&s, 0, VM_PROT_READ, &c), -MX_EINVAL);
    CHECK_EQ(vs_mmap(&s, 1ull << 40, VM_PROT_READ, &c), -MX_ENOMEM);
    CHECK_EQ(vs_mmap(&s, ~0ull, VM_PROT_READ, &c), -MX_EINVAL); // rounding overflows
    uint64_t top = VS_STACK_TOP - VS_STACK_MAX - VS_GAP;
    CHECK_EQ(vs_mmap(&s, top - VS_MMAP_BASE, VM_PROT_READ, &c), -MX_ENOMEM); // no room left
}

static void
test_munmap_splits_and_refuses(void)
{
    struct vspace s = fresh();
    uint64_t a;
    CHECK_EQ(vs_mmap(&s, 8 * 4096, VM_PROT_READ | VM_PROT_WRITE, &a), MX_OK);
    unsigned before = s.count;
    CHECK_EQ(vs_munmap(&s, a + 2 * 4096, 4096), MX_OK); // a hole: two regions
    CHECK_EQ(s.count, before + 1);
    CHECK(vs_find(&s, a + 4096) != NULL && vs_find(&s, a + 2 * 4096) == NULL &&
          vs_find(&s, a + 3 * 4096) != NULL);
    CHECK_EQ(vs_munmap(&s, a, 4096), MX_OK); // the front
    CHECK(vs_find(&s, a) == NULL && vs_find(&s, a + 4096) != NULL);
    CHECK_EQ(vs_munmap(&s, a + 7 * 4096, 4096), MX_OK); // the back
    CHECK(vs_find(&s, a + 7 * 4096) == NULL && vs_find(&s, a + 6 * 4096) != NULL);
    CHECK_EQ(vs_munmap(&s, a, 8 * 4096), MX_OK); // across both pieces
    CHECK_EQ(s.count, before - 1);
    CHECK_EQ(vs_munmap(&s, a + 1, 4096), -MX_EINVAL);   // unaligned
    CHECK_EQ(vs_munmap(&s, a, 0), -MX_EINVAL);          // empty
    CHECK_EQ(vs_munmap(&s, 0x10000, 4096), -MX_EINVAL); // text is not anonymous
    CHECK_EQ(vs_munmap(&s, VS_STACK_TOP - 4096, 4096), -MX_EINVAL); // nor the stack
    CHECK(vs_find(&s, 0x10000) != NULL);
    CHECK_EQ(vs_munmap(&s, ~0ull & ~4095ull, 8192), -MX_EINVAL); // wraps around
}

static void
test_table_full(void)
{
    struct vspace s = fresh();
    uint64_t a = 0;
    int r = MX_OK;
    unsigned n = 0;
    while ((r = vs_mmap(&s, 2 * 4096, VM_PROT_READ, &a)) == MX_OK) {
        n++;
        CHECK_EQ(vs_munmap(&s, a + 4096, 4096), MX_OK); // keep them apart
    }
    CHECK_EQ(r, -MX_ENOMEM);
    CHECK_EQ(s.count, VS_REGIONS);
    CHECK(n > 0);
    uint64_t big;
    CHECK_EQ(vs_munmap(&s, VS_MMAP_BASE, 4096), MX_OK); // a whole region goes: room again
    CHECK_EQ(vs_mmap(&s, 4096, VM_PROT_READ, &big), MX_OK);
    CHECK_EQ(big, VS_MMAP_BASE);
}

static void
test_split_needs_room(void)
{
    struct vspace s = fresh();
    uint64_t a, first;
    CHECK_EQ(vs_mmap(&s, 3 * 4096, VM_PROT_READ, &first), MX_OK);
    while (vs_mmap(&s, 4096, VM_PROT_READ, &a) == MX_OK) {
    }
    CHECK_EQ(vs_munmap(&s, first + 4096, 4096), -MX_ENOMEM); // a split needs a slot
    CHECK(vs_find(&s, first + 4096) != NULL);                // nothing lost
}

static void
test_fork_copy(void)
{
    struct vspace s = fresh(), c;
    uint64_t a, lo, hi;
    CHECK_EQ(vs_mmap(&s, 4096, VM_PROT_READ | VM_PROT_WRITE, &a), MX_OK);
    CHECK_EQ(vs_set_brk(&s, 0x20000, &lo, &hi), MX_OK);
    vs_copy(&c, &s, 2049);
    CHECK_EQ(c.ep, 2049);
    CHECK_EQ(s.ep, 1025);
    CHECK(vs_find(&c, a) != NULL && vs_brk(&c) == 0x20000);
    CHECK_EQ(vs_munmap(&c, a, 4096), MX_OK);
    CHECK(vs_find(&s, a) != NULL); // the parent keeps its own
}

// Live update: the records follow the images to their new endpoints; a
// record VM never made (the new image never ran) comes out unused.
static void
test_update_swap(void)
{
    struct vspace old, nu;
    uint64_t a;

    CHECK(vs_init(&old, 1025, 0x12000, 0x15000));
    CHECK(vs_init(&nu, 2049, 0x13000, 0x19000));
    CHECK_EQ(vs_mmap(&old, 4096, VM_PROT_READ, &a), MX_OK);
    vs_swap(&old, 1025, &nu, 2049);
    CHECK_EQ(old.ep, 1025);
    CHECK_EQ(nu.ep, 2049);
    CHECK_EQ(vs_brk(&old), 0x19000); // the new image's layout, at the old endpoint
    CHECK(vs_find(&old, 0x18000) != NULL && vs_find(&old, a) == NULL);
    CHECK(vs_find(&nu, a) != NULL && vs_brk(&nu) == 0x15000);
    nu.ep = ENDPOINT_NONE;           // VM never saw the other image
    vs_swap(&old, 1025, &nu, 2049);
    CHECK_EQ(old.ep, ENDPOINT_NONE); // made again from the kernel's record
    CHECK_EQ(nu.ep, 2049);
    CHECK_EQ(vs_brk(&nu), 0x19000);
}

int
main(void)
{
    UTEST_RUN(test_layout_and_access);
    UTEST_RUN(test_brk_grows_and_shrinks);
    UTEST_RUN(test_mmap_first_fit);
    UTEST_RUN(test_munmap_splits_and_refuses);
    UTEST_RUN(test_table_full);
    UTEST_RUN(test_split_needs_room);
    UTEST_RUN(test_fork_copy);
    UTEST_RUN(test_update_swap);
    return utest_finish();
}
