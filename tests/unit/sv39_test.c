// Unit tests for the Sv39 helpers (arch/riscv/sv39.c), with page tables in
// host memory standing in for physical pages.
#define UTEST_SUITE "sv39"
#include "utest.h"

#include <string.h>

#include "sv39.h"

struct pool {
    int used;
    int limit;
    void *pages[64];
};

static uint64_t
pool_alloc(void *ctx)
{
    struct pool *p = ctx;
    if (p->used >= p->limit) {
        return 0;
    }
    void *page = aligned_alloc(4096, 4096);
    memset(page, 0, 4096);
    p->pages[p->used++] = page;
    return (uint64_t)(uintptr_t)page;
}

static void
pool_free(struct pool *p)
{
    for (int i = 0; i < p->used; i++) {
        free(p->pages[i]);
    }
}

static uint64_t *
new_root(void)
{
    uint64_t *root = aligned_alloc(4096, 4096);
    memset(root, 0, 4096);
    return root;
}

static void
test_pte_encoding(void)
{
    uint64_t pte = sv39_pte(0x80201000, PTE_R | PTE_X | PTE_V);
    CHECK_EQ(pte, (0x80201ull << 10) | 0xb);
    CHECK_EQ(sv39_pte_pa(pte), 0x80201000);
    CHECK(sv39_pte_is_leaf(pte));
    CHECK(!sv39_pte_is_leaf(sv39_pte(0x1000, PTE_V)));
    CHECK_EQ(sv39_pte_pa(sv39_pte(0x00fffffffffff000ull, 0)), 0x00fffffffffff000ull);
}

static void
test_index_and_satp(void)
{
    uint64_t va = (3ull << 30) | (5ull << 21) | (7ull << 12) | 0x123;
    CHECK_EQ(sv39_index(va, 2), 3);
    CHECK_EQ(sv39_index(va, 1), 5);
    CHECK_EQ(sv39_index(va, 0), 7);
    CHECK_EQ(sv39_level_size(1), 2ull << 20);
    CHECK_EQ(sv39_satp(0x80204000, 7), (8ull << 60) | (7ull << 44) | 0x80204);
}

static void
test_canonical_addresses(void)
{
    CHECK(sv39_va_is_canonical(0));
    CHECK(sv39_va_is_canonical(0x3fffffffffull));
    CHECK(!sv39_va_is_canonical(0x4000000000ull));
    CHECK(sv39_va_is_canonical(0xffffffc000000000ull));
    CHECK(!sv39_va_is_canonical(0xffffff8000000000ull));
}

static void
test_map_translate_unmap_4k(void)
{
    struct pool p = {.limit = 8};
    struct sv39_alloc a = {pool_alloc, &p};
    uint64_t *root = new_root();
    uint64_t pa, flags;

    CHECK_EQ(sv39_map(root, 0x10000, 0x80300000, 0, PTE_R | PTE_W | PTE_U, &a), SV39_OK);
    CHECK_EQ(p.used, 2); // one level-1 and one level-0 table
    CHECK(sv39_translate(root, 0x10abc, &pa, &flags));
    CHECK_EQ(pa, 0x80300abc);
    CHECK_EQ(flags, PTE_V | PTE_R | PTE_W | PTE_U);
    CHECK(!sv39_translate(root, 0x11000, &pa, &flags));
    CHECK_EQ(sv39_map(root, 0x10000, 0x80301000, 0, PTE_R, &a), SV39_EEXIST);
    CHECK_EQ(sv39_unmap(root, 0x10000), 0);
    CHECK(!sv39_translate(root, 0x10000, &pa, &flags));
    CHECK_EQ(sv39_unmap(root, 0x10000), SV39_ENOENT);
    pool_free(&p);
    free(root);
}

static void
test_superpages(void)
{
    struct pool p = {.limit = 8};
    struct sv39_alloc a = {pool_alloc, &p};
    uint64_t *root = new_root();
    uint64_t pa, flags;
    int level;

    CHECK_EQ(sv39_map(root, 0x80000000, 0x80000000, 2, PTE_R | PTE_W | PTE_G, &a), SV39_OK);
    CHECK_EQ(p.used, 0);
    CHECK(sv39_translate(root, 0x9abcdef0, &pa, &flags));
    CHECK_EQ(pa, 0x9abcdef0);
    CHECK(sv39_lookup(root, 0x80000000, &level) != NULL);
    CHECK_EQ(level, 2);
    // a 4K page inside a gigapage collides with the leaf
    CHECK_EQ(sv39_map(root, 0x80201000, 0x1000, 0, PTE_R, &a), SV39_EEXIST);
    CHECK_EQ(sv39_map(root, 0x200000, 0x80400000, 1, PTE_R | PTE_X, &a), SV39_OK);
    CHECK(sv39_translate(root, 0x3fffff, &pa, &flags));
    CHECK_EQ(pa, 0x805fffff);
    pool_free(&p);
    free(root);
}

static void
test_bad_arguments_refused(void)
{
    struct pool p = {.limit = 8};
    struct sv39_alloc a = {pool_alloc, &p};
    uint64_t *root = new_root();

    CHECK_EQ(sv39_map(root, 0x1001, 0x2000, 0, PTE_R, &a), SV39_EINVAL);     // misaligned va
    CHECK_EQ(sv39_map(root, 0x1000, 0x2800, 0, PTE_R, &a), SV39_EINVAL);     // misaligned pa
    CHECK_EQ(sv39_map(root, 0x201000, 0x0, 1, PTE_R, &a), SV39_EINVAL);      // 2M misaligned
    CHECK_EQ(sv39_map(root, 0x1000, 0x2000, 0, PTE_W, &a), SV39_EINVAL);     // W without R
    CHECK_EQ(sv39_map(root, 0x1000, 0x2000, 0, 0, &a), SV39_EINVAL);         // not a leaf
    CHECK_EQ(sv39_map(root, 0x4000000000ull, 0, 0, PTE_R, &a), SV39_EINVAL); // non-canonical
    CHECK_EQ(sv39_map(root, 0x1000, 0x2000, 3, PTE_R, &a), SV39_EINVAL);     // no level 3
    CHECK_EQ(p.used, 0);
    free(root);
}

static void
test_out_of_tables(void)
{
    struct pool p = {.limit = 1};
    struct sv39_alloc a = {pool_alloc, &p};
    uint64_t *root = new_root();

    CHECK_EQ(sv39_map(root, 0x1000, 0x2000, 0, PTE_R, &a), SV39_ENOMEM);
    CHECK_EQ(sv39_map(root, 0x1000, 0x2000, 0, PTE_R, NULL), SV39_ENOMEM);
    pool_free(&p);
    free(root);
}

static void
test_map_range_picks_large_pages(void)
{
    struct pool p = {.limit = 16};
    struct sv39_alloc a = {pool_alloc, &p};
    uint64_t *root = new_root();
    uint64_t pa, flags;
    int level;

    // 4K head, one 2M page, 4K tail
    CHECK_EQ(sv39_map_range(root, 0x1ff000, 0x801ff000, 0x202000, PTE_R | PTE_W, 1, &a),
             SV39_OK);
    CHECK(sv39_lookup(root, 0x1ff000, &level) != NULL && level == 0);
    CHECK(sv39_lookup(root, 0x200000, &level) != NULL && level == 1);
    CHECK(sv39_lookup(root, 0x400000, &level) != NULL && level == 0);
    CHECK(!sv39_translate(root, 0x401000, &pa, &flags));
    CHECK(sv39_translate(root, 0x3fffff, &pa, &flags) && pa == 0x803fffff);
    CHECK_EQ(sv39_map_range(root, 0x1000, 0x1000, 0x800, PTE_R, 2, &a), SV39_EINVAL);
    pool_free(&p);
    free(root);
}

int
main(void)
{
    UTEST_RUN(test_pte_encoding);
    UTEST_RUN(test_index_and_satp);
    UTEST_RUN(test_canonical_addresses);
    UTEST_RUN(test_map_translate_unmap_4k);
    UTEST_RUN(test_superpages);
    UTEST_RUN(test_bad_arguments_refused);
    UTEST_RUN(test_out_of_tables);
    UTEST_RUN(test_map_range_picks_large_pages);
    return utest_finish();
}
