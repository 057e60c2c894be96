// Routing of signals to signal managers (see signal.h). Unlike MINIX, the
// manager is authenticated on endksig (only the target's own manager may
// release it), and a process without a manager is never silently resumed.
#include "signal.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "console.h"
#include "ipc.h"
#include "proc.h"

void
sig_send(struct proc *p, int sig)
{
    p->sig_self |= mx_sigbit(sig);
    ipc_notify_kernel(p, KSRC_SYSTEM);
}

void
sig_cause(struct proc *p, int sig)
{
    struct proc *mgr = proc_lookup(p->priv.sig_mgr);

    if (mgr == NULL || mgr == p) {
        // No manager to hand it to (or a self-managed process hit a fault):
        // stop it; the console already says why.
        kprintf("%s (ep %d): signal %d with no signal manager; stopped\n", p->name, p->ep, sig);
        proc_set_flags(p, RTS_STOPPED);
        return;
    }
    p->sig_pending |= mx_sigbit(sig);
    if (!(p->rts & RTS_SIGNALED)) {
        proc_set_flags(p, RTS_SIGNALED | RTS_SIG_PENDING);
        sig_send(mgr, MX_SIGKSIG);
    }
}

struct proc *
sig_fetch(struct proc *mgr, uint64_t *signals)
{
    for (unsigned i = 0; i < NR_PROCS; i++) {
        struct proc *p = proc_at(i);
        if (!(p->rts & RTS_SLOT_FREE) && (p->rts & RTS_SIGNALED) && p->priv.sig_mgr == mgr->ep) {
            *signals = p->sig_pending;
            p->sig_pending = 0;
            p->rts &= ~RTS_SIGNALED; // still stopped: SIG_PENDING stays
            return p;
        }
    }
    return NULL;
}

int
sig_end(struct proc *mgr, struct proc *target, uint64_t forward)
{
    if (target->priv.sig_mgr != mgr->ep) {
        return -MX_EPERM;
    }
    if (!(target->rts & RTS_SIG_PENDING)) {
        return -MX_EINVAL;
    }
    if (forward != 0) {
        target->sig_self |= forward;
        ipc_notify_kernel(target, KSRC_SYSTEM);
    }
    if (target->rts & RTS_SIGNALED) {
        return MX_OK; // new signals arrived meanwhile: stays stopped for them
    }
    proc_clear_flags(target, RTS_SIG_PENDING);
    return MX_OK;
}
