// Kernel-call dispatch through a table indexed by call number.
#include "kcall.h"

#include <mirv/errors.h>

#include "ipc.h"
#include "kmem.h"
#include "proc.h"

typedef int (*kcall_fn)(struct proc *caller, struct message *m);

static const kcall_fn handlers[KC_COUNT] = {
    [KC_GETINFO - KC_BASE] = kc_getinfo,   [KC_PRIVCTL - KC_BASE] = kc_privctl,
    [KC_EXIT - KC_BASE] = kc_exit,         [KC_KILL - KC_BASE] = kc_kill,
    [KC_SETALARM - KC_BASE] = kc_setalarm, [KC_TIMES - KC_BASE] = kc_times,
    [KC_VIRCOPY - KC_BASE] = kc_vircopy,   [KC_ABORT - KC_BASE] = kc_abort,
    [KC_DIAGCTL - KC_BASE] = kc_diagctl,   [KC_GETKSIG - KC_BASE] = kc_getksig,
    [KC_ENDKSIG - KC_BASE] = kc_endksig,   [KC_SPAWN - KC_BASE] = kc_spawn,
    [KC_VMCTL - KC_BASE] = kc_vmctl,       [KC_UPDATE - KC_BASE] = kc_update,
    [KC_FORK - KC_BASE] = kc_fork,         [KC_EXEC - KC_BASE] = kc_exec,
    [KC_CLEAR - KC_BASE] = kc_clear,       [KC_SIGSEND - KC_BASE] = kc_sigsend,
    [KC_SIGRETURN - KC_BASE] = kc_sigreturn,
    [KC_IRQCTL - KC_BASE] = kc_irqctl,     [KC_DEVMAP - KC_BASE] = kc_devmap,
    [KC_SETGRANT - KC_BASE] = kc_setgrant, [KC_SAFECOPY - KC_BASE] = kc_safecopy,
};

struct proc *
kcall_managed_user(const struct proc *caller, endpoint_t ep, bool awaiting, int *err)
{
    struct proc *p = proc_lookup(ep);

    if (p == NULL) {
        *err = -MX_ESRCH;
    } else if (p->priv.sig_mgr != caller->ep || (p->priv.flags & PRIV_SYSTEM) || p == caller) {
        *err = -MX_EPERM;
    } else if (awaiting && !ipc_awaits_reply_from(p, caller->ep)) {
        *err = -MX_EBUSY;
    } else {
        return p;
    }
    return NULL;
}

int
kcall_from_user(struct proc *caller, uint64_t va)
{
    int status;
    return kcall_from_user_status(caller, va, &status);
}

int
kcall_from_user_status(struct proc *caller, uint64_t va, int *status_out)
{
    struct message m;
    // The caller is the current address space: the unrolled message copy
    // serves the usual aligned buffer, the general copy any other.
    int r = (va & 7) == 0 ? arch_copy_msg_from_current(&m, va)
                          : arch_copy_from_user(caller->as_root, &m, va, sizeof(m));

    if (r != 0 || arch_check_user(caller->as_root, va, sizeof(m), true) != 0) {
        return -MX_EFAULT;
    }
    int status;
    if (m.type < KC_BASE || m.type >= KC_BASE + KC_COUNT || handlers[m.type - KC_BASE] == NULL) {
        status = -MX_ENOSYS;
    } else if (!priv_may_call(&caller->priv, m.type, KC_BASE, KC_COUNT)) {
        status = -MX_ECALLDENIED;
    } else {
        status = handlers[m.type - KC_BASE](caller, &m);
        if (status == IPC_SUSPENDED) {
            return IPC_SUSPENDED; // exited, or waits for memory (kmem.h)
        }
    }
    if (caller->kmem_rounds != 0) {
        kmem_call_done(caller); // the call that waited for memory is over
    }
    m.source = ENDPOINT_SYSTEM;
    m.u.reply.status = status;
    *status_out = status;
    return (va & 7) == 0 ? arch_copy_msg_to_current(va, &m)
                         : arch_copy_to_user(caller->as_root, va, &m, sizeof(m));
}
