// VFS's internal interfaces: open files (filp), per-process file tables,
// and the character devices under /dev, which are served by drivers found
// by label in DS.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>
#include <mirv/grant.h>
#include <mirv/msg.h>
#include <mirv/vfs.h>

#include "bootfs.h"

enum { VFS_SLOTS = 64, FILP_MAX = 64, PEND_MAX = 32 };

enum filp_kind { F_FREE = 0, F_FILE, F_DIR, F_DEVDIR, F_DEV };

struct device {
    const char *name;      // under /dev
    const char *label;     // driver label in DS; NULL: the null device
    int minor;
    uint32_t ino;
};

struct filp {
    enum filp_kind kind;
    int refs;
    uint32_t flags;        // open flags
    uint64_t pos;
    struct bootfs_entry ent;      // F_FILE, F_DIR
    const struct device *dev;     // F_DEV
};

struct fproc {
    endpoint_t ep;
    struct filp *fd[VFS_OPEN_MAX];
};

extern struct bootfs fs;
extern uint64_t fs_va;       // where the archive is mapped in VFS
extern endpoint_t vfs_self;

// dev.c
const struct device *dev_find(const char *name, size_t len);
const struct device *dev_at(unsigned index);
// Starts a device request for user (CDEV_READ/WRITE/IOCTL/OPEN/CLOSE):
// true if it finished, with *status; false if suspended (VFS answers the
// user later from dev_driver_notified).
bool dev_request(struct filp *f, uint32_t type, endpoint_t user, grant_id_t grant,
                 uint64_t addr, uint64_t size, int *status);
// A driver notified VFS: collect its finished requests and answer users.
void dev_driver_notified(endpoint_t driver);
// DS says a driver's label was published again (it restarted or was
// replaced): its suspended requests answer EIO.
void dev_label_changed(const char *label);
// Subscribes to the drivers' labels in DS.
void dev_watch_labels(void);
// user is gone (answer false) or interrupted by a signal (answer true:
// it gets EINTR, or the bytes moved so far): cancel its suspended request.
void dev_cancel(endpoint_t user, bool answer);

// main.c
void vfs_reply(endpoint_t to, int status, int64_t value);
