// KC_SETGRANT: registers (or, with 0 entries, removes) the caller's grant
// table; the checking is in kernel/grant.c.
#include "../kcall.h"

#include "../grant.h"

int
kc_setgrant(struct proc *caller, struct message *m)
{
    const struct kc_setgrant *s = &m->u.setgrant;

    return grant_set_table(caller, s->table, s->entries);
}
