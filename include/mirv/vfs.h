// The file server's protocol (ABI): file calls from user programs (through
// lib/posix.c) and PM's process events. Every call is a sendrec to VFS;
// the reply's status is >= 0 on success or -MX_E*. Paths are absolute
// (the shell has no cd), shorter than VFS_PATH_MAX bytes; a path length
// of 0 means the path is NUL-terminated (VFS finds its end).
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum vfs_call {
    VFS_BASE = 0x800,
    VFS_OPEN = VFS_BASE + 0,     // path, len, flags: fd
    VFS_CLOSE = VFS_BASE + 1,    // fd
    VFS_READ = VFS_BASE + 2,     // fd, addr, len: bytes (0 at end of file)
    VFS_WRITE = VFS_BASE + 3,    // fd, addr, len: bytes
    VFS_LSEEK = VFS_BASE + 4,    // fd, offset in addr, whence in flags: new offset
    VFS_FSTAT = VFS_BASE + 5,    // fd, addr of a struct vfs_stat
    VFS_STAT = VFS_BASE + 6,     // path, len, and a struct vfs_stat at `extra`
    VFS_IOCTL = VFS_BASE + 7,    // fd, request in len, argument in addr
    VFS_READDIR = VFS_BASE + 8,  // fd, addr, len: one entry's name, 0 at the end
    VFS_DUP2 = VFS_BASE + 9,     // fd, new fd in flags
    // From PM only:
    VFS_PM_FORK = VFS_BASE + 0x20,  // ep (parent), extra (child ep): copy the files
    VFS_PM_EXIT = VFS_BASE + 0x21,  // ep: close its files, cancel its requests
    VFS_PM_EXEC = VFS_BASE + 0x22,  // ep, path, len: where is this program
    VFS_PM_SIGNAL = VFS_BASE + 0x23, // ep: interrupt its blocked call (EINTR)
    VFS_REPLY = VFS_BASE + 0x40,
};

enum vfs_open_flags {
    VFS_O_RDONLY = 0, VFS_O_WRONLY = 1, VFS_O_RDWR = 2, VFS_O_ACCMODE = 3,
    VFS_O_CREAT = 0x200, VFS_O_TRUNC = 0x400,
};
enum vfs_whence { VFS_SEEK_SET = 0, VFS_SEEK_CUR = 1, VFS_SEEK_END = 2 };
enum { VFS_PATH_MAX = 256, VFS_OPEN_MAX = 16 };

enum vfs_mode {
    VFS_S_IFMT = 0170000, VFS_S_IFDIR = 0040000, VFS_S_IFCHR = 0020000,
    VFS_S_IFREG = 0100000,
};

struct vfs_stat {
    uint64_t size;
    uint32_t mode;       // type and permission bits (enum vfs_mode | 0777)
    uint32_t ino;
    uint32_t dev;        // for devices: major << 8 | minor
    uint32_t nlink;
};

struct vfs_req {
    int32_t fd;
    uint32_t flags;      // OPEN flags, LSEEK whence, DUP2 new fd
    endpoint_t ep;       // PM calls: the process concerned
    int32_t grant;       // READ, WRITE: the caller's grant of the buffer to VFS
                         // (GF_WRITE to read into it, GF_READ to write it out),
                         // forwarded to a device's driver; -1: none (devices then
                         // answer EFAULT)
    uint64_t addr;       // path or buffer (in the caller's, or for PM calls
                         // in ep's address space), LSEEK offset
    uint64_t len;        // path or buffer length, IOCTL request
    uint64_t extra;      // STAT: stat buffer; PM_FORK: child ep
};

struct vfs_rep {
    int32_t status;
    uint32_t pad;
    int64_t value;       // LSEEK: the new offset (too wide for status)
    uint64_t offset;     // PM_EXEC: where the file starts in the boot file system
    uint64_t size;       // PM_EXEC: its size
    char name[16];       // PM_EXEC: the program's name (last path part)
};
