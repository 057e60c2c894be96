// KC_ENDKSIG: a signal manager has handled a process's signals; the process
// may run again (unless new signals arrived). Only its own manager may.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../proc.h"
#include "../signal.h"

int
kc_endksig(struct proc *caller, struct message *m)
{
    struct proc *target = proc_lookup(m->u.endksig.target);

    if (target == NULL) {
        return -MX_ESRCH;
    }
    return sig_end(caller, target, m->u.endksig.forward);
}
