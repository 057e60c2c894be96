// KC_KILL: raises a signal on a process. With a signal manager, the signal
// goes to it (sig_cause); a process without one takes the default action
// here: it is terminated and the console says so.
#include "../kcall.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "../console.h"
#include "../ipc.h"
#include "../proc.h"
#include "../signal.h"
#include "../task.h"

enum { NSIG_MAX = 64 };

int
kc_kill(struct proc *caller, struct message *m)
{
    const struct kc_kill *k = &m->u.kill;
    struct proc *target = proc_lookup(k->target);

    if (k->signal <= 0 || k->signal >= NSIG_MAX) {
        return -MX_EINVAL;
    }
    if (target == NULL) {
        return -MX_ESRCH;
    }
    if (k->signal == MX_SIGKILL && target->priv.sig_mgr == caller->ep) {
        // A manager's own SIGKILL is final (RS taking a service down).
        kprintf("%s (ep %d) stopped for good by %s\n", target->name, target->ep, caller->name);
        task_destroy(target);
        return MX_OK;
    }
    if (proc_lookup(target->priv.sig_mgr) != NULL && target->priv.sig_mgr != target->ep) {
        sig_cause(target, k->signal);
        return target == caller ? IPC_SUSPENDED : MX_OK;
    }
    kprintf("%s (ep %d) killed by signal %d from %s\n", target->name, target->ep, k->signal,
            caller->name);
    task_destroy(target);
    return target == caller ? IPC_SUSPENDED : MX_OK;
}
