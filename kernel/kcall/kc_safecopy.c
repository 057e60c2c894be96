// KC_SAFECOPY: a copy from or to a grant the caller holds, or a vector of
// them (kernel/grant.c checks the grants and does the copies).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../grant.h"

int
kc_safecopy(struct proc *caller, struct message *m)
{
    struct kc_safecopy *s = &m->u.safecopy;

    s->done = 0;
    if (s->op == SAFECOPY_VEC) {
        return grant_vsafecopy(caller, s->addr, s->size, &s->done);
    }
    return grant_safecopy(caller, s->op, s->granter, s->id, s->offset, s->addr, s->size);
}
