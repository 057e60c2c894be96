// PM's POSIX signal delivery to user processes: ignored signals, default
// actions (terminate; a few are ignored), and handlers. A handler runs
// when the kernel pushes a signal frame (KC_SIGSEND); that needs the
// process out of any IPC call, so PM first ends a call it is blocked in:
// its own waitpid (EINTR), or a VFS call (VFS_PM_SIGNAL makes VFS answer
// EINTR). A signal PM cannot hand over yet stays pending and is retried
// after PM's reply to the process and on PM's clock alarm.
#include <string.h>

#include <mirv/errors.h>
#include <mirv/signal.h>
#include <mirv/vfs.h>

#include "pm.h"
#include "syslib.h"

bool sig_any_pending; // some process may have pending caught signals

// Ignored unless caught. There is no job control yet, so the stop and
// continue signals are ignored too.
static bool
ignored_by_default(int sig)
{
    return sig == MX_SIGCHLD || sig == MX_SIGWINCH || sig == MX_SIGURG ||
           (sig >= MX_SIGSTOP && sig <= MX_SIGCONT) || sig == MX_SIGTTIN || sig == MX_SIGTTOU;
}

void
sig_deliver(struct mproc *p, int sig)
{
    if (p->state != MP_ALIVE || sig <= 0 || sig >= MX_NSIG) {
        return;
    }
    uint64_t bit = mx_sigbit(sig);
    if (sig != MX_SIGKILL && (p->ignored & bit)) {
        return;
    }
    if (sig != MX_SIGKILL && (p->caught & bit)) {
        p->pending |= bit;
        sig_any_pending = true;
        sig_try(p);
        return;
    }
    if (!ignored_by_default(sig)) {
        terminate(p, pm_signal_status(sig));
    }
}

static int
sigsend(struct mproc *p, int sig)
{
    struct message m = {0};
    m.u.sigsend.ep = p->ep;
    m.u.sigsend.sig = sig;
    m.u.sigsend.handler = p->handler[sig];
    m.u.sigsend.trampoline = p->trampoline;
    return kcall(KC_SIGSEND, &m);
}

// Hands signal sig to p's handler: MX_OK, -MX_EBUSY (try later), or an
// error (the stack cannot take the frame).
static int
hand_over(struct mproc *p, int sig)
{
    if (p->waiting) { // blocked in PM's waitpid: that call fails with EINTR
        p->waiting = false;
        reply(p->ep, -MX_EINTR, 0);
    }
    int r = sigsend(p, sig);
    if (r == -MX_EBUSY) { // maybe blocked in VFS (a tty read): interrupt it
        struct message m = {0};
        m.u.vfs_req.ep = p->ep;
        tell_vfs(VFS_PM_SIGNAL, &m);
        r = sigsend(p, sig);
    }
    return r;
}

void
sig_try(struct mproc *p)
{
    while (p->state == MP_ALIVE && p->pending != 0 && p != pm_serving) {
        int sig = __builtin_ctzll(p->pending);
        int r = hand_over(p, sig);
        if (r == -MX_EBUSY) {
            return; // in some other call: the alarm retries
        }
        p->pending &= ~mx_sigbit(sig);
        if (r != MX_OK) {
            uprintf("pm: cannot run %s's handler for signal %d (%d): killed\n", p->name, sig,
                    r);
            terminate(p, pm_signal_status(sig));
        }
    }
}

bool
sig_retry_all(void)
{
    bool left = false;
    if (!sig_any_pending) {
        return false;
    }
    for (unsigned i = 0; i < PM_RECORDS; i++) {
        if (mproc[i].state == MP_ALIVE && mproc[i].pending != 0) {
            sig_try(&mproc[i]);
            left |= mproc[i].pending != 0;
        }
    }
    sig_any_pending = left;
    return left;
}

void
do_sigaction(struct mproc *p, const struct message *m)
{
    int sig = m->u.pm_req.arg, how = m->u.pm_req.pid;
    bool fixed = sig == MX_SIGKILL || sig == MX_SIGSTOP;
    if (sig <= 0 || sig >= PM_NSIG || (fixed && how >= 0) || how > PM_SIG_HANDLER ||
        (how == PM_SIG_HANDLER && (m->u.pm_req.addr == 0 || m->u.pm_req.frame == 0))) {
        reply(p->ep, -MX_EINVAL, 0); // SIGKILL and SIGSTOP cannot be changed
        return;
    }
    uint64_t bit = mx_sigbit(sig);
    int old = (p->ignored & bit) ? PM_SIG_IGN : (p->caught & bit) ? PM_SIG_HANDLER : PM_SIG_DFL;
    uint64_t old_handler = p->handler[sig];
    if (how >= 0) {
        p->ignored &= ~bit;
        p->caught &= ~bit;
        p->pending &= ~bit;
        p->ignored |= how == PM_SIG_IGN ? bit : 0;
        p->caught |= how == PM_SIG_HANDLER ? bit : 0;
        p->handler[sig] = how == PM_SIG_HANDLER ? m->u.pm_req.addr : 0;
        p->trampoline = how == PM_SIG_HANDLER ? m->u.pm_req.frame : p->trampoline;
    }
    struct message r = {0};
    r.type = PM_REPLY;
    r.u.pm_rep.value = old;
    r.u.pm_rep.handler = old_handler;
    ipc_sendnb(p->ep, &r);
}

void
do_sigreturn(struct mproc *p, const struct message *m)
{
    struct message k = {0};
    k.u.sigreturn.ep = p->ep;
    k.u.sigreturn.frame = m->u.pm_req.addr;
    int r = kcall(KC_SIGRETURN, &k);
    if (r != MX_OK) {
        uprintf("pm: %s returned from a handler with a bad frame (%d): killed\n", p->name, r);
        terminate(p, pm_signal_status(MX_SIGSEGV));
    }
}

void
sig_exec(struct mproc *p)
{
    p->caught = 0;
    p->pending = 0;
    memset(p->handler, 0, sizeof(p->handler));
    p->trampoline = 0;
}

void
sig_fork(struct mproc *child, const struct mproc *parent)
{
    child->ignored = parent->ignored;
    child->caught = parent->caught;
    child->pending = 0;
    memcpy(child->handler, parent->handler, sizeof(child->handler));
    child->trampoline = parent->trampoline;
}
