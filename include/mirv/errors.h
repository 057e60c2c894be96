// Error codes returned by the kernel and the servers (ABI). Calls return 0
// or a negative code, -MX_E*. The values of the POSIX-named codes are those
// of the C library the user programs use (picolibc), except MX_ENOSYS,
// which is 78 as in MINIX's service tools; the C library glue translates.
#pragma once

enum mirv_error {
    MX_OK = 0,
    MX_EPERM = 1,         // operation not permitted (e.g. target not in the IPC mask)
    MX_ENOENT = 2,
    MX_ESRCH = 3,         // no such process / key
    MX_EINTR = 4,
    MX_EIO = 5,
    MX_ENXIO = 6,         // no such device (bad minor, driver missing)
    MX_E2BIG = 7,
    MX_ENOEXEC = 8,       // not an executable for this machine
    MX_EBADF = 9,         // not an open file descriptor
    MX_ECHILD = 10,       // wait: no such child
    MX_EAGAIN = 11,
    MX_ENOMEM = 12,
    MX_EACCES = 13,
    MX_EFAULT = 14,       // bad user pointer
    MX_EBUSY = 16,
    MX_EEXIST = 17,
    MX_ENOTDIR = 20,
    MX_EISDIR = 21,
    MX_EINVAL = 22,
    MX_EMFILE = 24,       // the process's file table is full
    MX_ENOTTY = 25,
    MX_ENOSPC = 28,
    MX_ESPIPE = 29,
    MX_EROFS = 30,
    MX_ENAMETOOLONG = 91,
    MX_ENOSYS = 78,       // no such call
    MX_ELOOP = 92,        // an indirect grant chain is too long
    MX_EDEADSRCDST = 101, // source or destination is dead (or a stale endpoint)
    MX_ELOCKED = 102,     // the send would close a deadlock cycle
    MX_ENOTREADY = 103,   // sendnb: the destination is not receiving
    MX_EBADSRCDST = 104,  // not a process endpoint, or oneself
    MX_ECALLDENIED = 105, // kernel call not in the caller's call mask
    MX_ERESTART = 200,
};
