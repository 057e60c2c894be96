// The boot file system: a read-only cpio archive in the "newc" format
// (what `cpio -o -H newc` writes), mapped into VFS. Every header field is
// checked against the archive's bounds, so a damaged archive yields errors,
// never a bad read. Paths are relative ("bin/sh"); "" is the root.
// Portable: host-tested in tests/unit/bootfs_test.c.
#pragma once

#include <stddef.h>
#include <stdint.h>

struct bootfs_entry {
    const char *name;      // inside the archive, not NUL-terminated
    size_t name_len;
    uint32_t mode;         // type and permission bits
    uint32_t ino;
    uint64_t offset;       // of the data, from the start of the archive
    uint64_t size;
};

struct bootfs {
    const uint8_t *base;
    size_t len;
};

enum { BOOTFS_END = 0, BOOTFS_OK = 1, BOOTFS_BAD = -1 };

// Reads the entry at *pos and advances *pos: BOOTFS_OK, BOOTFS_END at the
// trailer, BOOTFS_BAD for a damaged archive. Names lose a leading "./".
int bootfs_next(const struct bootfs *fs, size_t *pos, struct bootfs_entry *e);
// Finds path (no leading '/'; "" is the root directory, which always
// exists): 0, or -MX_ENOENT / -MX_EIO.
int bootfs_lookup(const struct bootfs *fs, const char *path, struct bootfs_entry *e);
// The index-th entry directly inside directory dir[0..dir_len) ("" for the root):
// 0, or -MX_ENOENT past the last one.
int bootfs_child(const struct bootfs *fs, const char *dir, size_t dir_len, unsigned index,
                 struct bootfs_entry *e);
