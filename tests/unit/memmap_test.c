// Unit tests for the physical memory map (kernel/memmap.c).
#define UTEST_SUITE "memmap"
#include "utest.h"

#include "memmap.h"

static void
test_reserved_holes_split_ram(void)
{
    struct fdt_range mem[] = {{0x80000000, 0x8000000}};
    struct fdt_range resv[] = {
        {0x80000000, 0x80000},  // firmware at the bottom
        {0x80200000, 0x12345},  // kernel image, not page-sized
        {0x87e00000, 0x2000},   // device tree near the top
    };
    struct memmap m;

    CHECK_EQ(memmap_build(&m, mem, 1, resv, 3), 0);
    CHECK_EQ(m.count, 3);
    CHECK_EQ(m.free[0].base, 0x80080000);
    CHECK_EQ(m.free[0].size, 0x180000);
    CHECK_EQ(m.free[1].base, 0x80213000); // widened to the next page
    CHECK_EQ(m.free[1].size, 0x87e00000 - 0x80213000);
    CHECK_EQ(m.free[2].base, 0x87e02000);
    CHECK_EQ(m.free[2].base + m.free[2].size, 0x88000000);
    CHECK_EQ(memmap_total(&m), 0x8000000 - 0x80000 - 0x13000 - 0x2000);
}

static void
test_overlapping_and_outside_reservations(void)
{
    struct fdt_range mem[] = {{0x100000000, 0x1000000}, {0x80000000, 0x100000}};
    struct fdt_range resv[] = {
        {0x7fff0000, 0x20000},  // straddles the start of RAM
        {0x80010000, 0x10000},
        {0x80018000, 0x10000},  // overlaps the previous one
        {0x200000000, 0x1000},  // outside RAM: no effect
        {0x100000000, 0x1000000}, // covers a whole range
    };
    struct memmap m;

    CHECK_EQ(memmap_build(&m, mem, 2, resv, 5), 0);
    CHECK_EQ(m.count, 1);
    CHECK_EQ(m.free[0].base, 0x80028000);
    CHECK_EQ(m.free[0].size, 0x80100000 - 0x80028000);
}

static void
test_unaligned_ram_trimmed(void)
{
    struct fdt_range mem[] = {{0x80000800, 0x3000}};
    struct memmap m;

    CHECK_EQ(memmap_build(&m, mem, 1, NULL, 0), 0);
    CHECK_EQ(m.count, 1);
    CHECK_EQ(m.free[0].base, 0x80001000);
    CHECK_EQ(m.free[0].size, 0x2000);
}

static void
test_too_many_fragments_refused(void)
{
    struct fdt_range mem[] = {{0x80000000, 0x10000000}};
    struct fdt_range resv[MEMMAP_MAX + 1];
    struct memmap m;

    for (unsigned i = 0; i < MEMMAP_MAX + 1; i++) {
        resv[i] = (struct fdt_range){0x80000000 + (uint64_t)(2 * i + 1) * 0x1000, 0x1000};
    }
    CHECK_EQ(memmap_build(&m, mem, 1, resv, MEMMAP_MAX + 1), -1);
}

int
main(void)
{
    UTEST_RUN(test_reserved_holes_split_ram);
    UTEST_RUN(test_overlapping_and_outside_reservations);
    UTEST_RUN(test_unaligned_ram_trimmed);
    UTEST_RUN(test_too_many_fragments_refused);
    return utest_finish();
}
