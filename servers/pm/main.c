// PM, the process manager: fork, exec, exit, wait, kill, process groups and
// POSIX signal dispositions for user processes, whose signal manager it
// is. The kernel does the memory work (KC_FORK, KC_EXEC) and VM is told
// (VM_FORK, VM_EXEC, VM_EXIT: it keeps the regions), VFS the files
// (told of every fork and exit) and the lookup of programs. Signals the
// kernel raises on user processes (faults, the tty's Ctrl-C) arrive through
// SEF's signal-manager callback. System processes get a pid too, so that
// `ps` lists them and `kill` reaches them (through the kernel, so RS, their
// manager, restarts them).
#include <string.h>

#include <mirv/errors.h>
#include <mirv/pm.h>
#include <mirv/signal.h>
#include <mirv/vfs.h>
#include <mirv/vm.h>

#include "pm.h"
#include "sef.h"
#include "syslib.h"

static endpoint_t vfs_ep = ENDPOINT_NONE;
struct mproc *pm_serving;
static endpoint_t vm_ep = ENDPOINT_NONE;

void
reply(endpoint_t to, int status, int value)
{
    struct message m = {0};
    m.type = PM_REPLY;
    m.u.pm_rep.status = status;
    m.u.pm_rep.value = value;
    ipc_sendnb(to, &m); // it waits in sendrec; a dead one is gone anyway
}

// Tells VFS about a process event; VFS's answer (status) is returned.
int
tell_vfs(uint32_t type, struct message *m)
{
    if (vfs_ep == ENDPOINT_NONE) {
        vfs_ep = sys_lookup("vfs");
    }
    m->type = type;
    int r = vfs_ep >= 0 ? ipc_sendrec(vfs_ep, m) : -MX_ENOSYS;
    return r != 0 ? r : m->u.vfs_rep.status;
}

// Tells VM about a process event (VM_FORK, VM_EXEC, VM_EXIT); its status.
static int
tell_vm(uint32_t type, endpoint_t ep, endpoint_t ep2)
{
    struct message m = {0};
    if (vm_ep == ENDPOINT_NONE) {
        vm_ep = sys_lookup("vm");
    }
    m.type = type;
    m.u.vm_req.ep = ep;
    m.u.vm_req.ep2 = ep2;
    int r = vm_ep >= 0 ? ipc_sendrec(vm_ep, &m) : -MX_ENOSYS;
    return r != 0 ? r : m.u.vm_rep.status;
}

// ---- exit and wait ----

// A parent blocked in waitpid gets the zombie z, which then goes.
static bool
wake_parent(struct mproc *z)
{
    struct mproc *parent = mp_by_pid(z->ppid);
    if (parent == NULL || parent->state != MP_ALIVE || !parent->waiting ||
        !mp_wait_matches(parent, parent->wait_pid, z)) {
        return false;
    }
    parent->waiting = false;
    reply(parent->ep, z->pid, z->wait_status);
    mp_free(z);
    return true;
}

// p is gone: close its files, take it out of the kernel, keep a zombie.
void
terminate(struct mproc *p, int wait_status)
{
    struct message m = {0};
    m.u.vfs_req.ep = p->ep;
    tell_vfs(VFS_PM_EXIT, &m);
    memset(&m, 0, sizeof(m));
    m.u.clear.ep = p->ep;
    kcall(KC_CLEAR, &m);
    tell_vm(VM_EXIT, p->ep, ENDPOINT_NONE);
    mp_left_slot(p);
    p->state = MP_ZOMBIE;
    p->waiting = false;
    p->wait_status = wait_status;
    mp_reparent_children(p);
    // Zombies handed to init may be reaped at once.
    for (unsigned i = 0; i < PM_RECORDS; i++) {
        if (mproc[i].state == MP_ZOMBIE && mproc[i].ppid == 1 && &mproc[i] != p) {
            wake_parent(&mproc[i]);
        }
    }
    if (p->pid == 1) {
        uprintf("pm: init exited (status %#x)\n", wait_status);
    }
    wake_parent(p);
}

static void
do_exit(struct mproc *p, const struct message *m)
{
    terminate(p, pm_exit_status(m->u.pm_req.arg));
}

static void
do_waitpid(struct mproc *p, const struct message *m)
{
    int pid = m->u.pm_req.pid;
    struct mproc *z = mp_zombie_child(p, pid);

    if (z != NULL) {
        reply(p->ep, z->pid, z->wait_status);
        mp_free(z);
    } else if (!mp_has_child(p, pid)) {
        reply(p->ep, -MX_ECHILD, 0);
    } else if (m->u.pm_req.arg & PM_WNOHANG) {
        reply(p->ep, 0, 0);
    } else {
        p->waiting = true;
        p->wait_pid = pid;
    }
}

// ---- fork and exec ----

static void
do_fork(struct mproc *p)
{
    struct message m = {0};
    m.u.fork.parent = p->ep;
    int r = kcall(KC_FORK, &m);
    if (r != MX_OK) {
        reply(p->ep, r == -MX_ENOMEM ? -MX_EAGAIN : r, 0);
        return;
    }
    endpoint_t child_ep = m.u.fork.child;
    struct mproc *c = mp_add(child_ep, 0, p->pid, false, p->name);
    if (c == NULL) { // a zombie holds the slot: cannot happen, KC_CLEAR freed it
        memset(&m, 0, sizeof(m));
        m.u.clear.ep = child_ep;
        kcall(KC_CLEAR, &m);
        reply(p->ep, -MX_EAGAIN, 0);
        return;
    }
    c->pgid = p->pgid;
    sig_fork(c, p);
    tell_vm(VM_FORK, p->ep, child_ep); // the child's regions: the parent's
    memset(&m, 0, sizeof(m));
    m.u.vfs_req.ep = p->ep;
    m.u.vfs_req.extra = (uint64_t)(int64_t)child_ep;
    tell_vfs(VFS_PM_FORK, &m);
    reply(child_ep, 0, 0);
    reply(p->ep, c->pid, 0);
}

static void
do_exec(struct mproc *p, const struct message *req)
{
    struct message m = {0};
    m.u.vfs_req.ep = p->ep;
    m.u.vfs_req.addr = req->u.pm_req.addr;
    m.u.vfs_req.len = req->u.pm_req.len;
    int r = tell_vfs(VFS_PM_EXEC, &m);
    if (r < 0) {
        reply(p->ep, r, 0);
        return;
    }
    struct kc_exec x = {0};
    x.ep = p->ep;
    x.offset = m.u.vfs_rep.offset;
    x.size = m.u.vfs_rep.size;
    x.frame = req->u.pm_req.frame;
    x.frame_len = req->u.pm_req.frame_len;
    memcpy(x.name, m.u.vfs_rep.name, sizeof(x.name));
    memset(&m, 0, sizeof(m));
    m.u.exec = x;
    if (x.frame_len > PM_FRAME_MAX) {
        r = -MX_E2BIG;
    } else {
        r = kcall(KC_EXEC, &m);
    }
    if (r != MX_OK) {
        reply(p->ep, r, 0);
        return;
    }
    tell_vm(VM_EXEC, p->ep, ENDPOINT_NONE); // regions afresh, from the new image
    memcpy(p->name, x.name, sizeof(p->name));
    p->name[sizeof(p->name) - 1] = '\0';
    sig_exec(p);
}

// ---- signals ----

// Core services cannot be signalled from user space (vm: a restarted VM
// would not know anybody's regions).
static bool
protected_system(const struct mproc *t)
{
    static const char *const core[] = {"pm", "vm", "vfs", "rs", "ds"};
    for (unsigned i = 0; i < sizeof(core) / sizeof(core[0]); i++) {
        if (strncmp(t->name, core[i], sizeof(t->name)) == 0) {
            return true;
        }
    }
    return false;
}

static int
signal_one(struct mproc *t, int sig)
{
    if (t->system) {
        if (protected_system(t)) {
            return -MX_EPERM;
        }
        struct message m = {0};
        m.u.kill.target = t->ep;
        m.u.kill.signal = sig;
        return sig == 0 ? MX_OK : kcall(KC_KILL, &m);
    }
    sig_deliver(t, sig);
    return MX_OK;
}

static void refresh_system(void);

static int
kill_pid(struct mproc *caller, int pid, int sig)
{
    if (sig < 0 || sig >= MX_SIGKPF) {
        return -MX_EINVAL;
    }
    if (pid > 0) {
        refresh_system();
        struct mproc *t = mp_by_pid(pid);
        return t == NULL || t->state != MP_ALIVE ? -MX_ESRCH : signal_one(t, sig);
    }
    int pgid = pid == 0 ? caller->pgid : -pid;
    int hits = 0;
    for (unsigned i = 0; i < PM_RECORDS; i++) {
        struct mproc *t = &mproc[i];
        bool in = t->state == MP_ALIVE && !t->system &&
                  (pid == -1 ? t->pid != 1 && t != caller : t->pgid == pgid);
        if (in) {
            hits++;
            if (t != caller) {
                sig_deliver(t, sig);
            }
        }
    }
    if (hits > 0 && (pid == 0 || caller->pgid == pgid) && caller->state == MP_ALIVE) {
        sig_deliver(caller, sig); // the caller last: it may be ending itself
    }
    return hits > 0 ? MX_OK : -MX_ESRCH;
}

static void
do_kill(struct mproc *p, const struct message *m)
{
    int r = kill_pid(p, m->u.pm_req.pid, m->u.pm_req.arg);
    if (p->state == MP_ALIVE) {
        reply(p->ep, r, 0);
    }
}

// Kernel signals on a user process (a fault, or SIGINT from the tty, which
// goes to the whole process group).
static enum sef_sig_decision
on_kernel_signal(endpoint_t target, int sig)
{
    struct mproc *p = mp_by_ep(target);
    if (p == NULL || p->state != MP_ALIVE) {
        return SEF_SIG_DONE;
    }
    if (sig == MX_SIGINT || sig == MX_SIGQUIT) {
        kill_pid(p, -p->pgid, sig);
    } else {
        sig_deliver(p, sig);
    }
    return p->state == MP_ALIVE ? SEF_SIG_DONE : SEF_SIG_KEEP_STOPPED;
}

// ---- identity ----

static void
do_setpgid(struct mproc *p, const struct message *m)
{
    int pid = m->u.pm_req.pid, pgid = m->u.pm_req.arg;
    struct mproc *t = pid == 0 ? p : mp_by_pid(pid);
    if (t == NULL || t->system || (t != p && t->ppid != p->pid)) {
        reply(p->ep, -MX_ESRCH, 0);
        return;
    }
    if (pgid < 0) {
        reply(p->ep, -MX_EINVAL, 0);
        return;
    }
    t->pgid = pgid == 0 ? t->pid : pgid;
    reply(p->ep, 0, 0);
}

static void
do_getep(struct mproc *p, const struct message *m)
{
    struct mproc *t = mp_by_pid(m->u.pm_req.pid);
    if (t == NULL || t->state != MP_ALIVE) {
        reply(p->ep, -MX_ESRCH, 0);
        return;
    }
    reply(p->ep, 0, t->ep);
}

// Enters system processes the table does not know yet (started by RS, or
// present at boot), and drops records of system processes that are gone.
static void
refresh_system(void)
{
    for (unsigned i = 0; i < PM_RECORDS; i++) {
        uint32_t st;
        if (mproc[i].state == MP_ALIVE && mproc[i].system &&
            sys_proc_state(mproc[i].ep, &st) != MX_OK) {
            mp_free(&mproc[i]);
        }
    }
    for (unsigned slot = 0; slot < PM_SLOTS; slot++) {
        struct message m = {0};
        m.u.getinfo.what = GETINFO_SLOT;
        m.u.getinfo.value[0] = slot;
        if (kcall(KC_GETINFO, &m) == MX_OK && (m.u.getinfo.flags & PRIV_SYSTEM) &&
            mp_by_ep(m.u.getinfo.ep) == NULL) {
            mp_add(m.u.getinfo.ep, 0, 0, true, m.u.getinfo.name);
        }
    }
}

static void
do_procinfo(struct mproc *p, const struct message *req)
{
    refresh_system();
    for (int slot = req->u.pm_req.arg; slot >= 0 && slot < PM_RECORDS; slot++) {
        struct mproc *r = &mproc[slot];
        if (r->state == MP_FREE) {
            continue;
        }
        struct message m = {0};
        m.type = PM_REPLY;
        struct pm_procinfo *pi = &m.u.pm_procinfo;
        pi->status = slot;
        pi->pid = r->pid;
        pi->ep = r->ep;
        pi->ppid = r->ppid;
        pi->pgid = r->pgid;
        pi->state = r->state == MP_ZOMBIE ? PM_ZOMBIE : r->system ? PM_SYSTEM : PM_RUNNING;
        memcpy(pi->name, r->name, sizeof(pi->name));
        struct message g = {0};
        g.u.getinfo.what = GETINFO_PROC;
        g.u.getinfo.ep = r->ep;
        if (r->state == MP_ALIVE && kcall(KC_GETINFO, &g) == MX_OK) {
            pi->kstate = g.u.getinfo.state;
            pi->pages = (uint32_t)g.u.getinfo.value[1];
            memcpy(pi->name, g.u.getinfo.name, sizeof(pi->name));
        }
        ipc_sendnb(p->ep, &m);
        return;
    }
    reply(p->ep, -MX_ESRCH, 0);
}

// ---- main loop ----

static void
dispatch(struct mproc *p, const struct message *m)
{
    switch (m->type) {
    case PM_FORK: do_fork(p); break;
    case PM_EXEC: do_exec(p, m); break;
    case PM_EXIT: do_exit(p, m); break;
    case PM_WAITPID: do_waitpid(p, m); break;
    case PM_KILL: do_kill(p, m); break;
    case PM_GETPID: reply(p->ep, p->pid, p->ppid); break;
    case PM_SIGACTION: do_sigaction(p, m); break;
    case PM_SETPGID: do_setpgid(p, m); break;
    case PM_GETEP: do_getep(p, m); break;
    case PM_PROCINFO: do_procinfo(p, m); break;
    case PM_SIGRETURN: do_sigreturn(p, m); break;
    default: reply(p->ep, -MX_ENOSYS, 0); break;
    }
}

// At boot: init (pid 1) and any other user process PM manages.
static int
init_fresh(const struct sef_init_info *info)
{
    (void)info;
    mp_init();
    endpoint_t self = sef_self();
    for (unsigned slot = 0; slot < PM_SLOTS; slot++) {
        struct message m = {0};
        m.u.getinfo.what = GETINFO_SLOT;
        m.u.getinfo.value[0] = slot;
        if (kcall(KC_GETINFO, &m) != MX_OK || m.u.getinfo.sig_mgr != self) {
            continue;
        }
        bool is_init = strncmp(m.u.getinfo.name, "init", sizeof(m.u.getinfo.name)) == 0;
        mp_add(m.u.getinfo.ep, is_init ? 1 : 0, is_init ? 0 : 1, false, m.u.getinfo.name);
    }
    refresh_system();
    return 0;
}

int
main(void)
{
    struct message m;

    sef_setcb_init_fresh(init_fresh);
    sef_setcb_signal_manager(on_kernel_signal);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != 0) {
            continue;
        }
        if (m.type == MSG_NOTIFY) {
            if (m.source == ENDPOINT_CLOCK && sig_retry_all()) {
                sys_setalarm(1, NULL); // signals still wait for their handlers
            }
            continue;
        }
        struct mproc *p = mp_by_ep(m.source);
        if (p == NULL || p->system || p->state != MP_ALIVE) {
            if (p == NULL || p->state == MP_ALIVE) {
                reply(m.source, -MX_EPERM, 0); // PM serves user processes
            }
            continue;
        }
        pm_serving = p;
        dispatch(p, &m);
        pm_serving = NULL;
        sig_try(p); // signals that came while PM was serving p
        if (sig_retry_all()) {
            sys_setalarm(1, NULL);
        }
    }
}
