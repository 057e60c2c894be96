// KC_GETKSIG: a signal manager fetches the next process it manages that has
// signals (ENDPOINT_NONE when there is none left) and that process's set.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../proc.h"
#include "../signal.h"

int
kc_getksig(struct proc *caller, struct message *m)
{
    struct kc_getksig *g = &m->u.getksig;
    struct proc *p = sig_fetch(caller, &g->signals);

    g->ep = p != NULL ? p->ep : ENDPOINT_NONE;
    if (p == NULL) {
        g->signals = 0;
    }
    return MX_OK;
}
