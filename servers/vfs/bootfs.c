// cpio "newc" reader for the boot file system (see bootfs.h). Each header
// is 110 ASCII bytes: magic "070701" and thirteen 8-digit hex fields; the
// name (with its NUL, and maybe more NULs) and the data are each padded to
// 4 bytes.
#include "bootfs.h"

#include <stdbool.h>
#include <string.h>

#include <mirv/errors.h>

enum {
    HDR_LEN = 110,
    F_INO = 0, F_MODE = 1, F_FILESIZE = 6, F_NAMESIZE = 11,
    MODE_DIR = 0040000, MODE_TYPE = 0170000,
};

static bool
hex_field(const uint8_t *h, unsigned field, uint32_t *out)
{
    uint32_t v = 0;
    const uint8_t *p = h + 6 + field * 8;
    for (unsigned i = 0; i < 8; i++) {
        uint8_t c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16) {
            return false;
        }
        v = v << 4 | d;
    }
    *out = v;
    return true;
}

static size_t
pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

int
bootfs_next(const struct bootfs *fs, size_t *pos, struct bootfs_entry *e)
{
    uint32_t ino, mode, size, namesize;
    size_t at = *pos;

    if (at > fs->len || fs->len - at < HDR_LEN) {
        return BOOTFS_BAD;
    }
    const uint8_t *h = fs->base + at;
    if (memcmp(h, "070701", 6) != 0 || !hex_field(h, F_INO, &ino) ||
        !hex_field(h, F_MODE, &mode) || !hex_field(h, F_FILESIZE, &size) ||
        !hex_field(h, F_NAMESIZE, &namesize) || namesize == 0 ||
        namesize > fs->len - at - HDR_LEN) {
        return BOOTFS_BAD;
    }
    const char *name = (const char *)h + HDR_LEN;
    if (name[namesize - 1] != '\0') {
        return BOOTFS_BAD;
    }
    size_t data = pad4(at + HDR_LEN + namesize);
    if (data > fs->len || size > fs->len - data) {
        return BOOTFS_BAD;
    }
    e->name = name;
    // The name ends at its first NUL: packers may add NULs after it (counted
    // in namesize) to align the data (tools/mkcpio.py).
    e->name_len = (size_t)((const char *)memchr(name, '\0', namesize) - name);
    if (e->name_len == 10 && memcmp(name, "TRAILER!!!", 10) == 0) {
        return BOOTFS_END;
    }
    while (e->name_len >= 2 && e->name[0] == '.' && e->name[1] == '/') {
        e->name += 2;
        e->name_len -= 2;
    }
    if (e->name_len == 1 && e->name[0] == '.') {
        e->name_len = 0; // the root itself
    }
    e->mode = mode;
    e->ino = ino;
    e->offset = data;
    e->size = size;
    *pos = pad4(data + size);
    return BOOTFS_OK;
}

int
bootfs_lookup(const struct bootfs *fs, const char *path, struct bootfs_entry *e)
{
    size_t len = strlen(path), pos = 0;
    struct bootfs_entry cur;
    int r;

    if (len == 0) {
        memset(e, 0, sizeof(*e));
        e->name = "";
        e->mode = MODE_DIR | 0755;
        return 0;
    }
    while ((r = bootfs_next(fs, &pos, &cur)) == BOOTFS_OK) {
        if (cur.name_len == len && memcmp(cur.name, path, len) == 0) {
            *e = cur;
            return 0;
        }
    }
    return r == BOOTFS_END ? -MX_ENOENT : -MX_EIO;
}

// Is entry e directly inside dir?
static bool
is_child(const struct bootfs_entry *e, const char *dir, size_t dir_len)
{
    if (e->name_len == 0) {
        return false;
    }
    const char *rest = e->name;
    size_t rest_len = e->name_len;
    if (dir_len > 0) {
        if (rest_len <= dir_len + 1 || memcmp(rest, dir, dir_len) != 0 || rest[dir_len] != '/') {
            return false;
        }
        rest += dir_len + 1;
        rest_len -= dir_len + 1;
    }
    return memchr(rest, '/', rest_len) == NULL;
}

int
bootfs_child(const struct bootfs *fs, const char *dir, size_t dir_len, unsigned index,
             struct bootfs_entry *e)
{
    size_t pos = 0;
    struct bootfs_entry cur;

    while (bootfs_next(fs, &pos, &cur) == BOOTFS_OK) {
        if (is_child(&cur, dir, dir_len) && index-- == 0) {
            *e = cur;
            if (dir_len > 0) {
                e->name += dir_len + 1;
                e->name_len -= dir_len + 1;
            }
            return 0;
        }
    }
    return -MX_ENOENT;
}
