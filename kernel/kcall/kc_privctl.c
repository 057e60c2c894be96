// KC_PRIVCTL: sets a process's privileges (IPC targets, kernel calls,
// signal manager, flags). Only callers allowed this call (RS) get here.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../proc.h"

int
kc_privctl(struct proc *caller, struct message *m)
{
    const struct kc_privctl *pc = &m->u.privctl;
    struct proc *target = proc_lookup(pc->target);

    (void)caller;
    if (target == NULL) {
        return -MX_ESRCH;
    }
    if ((pc->kcall_mask & ~(uint64_t)KCALL_MASK_ALL) != 0) {
        return -MX_EINVAL;
    }
    target->priv.kcall_mask = pc->kcall_mask;
    for (unsigned w = 0; w < IPC_MASK_WORDS; w++) {
        target->priv.ipc_to[w] = pc->ipc_to[w];
    }
    target->priv.sig_mgr = pc->sig_mgr;
    target->priv.flags = pc->flags;
    return MX_OK;
}
