// KC_CLEAR: a signal manager ends a process it manages, without the console
// message a SIGKILL prints (PM reaping a process that exited or was killed).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../proc.h"
#include "../task.h"

int
kc_clear(struct proc *caller, struct message *m)
{
    struct proc *p = proc_lookup(m->u.clear.ep);

    if (p == NULL) {
        return -MX_ESRCH;
    }
    if (p->priv.sig_mgr != caller->ep || p == caller) {
        return -MX_EPERM;
    }
    task_destroy(p);
    return MX_OK;
}
