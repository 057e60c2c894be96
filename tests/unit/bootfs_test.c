// Unit tests for VFS's cpio (newc) reader (servers/vfs/bootfs.c): lookups,
// directory listing, and damaged archives of every kind (each truncation,
// bad fields, sizes past the end, random bit flips), which must give
// errors and never a read outside the archive (ASan watches).
#define UTEST_SUITE "bootfs"
#include "utest.h"

#include <string.h>

#include <mirv/errors.h>

#include "bootfs.h"

static uint8_t arc[4096];
static size_t arc_len;

// Appends an entry whose name is followed by `extra` NULs beyond its own
// (counted in namesize, as tools/mkcpio.py pads names to align the data).
static void
add_padded(const char *name, uint32_t mode, const char *data, uint32_t ino, size_t extra)
{
    size_t size = data != NULL ? strlen(data) : 0, namesize = strlen(name) + 1 + extra;
    int n = snprintf((char *)arc + arc_len, sizeof(arc) - arc_len,
                     "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08zX%08X", ino, mode, 0,
                     0, 1, 0, (unsigned)size, 0, 0, 0, 0, namesize, 0);
    arc_len += (size_t)n;
    memset(arc + arc_len, 0, namesize);
    memcpy(arc + arc_len, name, strlen(name));
    arc_len = (arc_len + namesize + 3) & ~(size_t)3;
    if (size > 0) {
        memcpy(arc + arc_len, data, size);
    }
    arc_len = (arc_len + size + 3) & ~(size_t)3;
}

static void
add(const char *name, uint32_t mode, const char *data, uint32_t ino)
{
    add_padded(name, mode, data, ino, 0);
}

static struct bootfs
sample(void)
{
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    add(".", 040755, NULL, 1);
    add("./bin", 040755, NULL, 2);
    add("./bin/sh", 0100755, "#!elf sh", 3);
    add("./bin/ls", 0100755, "ls-binary", 4);
    add("./etc", 040755, NULL, 5);
    add("./etc/motd", 0100644, "hello there\n", 6);
    add("TRAILER!!!", 0, NULL, 0);
    return (struct bootfs){arc, arc_len};
}

static void
test_lookup_files_and_dirs(void)
{
    struct bootfs fs = sample();
    struct bootfs_entry e;

    CHECK_EQ(bootfs_lookup(&fs, "etc/motd", &e), 0);
    CHECK_EQ(e.size, 12);
    CHECK_EQ(e.ino, 6);
    CHECK(memcmp(arc + e.offset, "hello there\n", 12) == 0);
    CHECK_EQ(bootfs_lookup(&fs, "bin", &e), 0);
    CHECK_EQ(e.mode & 0170000, 040000);
    CHECK_EQ(bootfs_lookup(&fs, "", &e), 0); // the root
    CHECK_EQ(e.mode & 0170000, 040000);
    CHECK_EQ(bootfs_lookup(&fs, "bin/nosuch", &e), -MX_ENOENT);
    CHECK_EQ(bootfs_lookup(&fs, "bi", &e), -MX_ENOENT);
    CHECK_EQ(bootfs_lookup(&fs, "bin/sh/x", &e), -MX_ENOENT);
}

static void
test_children_in_order(void)
{
    struct bootfs fs = sample();
    struct bootfs_entry e;

    CHECK_EQ(bootfs_child(&fs, "", 0, 0, &e), 0);
    CHECK(e.name_len == 3 && memcmp(e.name, "bin", 3) == 0);
    CHECK_EQ(bootfs_child(&fs, "", 0, 1, &e), 0);
    CHECK(e.name_len == 3 && memcmp(e.name, "etc", 3) == 0);
    CHECK_EQ(bootfs_child(&fs, "", 0, 2, &e), -MX_ENOENT);
    CHECK_EQ(bootfs_child(&fs, "bin", 3, 1, &e), 0);
    CHECK(e.name_len == 2 && memcmp(e.name, "ls", 2) == 0);
    CHECK_EQ(bootfs_child(&fs, "bin", 3, 2, &e), -MX_ENOENT);
    CHECK_EQ(bootfs_child(&fs, "bi", 2, 0, &e), -MX_ENOENT);
}

// Names padded with NULs (data moved to 8-byte boundaries): the name ends
// at its first NUL, the data are found where the padding puts them.
static void
test_padded_names(void)
{
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    add(".", 040755, NULL, 1);
    add_padded("bin", 040755, NULL, 2, 8);
    add_padded("bin/sh", 0100755, "#!elf sh", 3, 4);
    add_padded("bin/ls", 0100755, "ls-binary", 4, 0);
    add("TRAILER!!!", 0, NULL, 0);
    struct bootfs fs = {arc, arc_len};
    struct bootfs_entry e;

    CHECK_EQ(bootfs_lookup(&fs, "bin/sh", &e), 0);
    CHECK_EQ(e.name_len, 6);
    CHECK_EQ(e.offset % 8, 0);
    CHECK(e.size == 8 && memcmp(arc + e.offset, "#!elf sh", 8) == 0);
    CHECK_EQ(bootfs_lookup(&fs, "bin/ls", &e), 0);
    CHECK(e.size == 9 && memcmp(arc + e.offset, "ls-binary", 9) == 0);
    CHECK_EQ(bootfs_child(&fs, "", 0, 0, &e), 0);
    CHECK(e.name_len == 3 && memcmp(e.name, "bin", 3) == 0);
    CHECK_EQ(bootfs_child(&fs, "bin", 3, 0, &e), 0);
    CHECK(e.name_len == 2 && memcmp(e.name, "sh", 2) == 0);
    CHECK_EQ(bootfs_lookup(&fs, "bi", &e), -MX_ENOENT);
}

// Every prefix of the archive: lookups end in an error, never a bad read.
static void
test_every_truncation(void)
{
    sample();
    for (size_t len = 0; len < arc_len; len++) {
        uint8_t *copy = malloc(len > 0 ? len : 1);
        memcpy(copy, arc, len);
        struct bootfs fs = {copy, len};
        struct bootfs_entry e;
        int r = bootfs_lookup(&fs, "etc/motd", &e);
        if (r == 0) {
            CHECK(e.offset + e.size <= len); // found before the cut: in bounds
        } else {
            CHECK(r == -MX_EIO || r == -MX_ENOENT);
        }
        bootfs_child(&fs, "bin", 3, 5, &e);
        free(copy);
    }
}

static void
corrupt_and_check(size_t at, const char *bytes)
{
    struct bootfs fs = sample();
    struct bootfs_entry e;
    memcpy(arc + at, bytes, strlen(bytes));
    CHECK_EQ(bootfs_lookup(&fs, "etc/motd", &e), -MX_EIO);
}

static void
test_named_corruptions(void)
{
    corrupt_and_check(0, "070702");              // bad magic
    corrupt_and_check(6 + 8, "0000G000");        // mode: not hex
    corrupt_and_check(6 + 6 * 8, "7FFFFFFF");    // file size past the end
    corrupt_and_check(6 + 11 * 8, "FFFFFFFF");   // name size past the end
    corrupt_and_check(6 + 11 * 8, "00000000");   // empty name
    corrupt_and_check(110, "..");                // name overwritten: no NUL where said
}

static void
test_random_bit_flips(void)
{
    srand(7);
    for (int i = 0; i < 3000; i++) {
        struct bootfs fs = sample();
        struct bootfs_entry e;
        for (int k = 0; k < 3; k++) {
            size_t bit = (size_t)rand() % (arc_len * 8);
            arc[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
        if (bootfs_lookup(&fs, "etc/motd", &e) == 0) {
            CHECK(e.offset <= arc_len && e.size <= arc_len - e.offset);
        }
        for (unsigned j = 0; j < 4; j++) {
            if (bootfs_child(&fs, "", 0, j, &e) == 0) {
                CHECK(e.offset <= arc_len);
            }
        }
    }
}

int
main(void)
{
    UTEST_RUN(test_lookup_files_and_dirs);
    UTEST_RUN(test_children_in_order);
    UTEST_RUN(test_padded_names);
    UTEST_RUN(test_every_truncation);
    UTEST_RUN(test_named_corruptions);
    UTEST_RUN(test_random_bit_flips);
    return utest_finish();
}
