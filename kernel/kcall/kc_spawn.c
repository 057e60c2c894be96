// KC_SPAWN: RS starts a service from its boot-image module, either as a new
// process or by reloading a stopped one in place so that it keeps its
// endpoint (crash recovery). Only a process's own signal manager may
// reload it, and only while it is stopped (or with SPAWN_FORCE); with
// SPAWN_KEEP the reloaded image keeps its keep segment (DS's store).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../bootimage.h"
#include "../console.h"
#include "../proc.h"
#include "../task.h"

static int
reload(struct proc *caller, const struct bootimage_entry *e, endpoint_t ep, uint32_t flags)
{
    struct proc *p = proc_lookup(ep);
    const char *why = NULL;

    if (p == NULL) {
        return -MX_ESRCH;
    }
    if (p->priv.sig_mgr != caller->ep) {
        return -MX_EPERM;
    }
    if (!(flags & SPAWN_FORCE) && !(p->rts & (RTS_SIG_PENDING | RTS_STOPPED | RTS_NEW))) {
        return -MX_EBUSY; // running: stop it (kill) first
    }
    int r = task_reload(p, (const void *)(uintptr_t)e->data, (size_t)e->size,
                        (flags & SPAWN_KEEP) != 0, &why);
    if (r != MX_OK) {
        kprintf("spawn: cannot reload %.16s: %s\n", e->name, why);
    }
    return r;
}

int
kc_spawn(struct proc *caller, struct message *m)
{
    struct kc_spawn *s = &m->u.spawn;
    const char *why = NULL;

    s->module[sizeof(s->module) - 1] = '\0';
    const struct bootimage_entry *e = bootimage_find(s->module);
    if (e == NULL) {
        return -MX_ENOENT;
    }
    struct proc *p;
    if (s->keep_ep != ENDPOINT_NONE) {
        int r = reload(caller, e, s->keep_ep, s->start);
        if (r != MX_OK) {
            return r;
        }
        p = proc_lookup(s->keep_ep);
    } else {
        p = task_create_from_elf(e->name, (const void *)(uintptr_t)e->data, (size_t)e->size, &why);
        if (p == NULL) {
            kprintf("spawn: cannot start %.16s: %s\n", e->name, why);
            return -MX_ENOMEM;
        }
        bootimage_apply_privileges(p, e);
        p->priv.sig_mgr = caller->ep;
        // A manager and the process it manages may always talk.
        priv_allow_send(&p->priv, caller->slot);
        priv_allow_send(&caller->priv, p->slot);
    }
    if (bootimage_map_bootfs(p, e) != MX_OK) {
        kprintf("spawn: no memory to map the boot file system for %.16s\n", e->name);
    }
    s->ep = p->ep;
    if (s->start & SPAWN_START) {
        proc_clear_flags(p, RTS_NEW);
    }
    return MX_OK;
}
