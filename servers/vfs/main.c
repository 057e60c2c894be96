// VFS, the file server: open/read/write/close/lseek/stat over the read-only
// boot file system (a cpio archive the kernel maps into VFS), the /dev
// directory of character devices (dev.c), per-process file tables that PM
// keeps in step with fork and exit, and the lookup of programs for exec.
// User memory is reached with KC_VIRCOPY (VFS is trusted).
#include <string.h>

#include <mirv/cdev.h>
#include <mirv/errors.h>
#include <mirv/vfs.h>

#include "ds.h"
#include "sef.h"
#include "syslib.h"
#include "vfs.h"

struct bootfs fs;
uint64_t fs_va;
endpoint_t vfs_self;
static endpoint_t pm_ep = ENDPOINT_NONE, ds_ep = ENDPOINT_NONE;
static struct filp filps[FILP_MAX];
static struct fproc fprocs[VFS_SLOTS];

void
vfs_reply(endpoint_t to, int status, int64_t value)
{
    struct message m = {0};
    m.type = VFS_REPLY;
    m.u.vfs_rep.status = status;
    m.u.vfs_rep.value = value;
    ipc_sendnb(to, &m); // it waits in sendrec
}

// The file table of ep: a slot's table is reset when a new process has it.
static struct fproc *
fproc_of(endpoint_t ep)
{
    if (!endpoint_is_process(ep)) {
        return NULL;
    }
    struct fproc *fp = &fprocs[endpoint_slot(ep) % VFS_SLOTS];
    if (fp->ep != ep) {
        memset(fp, 0, sizeof(*fp));
        fp->ep = ep;
    }
    return fp;
}

static struct filp *
filp_alloc(void)
{
    for (unsigned i = 0; i < FILP_MAX; i++) {
        if (filps[i].kind == F_FREE) {
            memset(&filps[i], 0, sizeof(filps[i]));
            filps[i].refs = 1;
            return &filps[i];
        }
    }
    return NULL;
}

static void
filp_put(struct filp *f, endpoint_t user)
{
    if (--f->refs > 0) {
        return;
    }
    if (f->kind == F_DEV) {
        int st;
        dev_request(f, CDEV_CLOSE, user, -1, 0, 0, &st);
    }
    f->kind = F_FREE;
}

static struct filp *
fd_get(struct fproc *fp, int fd)
{
    return fd >= 0 && fd < VFS_OPEN_MAX ? fp->fd[fd] : NULL;
}

// ---- paths ----

// Copies a NUL-terminated path from user memory, a page at most at a time
// so that a short path near the end of the caller's memory is no fault.
static int
copy_path(endpoint_t user, uint64_t addr, char *raw)
{
    size_t got = 0;
    while (got < VFS_PATH_MAX) {
        uint64_t at = addr + got;
        size_t chunk = 4096 - (size_t)(at & 4095);
        chunk = chunk < VFS_PATH_MAX - got ? chunk : VFS_PATH_MAX - got;
        if (sys_vircopy(user, at, vfs_self, (uint64_t)(uintptr_t)raw + got, chunk) != MX_OK) {
            return -MX_EFAULT;
        }
        char *nul = memchr(raw + got, '\0', chunk);
        if (nul != NULL) {
            return nul == raw ? -MX_ENOENT : 0;
        }
        got += chunk;
    }
    return -MX_ENAMETOOLONG;
}

// Copies the path (len 0: NUL-terminated) from user memory and normalizes
// it into out (no leading or trailing '/', no empty or "." parts, ".."
// resolved): 0 or -MX_E*.
static int
fetch_path(endpoint_t user, uint64_t addr, uint64_t len, char *out)
{
    char raw[VFS_PATH_MAX];
    if (len >= VFS_PATH_MAX) {
        return -MX_ENAMETOOLONG;
    }
    int r = len == 0 ? copy_path(user, addr, raw)
                     : sys_vircopy(user, addr, vfs_self, (uint64_t)(uintptr_t)raw, len) == MX_OK
                         ? 0
                         : -MX_EFAULT;
    if (r != 0) {
        return r;
    }
    if (len != 0) {
        raw[len] = '\0';
    }
    if (raw[0] != '/') {
        return -MX_ENOENT; // no working directories: paths are absolute
    }
    size_t o = 0;
    for (char *part = raw; *part != '\0';) {
        while (*part == '/') {
            part++;
        }
        size_t n = strcspn(part, "/");
        if (n == 0 || (n == 1 && part[0] == '.')) {
            part += n;
            continue;
        }
        if (n == 2 && part[0] == '.' && part[1] == '.') {
            while (o > 0 && out[o - 1] != '/') {
                o--;
            }
            o = o > 0 ? o - 1 : 0;
        } else {
            o += (size_t)(o > 0 ? 1 : 0);
            if (o > 0) {
                out[o - 1] = '/';
            }
            memcpy(out + o, part, n);
            o += n;
        }
        part += n;
    }
    out[o] = '\0';
    return 0;
}

// Opens the normalized path into f: 0 or -MX_E*.
static int
resolve(const char *path, struct filp *f)
{
    if (strcmp(path, "dev") == 0) {
        f->kind = F_DEVDIR;
        return 0;
    }
    if (strncmp(path, "dev/", 4) == 0) {
        f->dev = dev_find(path + 4, strlen(path + 4));
        f->kind = F_DEV;
        return f->dev != NULL ? 0 : -MX_ENOENT;
    }
    int r = bootfs_lookup(&fs, path, &f->ent);
    if (r != 0) {
        return r;
    }
    f->kind = (f->ent.mode & VFS_S_IFMT) == VFS_S_IFDIR ? F_DIR : F_FILE;
    return 0;
}

static void
stat_of(const struct filp *f, struct vfs_stat *st)
{
    memset(st, 0, sizeof(*st));
    st->nlink = 1;
    switch (f->kind) {
    case F_DEV:
        st->mode = VFS_S_IFCHR | 0666;
        st->ino = f->dev->ino;
        st->dev = (uint32_t)f->dev->minor;
        break;
    case F_DEVDIR:
        st->mode = VFS_S_IFDIR | 0755;
        break;
    default:
        st->mode = f->ent.mode;
        st->ino = f->ent.ino;
        st->size = f->ent.size;
        break;
    }
}

// ---- file calls ----

static int
do_open(struct fproc *fp, const struct vfs_req *q)
{
    char path[VFS_PATH_MAX];
    int r = fetch_path(fp->ep, q->addr, q->len, path);
    if (r != 0) {
        return r;
    }
    int fd = 0;
    while (fd < VFS_OPEN_MAX && fp->fd[fd] != NULL) {
        fd++;
    }
    if (fd == VFS_OPEN_MAX) {
        return -MX_EMFILE;
    }
    struct filp tmp = {0};
    r = resolve(path, &tmp);
    if (r != 0) {
        return r == -MX_ENOENT && (q->flags & VFS_O_CREAT) ? -MX_EROFS : r;
    }
    bool writing = (q->flags & VFS_O_ACCMODE) != VFS_O_RDONLY || (q->flags & VFS_O_TRUNC);
    if (writing && tmp.kind != F_DEV) {
        return tmp.kind == F_FILE ? -MX_EROFS : -MX_EISDIR;
    }
    struct filp *f = filp_alloc();
    if (f == NULL) {
        return -MX_EMFILE;
    }
    tmp.refs = 1;
    tmp.flags = q->flags;
    *f = tmp;
    if (f->kind == F_DEV) {
        int st;
        dev_request(f, CDEV_OPEN, fp->ep, -1, 0, 0, &st); // answered at once
        if (st < 0) {
            f->kind = F_FREE;
            return st;
        }
    }
    fp->fd[fd] = f;
    return fd;
}

static int
do_close(struct fproc *fp, const struct vfs_req *q)
{
    struct filp *f = fd_get(fp, q->fd);
    if (f == NULL) {
        return -MX_EBADF;
    }
    fp->fd[q->fd] = NULL;
    filp_put(f, fp->ep);
    return 0;
}

static int
read_file(struct fproc *fp, struct filp *f, const struct vfs_req *q)
{
    if (f->pos >= f->ent.size) {
        return 0;
    }
    uint64_t n = f->ent.size - f->pos < q->len ? f->ent.size - f->pos : q->len;
    n = n > 0x10000000 ? 0x10000000 : n;
    int r = sys_vircopy(vfs_self, fs_va + f->ent.offset + f->pos, fp->ep, q->addr, n);
    if (r != MX_OK) {
        return -MX_EFAULT;
    }
    f->pos += n;
    return (int)n;
}

// READ and WRITE: false when a device suspended the call (no reply now).
static bool
do_rw(struct fproc *fp, uint32_t type, const struct vfs_req *q, int *status)
{
    struct filp *f = fd_get(fp, q->fd);
    uint32_t acc = f != NULL ? f->flags & VFS_O_ACCMODE : 0;
    if (f == NULL || (type == VFS_WRITE && acc == VFS_O_RDONLY) ||
        (type == VFS_READ && acc == VFS_O_WRONLY)) {
        *status = -MX_EBADF;
        return true;
    }
    if (f->kind == F_DIR || f->kind == F_DEVDIR) {
        *status = -MX_EISDIR;
        return true;
    }
    if (f->kind == F_FILE) {
        *status = type == VFS_READ ? read_file(fp, f, q) : -MX_EBADF;
        return true;
    }
    uint64_t len = q->len > 0x7fffffff ? 0x7fffffff : q->len;
    return dev_request(f, type == VFS_READ ? CDEV_READ : CDEV_WRITE, fp->ep, q->grant, q->addr,
                       len, status);
}

static int
do_lseek(struct fproc *fp, const struct vfs_req *q, int64_t *value)
{
    struct filp *f = fd_get(fp, q->fd);
    if (f == NULL) {
        return -MX_EBADF;
    }
    if (f->kind == F_DEV) {
        return -MX_ESPIPE;
    }
    int64_t base = q->flags == VFS_SEEK_SET   ? 0
                   : q->flags == VFS_SEEK_CUR ? (int64_t)f->pos
                   : q->flags == VFS_SEEK_END ? (int64_t)f->ent.size
                                              : -1;
    int64_t off = (int64_t)q->addr;
    if (base < 0 || (off < 0 && -off > base) || (off > 0 && off > INT64_MAX - base)) {
        return -MX_EINVAL;
    }
    f->pos = (uint64_t)(base + off);
    *value = (int64_t)f->pos;
    return 0;
}

static int
put_stat(struct fproc *fp, const struct filp *f, uint64_t addr)
{
    struct vfs_stat st;
    stat_of(f, &st);
    return sys_vircopy(vfs_self, (uint64_t)(uintptr_t)&st, fp->ep, addr, sizeof(st)) == MX_OK
               ? 0
               : -MX_EFAULT;
}

static int
do_stat(struct fproc *fp, const struct vfs_req *q)
{
    char path[VFS_PATH_MAX];
    struct filp tmp = {0};
    int r = fetch_path(fp->ep, q->addr, q->len, path);
    if (r == 0) {
        r = resolve(path, &tmp);
    }
    return r != 0 ? r : put_stat(fp, &tmp, q->extra);
}

static int
do_fstat(struct fproc *fp, const struct vfs_req *q)
{
    struct filp *f = fd_get(fp, q->fd);
    return f == NULL ? -MX_EBADF : put_stat(fp, f, q->addr);
}

// One directory entry's name (index in flags) into the caller's buffer.
static int
do_readdir(struct fproc *fp, const struct vfs_req *q)
{
    struct filp *f = fd_get(fp, q->fd);
    const char *name;
    size_t len;
    if (f == NULL) {
        return -MX_EBADF;
    }
    if (f->kind == F_DEVDIR) {
        const struct device *d = dev_at(q->flags);
        if (d == NULL) {
            return 0;
        }
        name = d->name;
        len = strlen(name);
    } else if (f->kind == F_DIR) {
        struct bootfs_entry e;
        if (bootfs_child(&fs, f->ent.name, f->ent.name_len, q->flags, &e) != 0) {
            return 0;
        }
        name = e.name;
        len = e.name_len;
    } else {
        return -MX_ENOTDIR;
    }
    if (len + 1 > q->len) {
        return -MX_ENAMETOOLONG;
    }
    char buf[VFS_PATH_MAX];
    memcpy(buf, name, len);
    buf[len] = '\0';
    return sys_vircopy(vfs_self, (uint64_t)(uintptr_t)buf, fp->ep, q->addr, len + 1) == MX_OK
               ? (int)len
               : -MX_EFAULT;
}

static bool
do_ioctl(struct fproc *fp, const struct vfs_req *q, int *status)
{
    struct filp *f = fd_get(fp, q->fd);
    if (f == NULL || f->kind != F_DEV) {
        *status = f == NULL ? -MX_EBADF : -MX_ENOTTY;
        return true;
    }
    return dev_request(f, CDEV_IOCTL, fp->ep, -1, q->addr, q->len, status);
}

static int
do_dup2(struct fproc *fp, const struct vfs_req *q)
{
    struct filp *f = fd_get(fp, q->fd);
    int to = (int)q->flags;
    if (f == NULL || to < 0 || to >= VFS_OPEN_MAX) {
        return -MX_EBADF;
    }
    if (to != q->fd) {
        if (fp->fd[to] != NULL) {
            filp_put(fp->fd[to], fp->ep);
        }
        f->refs++;
        fp->fd[to] = f;
    }
    return to;
}

// ---- PM's calls ----

static int
pm_fork(const struct vfs_req *q)
{
    struct fproc *parent = fproc_of(q->ep);
    struct fproc *child = fproc_of((endpoint_t)q->extra);
    if (parent == NULL || child == NULL) {
        return -MX_EINVAL;
    }
    for (unsigned i = 0; i < VFS_OPEN_MAX; i++) {
        child->fd[i] = parent->fd[i];
        if (child->fd[i] != NULL) {
            child->fd[i]->refs++;
        }
    }
    return 0;
}

static int
pm_exit(const struct vfs_req *q)
{
    struct fproc *fp = fproc_of(q->ep);
    if (fp == NULL) {
        return -MX_EINVAL;
    }
    dev_cancel(fp->ep, false);
    for (unsigned i = 0; i < VFS_OPEN_MAX; i++) {
        if (fp->fd[i] != NULL) {
            filp_put(fp->fd[i], fp->ep);
        }
    }
    memset(fp, 0, sizeof(*fp));
    return 0;
}

static void
pm_exec(const struct vfs_req *q, struct message *rep)
{
    char path[VFS_PATH_MAX];
    struct bootfs_entry e;
    int r = fetch_path(q->ep, q->addr, q->len, path);
    if (r == 0) {
        r = strncmp(path, "dev", 3) == 0 && (path[3] == '\0' || path[3] == '/')
                ? -MX_EACCES
                : bootfs_lookup(&fs, path, &e);
    }
    if (r == 0 && ((e.mode & VFS_S_IFMT) != VFS_S_IFREG || (e.mode & 0111) == 0)) {
        r = -MX_EACCES;
    }
    rep->u.vfs_rep.status = r;
    if (r == 0) {
        rep->u.vfs_rep.offset = e.offset; // the kernel's copy starts where ours does
        rep->u.vfs_rep.size = e.size;
        const char *base = strrchr(path, '/');
        base = base != NULL ? base + 1 : path;
        size_t n = strlen(base);
        n = n < sizeof(rep->u.vfs_rep.name) - 1 ? n : sizeof(rep->u.vfs_rep.name) - 1;
        memcpy(rep->u.vfs_rep.name, base, n);
    }
}

static void
from_pm(struct message *m)
{
    struct message rep = {0};
    const struct vfs_req *q = &m->u.vfs_req;
    rep.type = VFS_REPLY;
    switch (m->type) {
    case VFS_PM_FORK: rep.u.vfs_rep.status = pm_fork(q); break;
    case VFS_PM_EXIT: rep.u.vfs_rep.status = pm_exit(q); break;
    case VFS_PM_EXEC: pm_exec(q, &rep); break;
    case VFS_PM_SIGNAL: dev_cancel(q->ep, true); break;
    default: rep.u.vfs_rep.status = -MX_ENOSYS; break;
    }
    ipc_send(m->source, &rep);
}

static void
from_user(struct message *m)
{
    struct fproc *fp = fproc_of(m->source);
    const struct vfs_req *q = &m->u.vfs_req;
    int64_t value = 0;
    int st;
    bool now = true;
    switch (m->type) {
    case VFS_OPEN: st = do_open(fp, q); break;
    case VFS_CLOSE: st = do_close(fp, q); break;
    case VFS_READ:
    case VFS_WRITE: now = do_rw(fp, m->type, q, &st); break;
    case VFS_LSEEK: st = do_lseek(fp, q, &value); break;
    case VFS_FSTAT: st = do_fstat(fp, q); break;
    case VFS_STAT: st = do_stat(fp, q); break;
    case VFS_IOCTL: now = do_ioctl(fp, q, &st); break;
    case VFS_READDIR: st = do_readdir(fp, q); break;
    case VFS_DUP2: st = do_dup2(fp, q); break;
    default: st = -MX_ENOSYS; break;
    }
    if (now) {
        vfs_reply(m->source, st, value);
    }
}

// DS told of changed labels: drivers that restarted lose their requests.
static void
labels_changed(void)
{
    char key[64];
    int type, change;
    while (ds_check_change(key, &type, &change) == MX_OK) {
        dev_label_changed(key);
    }
}

static int
init_fresh(const struct sef_init_info *info)
{
    struct message m = {0};
    (void)info;
    vfs_self = sef_self();
    m.u.getinfo.what = GETINFO_BOOTFS;
    if (kcall(KC_GETINFO, &m) != MX_OK || m.u.getinfo.value[0] == 0) {
        uprintf("vfs: no boot file system\n");
    } else {
        fs_va = m.u.getinfo.value[0];
        fs.base = (const uint8_t *)(uintptr_t)fs_va;
        fs.len = (size_t)m.u.getinfo.value[1];
    }
    pm_ep = sys_lookup("pm");
    ds_ep = sys_lookup("ds");
    dev_watch_labels();
    return 0;
}

int
main(void)
{
    struct message m;

    sef_setcb_init_fresh(init_fresh);
    sef_setcb_init_restart(init_fresh);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK) {
            continue;
        }
        if (m.type == MSG_NOTIFY) {
            if (m.source == ds_ep) {
                labels_changed();
            } else if (endpoint_is_process(m.source)) {
                dev_driver_notified(m.source);
            }
        } else if (m.source == pm_ep && m.type >= VFS_PM_FORK && m.type <= VFS_PM_SIGNAL) {
            from_pm(&m);
        } else {
            from_user(&m);
        }
    }
}
