// System-call glue between picolibc and the servers: file calls go to VFS,
// process calls to PM, memory calls (sbrk, mmap, munmap) to VM, each one sendrec. Their endpoints are looked up by
// name once (they keep them across restarts). See posix.h.
#include "posix.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mirv/cdev.h>
#include <mirv/errors.h>
#include <mirv/vfs.h>
#include <mirv/vm.h>

#include "grant.h"
#include "syslib.h"

static endpoint_t pm_ep = ENDPOINT_NONE, vfs_ep = ENDPOINT_NONE;
static bool is_system;

int
mirv_errno(int code)
{
    if (code == MX_ENOSYS) {
        return ENOSYS;
    }
    return code >= 100 ? EIO : code; // IPC failures: the server is gone
}

static int
fail(int code)
{
    errno = mirv_errno(code);
    return -1;
}

static endpoint_t
server(endpoint_t *cache, const char *name)
{
    if (*cache == ENDPOINT_NONE) {
        endpoint_t ep = sys_lookup(name);
        *cache = ep >= 0 ? ep : ENDPOINT_NONE;
    }
    return *cache;
}

// sendrec m to a server; its status, or a negative MX code.
static int
call(endpoint_t *cache, const char *name, uint32_t type, struct message *m)
{
    endpoint_t ep = server(cache, name);
    if (ep == ENDPOINT_NONE) {
        return -MX_ENOSYS;
    }
    m->type = type;
    int r = ipc_sendrec(ep, m);
    return r != 0 ? r : m->u.reply.status;
}

static int
pm_call(uint32_t type, struct message *m)
{
    return call(&pm_ep, "pm", type, m);
}

static int
vfs_call(uint32_t type, struct message *m)
{
    return call(&vfs_ep, "vfs", type, m);
}

// A call whose status is the result (>= 0) or -MX_E*.
static int
result(int r)
{
    return r < 0 ? fail(-r) : r;
}

// ---- files ----

int
open(const char *path, int flags, ...)
{
    struct message m = {0};
    m.u.vfs_req.addr = (uint64_t)(uintptr_t)path;
    m.u.vfs_req.len = 0; // NUL-terminated: VFS finds the end (a bad pointer is EFAULT)
    m.u.vfs_req.flags = (uint32_t)flags;
    return result(vfs_call(VFS_OPEN, &m));
}

int
close(int fd)
{
    struct message m = {0};
    m.u.vfs_req.fd = fd;
    return result(vfs_call(VFS_CLOSE, &m));
}

// A read or write grants VFS the buffer for the time of the call (VFS
// forwards the grant to a device's driver, which copies through it); the
// grant goes as soon as the answer is in.
static ssize_t
rw(uint32_t type, int fd, uint64_t buf, size_t n)
{
    struct message m = {0};
    endpoint_t vfs = server(&vfs_ep, "vfs");
    grant_id_t g = -1;

    if (vfs != ENDPOINT_NONE && n > 0) {
        g = grant_direct(vfs, (const void *)(uintptr_t)buf, n,
                         type == VFS_READ ? GF_WRITE : GF_READ);
        if (g == -MX_EFAULT) {
            return fail(MX_EFAULT); // not user memory: nobody could copy there
        }
    }
    m.u.vfs_req.fd = fd;
    m.u.vfs_req.addr = buf;
    m.u.vfs_req.len = n;
    m.u.vfs_req.grant = g < 0 ? -1 : g;
    int r = vfs_call(type, &m);
    if (g >= 0) {
        grant_revoke(g);
    }
    return result(r);
}

ssize_t
read(int fd, void *buf, size_t n)
{
    return rw(VFS_READ, fd, (uint64_t)(uintptr_t)buf, n);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
    return rw(VFS_WRITE, fd, (uint64_t)(uintptr_t)buf, n);
}

off_t
lseek(int fd, off_t offset, int whence)
{
    struct message m = {0};
    m.u.vfs_req.fd = fd;
    m.u.vfs_req.addr = (uint64_t)offset;
    m.u.vfs_req.flags = (uint32_t)whence;
    int r = vfs_call(VFS_LSEEK, &m);
    return r < 0 ? fail(-r) : (off_t)m.u.vfs_rep.value;
}

static void
to_stat(const struct vfs_stat *v, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_size = (off_t)v->size;
    st->st_mode = v->mode;
    st->st_ino = v->ino;
    st->st_rdev = v->dev;
    st->st_nlink = v->nlink;
}

int
fstat(int fd, struct stat *st)
{
    struct vfs_stat v;
    struct message m = {0};
    m.u.vfs_req.fd = fd;
    m.u.vfs_req.addr = (uint64_t)(uintptr_t)&v;
    int r = vfs_call(VFS_FSTAT, &m);
    if (r < 0) {
        return fail(-r);
    }
    to_stat(&v, st);
    return 0;
}

int
stat(const char *path, struct stat *st)
{
    struct vfs_stat v;
    struct message m = {0};
    m.u.vfs_req.addr = (uint64_t)(uintptr_t)path;
    m.u.vfs_req.extra = (uint64_t)(uintptr_t)&v;
    int r = vfs_call(VFS_STAT, &m);
    if (r < 0) {
        return fail(-r);
    }
    to_stat(&v, st);
    return 0;
}

int
isatty(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return 0;
    }
    if (!S_ISCHR(st.st_mode)) {
        errno = ENOTTY;
        return 0;
    }
    return 1;
}

int
dup2(int fd, int newfd)
{
    struct message m = {0};
    m.u.vfs_req.fd = fd;
    m.u.vfs_req.flags = (uint32_t)newfd;
    return result(vfs_call(VFS_DUP2, &m));
}

int
mirv_readdir(int fd, unsigned index, char *buf, size_t len)
{
    struct message m = {0};
    m.u.vfs_req.fd = fd;
    m.u.vfs_req.flags = index;
    m.u.vfs_req.addr = (uint64_t)(uintptr_t)buf;
    m.u.vfs_req.len = len;
    return result(vfs_call(VFS_READDIR, &m));
}

// ---- processes ----

pid_t
fork(void)
{
    struct message m = {0};
    int r = pm_call(PM_FORK, &m);
    if (r == 0) {
        grant_reset(); // the kernel gives the child no grant table: start anew
    }
    return r < 0 ? fail(-r) : r;
}

pid_t
getpid(void)
{
    struct message m = {0};
    return result(pm_call(PM_GETPID, &m));
}

pid_t
getppid(void)
{
    struct message m = {0};
    int r = pm_call(PM_GETPID, &m);
    return r < 0 ? fail(-r) : m.u.pm_rep.value;
}

void
_exit(int code)
{
    struct message m = {0};
    if (is_system) {
        sys_exit(code);
    }
    m.u.pm_req.arg = code;
    pm_call(PM_EXIT, &m);
    for (;;) { // PM never answers an exit; if it is gone, wait for it
        ipc_receive(ENDPOINT_ANY, &m);
    }
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
    struct message m = {0};
    m.u.pm_req.pid = pid;
    m.u.pm_req.arg = (options & WNOHANG) ? PM_WNOHANG : 0;
    int r = pm_call(PM_WAITPID, &m);
    if (r < 0) {
        return fail(-r);
    }
    if (status != NULL && r > 0) {
        *status = m.u.pm_rep.value;
    }
    return r;
}

pid_t
wait(int *status)
{
    return waitpid(-1, status, 0);
}

int
kill(pid_t pid, int sig)
{
    struct message m = {0};
    m.u.pm_req.pid = pid;
    m.u.pm_req.arg = sig;
    return result(pm_call(PM_KILL, &m)) < 0 ? -1 : 0;
}

// Handlers return into __mirv_sigtramp (lib/ipc.S), which passes the
// signal frame (at its sp) here; PM restores the registers from it.
void __mirv_sigreturn(uint64_t frame) __attribute__((noreturn));
void __mirv_sigtramp(void);

void
__mirv_sigreturn(uint64_t frame)
{
    struct message m = {0};
    m.u.pm_req.addr = frame;
    pm_call(PM_SIGRETURN, &m); // does not return unless the frame is bad
    _exit(128 + SIGSEGV);
}

int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    struct message m = {0};
    m.u.pm_req.arg = sig;
    m.u.pm_req.pid = -1; // query only
    if (act != NULL) {
        if (act->sa_handler == SIG_IGN || act->sa_handler == SIG_DFL) {
            m.u.pm_req.pid = act->sa_handler == SIG_IGN ? PM_SIG_IGN : PM_SIG_DFL;
        } else {
            m.u.pm_req.pid = PM_SIG_HANDLER;
            m.u.pm_req.addr = (uint64_t)(uintptr_t)act->sa_handler;
            m.u.pm_req.frame = (uint64_t)(uintptr_t)__mirv_sigtramp;
        }
    }
    int r = pm_call(PM_SIGACTION, &m);
    if (r < 0) {
        return fail(-r);
    }
    if (old != NULL) {
        memset(old, 0, sizeof(*old));
        old->sa_handler = m.u.pm_rep.value == PM_SIG_IGN   ? SIG_IGN
                          : m.u.pm_rep.value == PM_SIG_DFL ? SIG_DFL
                                                           : (_sig_func_ptr)(uintptr_t)m.u.pm_rep.handler;
    }
    return 0;
}

// ISO C's signal() and raise() on top of PM (picolibc's own only emulate
// signals inside the process).
_sig_func_ptr
signal(int sig, _sig_func_ptr handler)
{
    struct sigaction act = {0}, old;
    act.sa_handler = handler;
    return sigaction(sig, &act, &old) == 0 ? old.sa_handler : SIG_ERR;
}

int
raise(int sig)
{
    return kill(getpid(), sig);
}

int
setpgid(pid_t pid, pid_t pgid)
{
    struct message m = {0};
    m.u.pm_req.pid = pid;
    m.u.pm_req.arg = pgid;
    return result(pm_call(PM_SETPGID, &m)) < 0 ? -1 : 0;
}

int
tcsetpgrp(int fd, pid_t pgrp)
{
    struct message m = {0};
    m.u.pm_req.pid = pgrp;
    int r = pm_call(PM_GETEP, &m);
    if (r < 0) {
        return fail(-r);
    }
    endpoint_t ep = m.u.pm_rep.value;
    memset(&m, 0, sizeof(m));
    m.u.vfs_req.fd = fd;
    m.u.vfs_req.len = TTY_SETFG;
    m.u.vfs_req.addr = (uint64_t)(int64_t)ep;
    return result(vfs_call(VFS_IOCTL, &m)) < 0 ? -1 : 0;
}

int
mirv_procinfo(int index, struct pm_procinfo *out)
{
    struct message m = {0};
    m.u.pm_req.arg = index;
    int r = pm_call(PM_PROCINFO, &m);
    if (r < 0) {
        return fail(-r);
    }
    *out = m.u.pm_procinfo;
    return r;
}

// Builds the new program's frame (see PM_STACK_TOP in mirv/pm.h) in buf;
// its size, or -1 if it does not fit.
static long
build_frame(uint64_t *buf, size_t cap, char *const argv[], char *const envp[])
{
    size_t argc = 0, envc = 0, strbytes = 0;
    while (argv != NULL && argv[argc] != NULL) {
        strbytes += strlen(argv[argc++]) + 1;
    }
    while (envp != NULL && envp[envc] != NULL) {
        strbytes += strlen(envp[envc++]) + 1;
    }
    size_t words = 1 + argc + 1 + envc + 1;
    size_t len = (words * 8 + strbytes + 15) & ~(size_t)15;
    if (len > cap) {
        return -1;
    }
    uint64_t base = PM_STACK_TOP - len; // where the frame will sit
    char *str = (char *)buf + words * 8;
    size_t w = 0;
    buf[w++] = argc;
    for (int pass = 0; pass < 2; pass++) {
        char *const *v = pass == 0 ? argv : envp;
        for (size_t i = 0; v != NULL && v[i] != NULL; i++) {
            size_t n = strlen(v[i]) + 1;
            memcpy(str, v[i], n);
            buf[w++] = base + (uint64_t)(str - (char *)buf);
            str += n;
        }
        buf[w++] = 0;
    }
    return (long)len;
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
    static uint64_t frame[PM_FRAME_MAX / 8];
    long len = build_frame(frame, sizeof(frame), argv, envp);
    if (len < 0) {
        return fail(MX_E2BIG);
    }
    struct message m = {0};
    m.u.pm_req.addr = (uint64_t)(uintptr_t)path;
    m.u.pm_req.len = 0; // NUL-terminated
    m.u.pm_req.frame = (uint64_t)(uintptr_t)frame;
    m.u.pm_req.frame_len = (uint64_t)len;
    return fail(-pm_call(PM_EXEC, &m)); // returns only on failure
}

const char *
mirv_signal_name(int sig)
{
    switch (sig) {
    case SIGHUP: return "Hangup";
    case SIGINT: return "Interrupt";
    case SIGQUIT: return "Quit";
    case SIGILL: return "Illegal instruction";
    case SIGTRAP: return "Trace/breakpoint trap";
    case SIGABRT: return "Aborted";
    case SIGFPE: return "Floating point exception";
    case SIGKILL: return "Killed";
    case SIGBUS: return "Bus error";
    case SIGSEGV: return "Segmentation fault";
    case SIGPIPE: return "Broken pipe";
    case SIGALRM: return "Alarm clock";
    case SIGTERM: return "Terminated";
    default: return "Killed by a signal";
    }
}

// ---- stdio: line-buffered streams on fds 0, 1, 2 ----

struct obuf {
    int fd;
    size_t len;
    char data[256];
};
static struct obuf out_buf = {.fd = 1}, err_buf = {.fd = 2};

static int
obuf_flush(struct obuf *b)
{
    size_t done = 0;
    while (done < b->len) {
        ssize_t n = write(b->fd, b->data + done, b->len - done);
        if (n <= 0) {
            b->len = 0;
            return -1;
        }
        done += (size_t)n;
    }
    b->len = 0;
    return 0;
}

static int
obuf_put(struct obuf *b, char c)
{
    b->data[b->len++] = c;
    if (c == '\n' || b->len == sizeof(b->data)) {
        return obuf_flush(b) == 0 ? (unsigned char)c : _FDEV_ERR;
    }
    return (unsigned char)c;
}

static int out_put(char c, FILE *f) { (void)f; return obuf_put(&out_buf, c); }
static int err_put(char c, FILE *f) { (void)f; return obuf_put(&err_buf, c); }
static int out_flush(FILE *f) { (void)f; return obuf_flush(&out_buf); }
static int err_flush(FILE *f) { (void)f; return obuf_flush(&err_buf); }

static int
in_get(FILE *f)
{
    static char data[256];
    static size_t pos, len;
    (void)f;
    if (pos == len) {
        obuf_flush(&out_buf); // a prompt shows before the program waits
        obuf_flush(&err_buf);
        ssize_t n = read(0, data, sizeof(data));
        if (n <= 0) {
            return n == 0 ? _FDEV_EOF : _FDEV_ERR;
        }
        pos = 0;
        len = (size_t)n;
    }
    return (unsigned char)data[pos++];
}

static FILE in_file = FDEV_SETUP_STREAM(NULL, in_get, NULL, _FDEV_SETUP_READ);
static FILE out_file = FDEV_SETUP_STREAM(out_put, NULL, out_flush, _FDEV_SETUP_WRITE);
static FILE err_file = FDEV_SETUP_STREAM(err_put, NULL, err_flush, _FDEV_SETUP_WRITE);
FILE *const stdin = &in_file;
FILE *const stdout = &out_file;
FILE *const stderr = &err_file;

static void
flush_all(void)
{
    obuf_flush(&out_buf);
    obuf_flush(&err_buf);
}

void
posix_init(void)
{
    struct message m = {0};
    m.u.getinfo.what = GETINFO_SELF;
    is_system = kcall(KC_GETINFO, &m) == 0 && (m.u.getinfo.flags & PRIV_SYSTEM);
    if (!is_system) {
        atexit(flush_all);
    }
}

// ---- memory: the break and anonymous mappings, served by VM ----

static endpoint_t vm_ep = ENDPOINT_NONE;
static uint64_t cur_brk; // the program's break (VM keeps it rounded to pages)

static int
vm_call(uint32_t type, struct message *m)
{
    return call(&vm_ep, "vm", type, m);
}

void *
sbrk(ptrdiff_t incr)
{
    struct message m = {0};

    if (cur_brk == 0) { // ask VM where the heap is
        int r = vm_call(VM_BRK, &m);
        if (r < 0) {
            fail(-r);
            return (void *)-1;
        }
        cur_brk = m.u.vm_rep.addr;
    }
    uint64_t old = cur_brk, want = cur_brk + (uint64_t)(int64_t)incr;
    if (incr == 0) {
        return (void *)(uintptr_t)old;
    }
    if ((incr > 0 && want < old) || (incr < 0 && want > old)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    memset(&m, 0, sizeof(m));
    m.u.vm_req.addr = want;
    int r = vm_call(VM_BRK, &m);
    if (r < 0) {
        fail(-r);
        return (void *)-1;
    }
    cur_brk = want;
    return (void *)(uintptr_t)old;
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    struct message m = {0};

    if (addr != NULL || fd != -1 || offset != 0) {
        errno = EINVAL; // no hints, no files: anonymous memory only
        return MAP_FAILED;
    }
    m.u.vm_req.len = len;
    m.u.vm_req.prot = (uint32_t)prot;
    m.u.vm_req.flags = (uint32_t)flags;
    int r = vm_call(VM_MMAP, &m);
    if (r < 0) {
        fail(-r);
        return MAP_FAILED;
    }
    return (void *)(uintptr_t)m.u.vm_rep.addr;
}

int
munmap(void *addr, size_t len)
{
    struct message m = {0};

    m.u.vm_req.addr = (uint64_t)(uintptr_t)addr;
    m.u.vm_req.len = len;
    return result(vm_call(VM_MUNMAP, &m));
}
