// KC_TIMES: tick counts of a process (ep, or the caller if ENDPOINT_NONE).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../clock.h"
#include "../proc.h"

int
kc_times(struct proc *caller, struct message *m)
{
    struct kc_times *t = &m->u.times;
    struct proc *p = t->ep == ENDPOINT_NONE ? caller : proc_lookup(t->ep);

    if (p == NULL) {
        return -MX_ESRCH;
    }
    t->ep = p->ep;
    t->user_ticks = p->user_ticks;
    t->kernel_ticks = p->kernel_ticks;
    t->uptime_ticks = clock_ticks();
    return MX_OK;
}
