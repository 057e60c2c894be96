// Character-device protocol (ABI) between VFS and drivers (tty, hello).
//
// VFS sends every request with sendrec; the driver answers at once with a
// cdev_rep: a byte count or -MX_E*, or CDEV_SUSPENDED when the request
// will finish later (a tty read waiting for a line). When suspended
// requests finish, the driver notifies VFS, which then sendrecs
// CDEV_STATUS until the reply has id 0 (nothing left). A driver never
// blocks sending to VFS, so the two cannot deadlock.
//
// Data move through grants, never by address: for READ and WRITE the
// requester (VFS) sends `grant`, a grant of its own table that the driver
// uses with safecopy (granter = the requester, m.source): VFS forwards
// (indirect grant) the grant that the user's C library made of the buffer,
// so the driver reaches exactly that buffer, for the time of the request,
// in the direction of the request, and no other memory of anybody.
#pragma once

#include <stdint.h>

#include "endpoint.h"
#include "grant.h"

enum cdev_call {
    CDEV_BASE = 0x600,
    CDEV_OPEN = CDEV_BASE + 0,    // minor; reply status 0 or -err
    CDEV_CLOSE = CDEV_BASE + 1,   // minor
    CDEV_READ = CDEV_BASE + 2,    // minor, user, addr, size, pos
    CDEV_WRITE = CDEV_BASE + 3,   // minor, user, addr, size, pos
    CDEV_IOCTL = CDEV_BASE + 4,   // minor, request in `size`, argument in `addr`
    CDEV_CANCEL = CDEV_BASE + 5,  // id of a suspended request: reply EINTR
                                  // (or the bytes moved so far) at once
    CDEV_STATUS = CDEV_BASE + 6,  // fetch one finished suspended request
    CDEV_REPLY = CDEV_BASE + 0x40,
};

enum { CDEV_SUSPENDED = 0x7fff0001 }; // reply status: answered later

enum cdev_flags {
    CDEV_NONBLOCK = 1 << 0,  // read: return -MX_EAGAIN instead of suspending
};

// tty ioctls (CDEV_IOCTL, request in `size`).
enum tty_ioctl {
    TTY_SETFG = 1,   // addr = endpoint of the foreground process: Ctrl-C
                     // raises SIGINT on it (KC_KILL; PM, its signal
                     // manager, extends it to the process group)
    TTY_GETFG = 2,   // reply status = the foreground endpoint (or NONE)
};

struct cdev_req {
    int32_t minor;
    uint32_t id;          // chosen by VFS (non-zero), echoed in the reply
    endpoint_t user;      // the process the request is for
    uint32_t flags;       // enum cdev_flags
    uint64_t addr;        // ioctl argument
    uint64_t size;        // bytes to move, or the ioctl request
    uint64_t pos;         // file position (ignored by the tty)
    grant_id_t grant;     // READ (GF_WRITE), WRITE (GF_READ): the requester's
                          // grant of the buffer; offsets 0..size-1
    uint32_t pad;
};

struct cdev_rep {
    int32_t status;       // bytes moved, -MX_E*, or CDEV_SUSPENDED
    uint32_t id;          // the request's id (0 from CDEV_STATUS: none left)
};
