// KC_GETINFO: the caller's own endpoint and name, another process's state
// (by endpoint, or by name when ep is ENDPOINT_NONE), machine facts, or a
// device for its driver.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../arch.h"
#include "../bootimage.h"
#include "../clock.h"
#include "../devmem.h"
#include "../klib.h"
#include "../proc.h"

_Static_assert((int)PSTATE_SENDING == (int)RTS_SENDING && (int)PSTATE_RECEIVING == (int)RTS_RECEIVING &&
                   (int)PSTATE_STOPPED == (int)RTS_STOPPED && (int)PSTATE_NEW == (int)RTS_NEW &&
                   (int)PSTATE_SIGNALED == (int)RTS_SIGNALED && (int)PSTATE_SIG_PENDING == (int)RTS_SIG_PENDING &&
                   (int)PSTATE_PAGEFAULT == (int)RTS_PAGEFAULT && (int)PSTATE_KMEM == (int)RTS_KMEM,
               "getinfo states are the rts flags");

static void
describe(struct kc_getinfo *gi, const struct proc *p)
{
    gi->ep = p->ep;
    gi->state = p->rts;
    gi->value[0] = p->slot;
    gi->value[1] = p->as_root != 0 ? arch_as_pages(p->as_root) : 0;
    kstrlcpy(gi->name, p->name, sizeof(gi->name));
    gi->sig_mgr = p->priv.sig_mgr;
    gi->flags = p->priv.flags;
}

int
kc_getinfo(struct proc *caller, struct message *m)
{
    struct kc_getinfo *gi = &m->u.getinfo;
    struct proc *p;

    switch (gi->what) {
    case GETINFO_SELF:
        describe(gi, caller);
        return MX_OK;
    case GETINFO_PROC:
        gi->name[sizeof(gi->name) - 1] = '\0';
        p = gi->ep == ENDPOINT_NONE ? proc_find_by_name(gi->name) : proc_lookup(gi->ep);
        if (p == NULL) {
            return -MX_ESRCH;
        }
        describe(gi, p);
        return MX_OK;
    case GETINFO_SLOT:
        p = gi->value[0] < NR_PROCS ? proc_at((unsigned)gi->value[0]) : NULL;
        if (p == NULL || (p->rts & RTS_SLOT_FREE)) {
            return -MX_ESRCH;
        }
        describe(gi, p);
        return MX_OK;
    case GETINFO_BOOTFS:
        gi->value[1] = (uint64_t)(bootfs_end - bootfs_start);
        gi->value[0] = gi->value[1] != 0 &&
                               arch_check_user(caller->as_root, BOOTFS_VA, 1, false) == MX_OK
                           ? BOOTFS_VA
                           : 0;
        return MX_OK;
    case GETINFO_DEVICE:
        return devmem_describe(&m->u.devinfo);
    case GETINFO_MACHINE:
        gi->value[0] = clock_ticks();
        gi->value[1] = clock_hz();
        return MX_OK;
    default:
        return -MX_EINVAL;
    }
}
