// Character devices under /dev: each is a (driver label, minor) pair; the
// driver's endpoint comes from DS, so a restarted or updated driver is found
// again. Requests follow include/mirv/cdev.h: VFS sendrecs the driver; a
// suspended request is remembered and answered when the driver notifies.
// A driver that dies under a request makes it fail with EIO, never hang.
// Data never move by address: VFS forwards the user's grant of the buffer
// to the driver (an indirect grant, the request's access only) and revokes
// it when the request is over.
#include <string.h>

#include <mirv/cdev.h>
#include <mirv/errors.h>

#include "ds.h"
#include "grant.h"
#include "syslib.h"
#include "vfs.h"

static const struct device devices[] = {
    {"console", "tty", 0, 1}, {"tty", "tty", 0, 2}, {"hello", "hello", 0, 3},
    {"null", NULL, 0, 4},
};

struct pending {
    bool used;
    uint32_t id;
    uint32_t type;
    endpoint_t user;
    endpoint_t driver;
    struct filp *f;
    grant_id_t grant;    // the driver's forward of the user's buffer grant (-1: none)
};
static struct pending pend[PEND_MAX];
static uint32_t next_id = 1;

const struct device *
dev_find(const char *name, size_t len)
{
    for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
        if (strlen(devices[i].name) == len && memcmp(devices[i].name, name, len) == 0) {
            return &devices[i];
        }
    }
    return NULL;
}

const struct device *
dev_at(unsigned index)
{
    return index < sizeof(devices) / sizeof(devices[0]) ? &devices[index] : NULL;
}

// The console without a tty driver (early boot, or the tty is down):
// writes go to the kernel console, reads find nothing.
static int
console_fallback(uint32_t type, endpoint_t user, grant_id_t grant, uint64_t size)
{
    char buf[256];
    if (type != CDEV_WRITE) {
        return type == CDEV_READ ? -MX_EIO : MX_OK;
    }
    uint64_t done = 0;
    while (done < size) {
        uint64_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
        int r = sys_safecopyfrom(user, grant, done, buf, n);
        if (r != MX_OK) {
            return done > 0 ? (int)done : r;
        }
        sys_write(buf, n);
        done += n;
    }
    return (int)done;
}

static endpoint_t
driver_ep(const char *label)
{
    endpoint_t ep;
    return ds_retrieve_label(label, &ep) == MX_OK ? ep : ENDPOINT_NONE;
}

static struct pending *
pend_alloc(void)
{
    for (unsigned i = 0; i < PEND_MAX; i++) {
        if (!pend[i].used) {
            return &pend[i];
        }
    }
    return NULL;
}

// The request is over: the driver's grant goes, the slot is free.
static void
pend_done(struct pending *p)
{
    if (p->grant >= 0) {
        grant_revoke(p->grant);
    }
    p->used = false;
}

// The driver's forward of the user's buffer grant, for a read or write
// that moves data (else -1); *status gets the error if it cannot be made.
static grant_id_t
forward_grant(uint32_t type, endpoint_t user, grant_id_t grant, endpoint_t drv, uint64_t size,
              int *status)
{
    if ((type != CDEV_READ && type != CDEV_WRITE) || size == 0) {
        return -1;
    }
    if (grant < 0) {
        *status = -MX_EFAULT; // no grant of the buffer, nothing to copy through
        return -1;
    }
    grant_id_t g = grant_indirect(drv, user, grant, type == CDEV_READ ? GF_WRITE : GF_READ);
    if (g < 0) {
        *status = -MX_EAGAIN; // VFS's grant table is full
    }
    return g;
}

// Bytes moved by a read or write advance the file position.
static void
account(struct filp *f, uint32_t type, int status)
{
    if (status > 0 && (type == CDEV_READ || type == CDEV_WRITE)) {
        f->pos += (uint64_t)status;
    }
}

bool
dev_request(struct filp *f, uint32_t type, endpoint_t user, grant_id_t grant, uint64_t addr,
            uint64_t size, int *status)
{
    const struct device *d = f->dev;
    if (d->label == NULL) { // /dev/null
        *status = type == CDEV_WRITE ? (int)size : 0;
        return true;
    }
    endpoint_t drv = driver_ep(d->label);
    if (drv == ENDPOINT_NONE) {
        *status = strcmp(d->label, "tty") == 0 ? console_fallback(type, user, grant, size)
                                                : -MX_ENXIO;
        return true;
    }
    struct pending *p = pend_alloc();
    if (p == NULL) {
        *status = -MX_EAGAIN;
        return true;
    }
    *status = MX_OK;
    grant_id_t fwd = forward_grant(type, user, grant, drv, size, status);
    if (*status != MX_OK) {
        return true;
    }
    struct message m = {0};
    m.type = type;
    m.u.cdev_req.minor = d->minor;
    if (next_id == 0) {
        next_id = 1; // 0 means "nothing" in CDEV_STATUS replies
    }
    m.u.cdev_req.id = next_id++;
    m.u.cdev_req.user = user;
    m.u.cdev_req.addr = addr;
    m.u.cdev_req.size = size;
    m.u.cdev_req.pos = f->pos;
    m.u.cdev_req.grant = fwd;
    uint32_t id = m.u.cdev_req.id;
    *p = (struct pending){true, id, type, user, drv, f, fwd};
    int r = ipc_sendrec(drv, &m);
    if (r != MX_OK || m.u.cdev_rep.status != CDEV_SUSPENDED) {
        *status = r != MX_OK ? -MX_EIO : m.u.cdev_rep.status; // EIO: the driver died
        account(f, type, *status);
        pend_done(p);
        return true;
    }
    return false;
}

void
dev_driver_notified(endpoint_t driver)
{
    for (unsigned guard = 0; guard < 4 * PEND_MAX; guard++) {
        struct message m = {0};
        m.type = CDEV_STATUS;
        if (ipc_sendrec(driver, &m) != MX_OK || m.u.cdev_rep.id == 0) {
            break;
        }
        for (unsigned i = 0; i < PEND_MAX; i++) {
            struct pending *p = &pend[i];
            if (p->used && p->driver == driver && p->id == m.u.cdev_rep.id) {
                account(p->f, p->type, m.u.cdev_rep.status);
                vfs_reply(p->user, m.u.cdev_rep.status, 0);
                pend_done(p);
            }
        }
    }
    // Requests of a driver that has gone answer EIO.
    for (unsigned i = 0; i < PEND_MAX; i++) {
        uint32_t st;
        if (pend[i].used && sys_proc_state(pend[i].driver, &st) != MX_OK) {
            vfs_reply(pend[i].user, -MX_EIO, 0);
            pend_done(&pend[i]);
        }
    }
}

void
dev_label_changed(const char *label)
{
    for (unsigned i = 0; i < PEND_MAX; i++) {
        struct pending *p = &pend[i];
        if (p->used && p->f->dev->label != NULL && strcmp(p->f->dev->label, label) == 0) {
            vfs_reply(p->user, -MX_EIO, 0); // the driver restarted: it is lost
            pend_done(p);
        }
    }
}

void
dev_watch_labels(void)
{
    for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
        if (devices[i].label != NULL) {
            ds_subscribe_keys(devices[i].label, 0);
        }
    }
}

void
dev_cancel(endpoint_t user, bool answer)
{
    for (unsigned i = 0; i < PEND_MAX; i++) {
        struct pending *p = &pend[i];
        if (!p->used || p->user != user) {
            continue;
        }
        struct message m = {0};
        m.type = CDEV_CANCEL;
        m.u.cdev_req.id = p->id;
        m.u.cdev_req.user = user;
        int status = -MX_EINTR;
        if (ipc_sendrec(p->driver, &m) == MX_OK) {
            account(p->f, p->type, m.u.cdev_rep.status);
            status = m.u.cdev_rep.status > 0 ? m.u.cdev_rep.status : -MX_EINTR;
        }
        pend_done(p);
        if (answer) {
            vfs_reply(user, status, 0); // interrupted by a signal
        }
    }
}
