// KC_FORK: PM copies a user process it manages (fork). The parent must be
// waiting in sendrec for PM's reply; the child is made to wait for the same
// reply, so PM answers both (the child pid to one, 0 to the other).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../console.h"
#include "../ipc.h"
#include "../proc.h"
#include "../task.h"

int
kc_fork(struct proc *caller, struct message *m)
{
    struct kc_fork *f = &m->u.fork;
    int err = MX_OK;
    struct proc *parent = kcall_managed_user(caller, f->parent, true, &err);
    const char *why = NULL;

    if (parent == NULL) {
        return err;
    }
    struct proc *child = task_fork(parent, &why);
    if (child == NULL) {
        return why[0] == 'p' ? -MX_EAGAIN : -MX_ENOMEM;
    }
    if (ipc_fork_wait(child, parent) != MX_OK) {
        task_destroy(child);
        return -MX_EFAULT;
    }
    proc_clear_flags(child, RTS_NEW);
    f->child = child->ep;
    return MX_OK;
}
