// KC_SIGSEND: PM makes a user process run a signal handler. The process's
// registers go into a struct mx_sigframe pushed on its own stack (through
// the fault-safe user copy: a bad stack is EFAULT, never a kernel fault),
// then it is set to call handler(sig) and return into the trampoline.
#include "../kcall.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "../arch.h"
#include "../ipc.h"
#include "../proc.h"

int
kc_sigsend(struct proc *caller, struct message *m)
{
    const struct kc_sigsend *s = &m->u.sigsend;
    int err = MX_OK;
    struct proc *p = kcall_managed_user(caller, s->ep, false, &err);
    struct mx_sigframe f = {0};

    if (p == NULL) {
        return err;
    }
    if (s->sig <= 0 || s->sig >= MX_NSIG || s->handler >= ARCH_USER_VA_END ||
        s->trampoline >= ARCH_USER_VA_END) {
        return -MX_EINVAL;
    }
    if (p->rts & (RTS_SENDING | RTS_RECEIVING)) {
        return -MX_EBUSY; // in an IPC call: its peer must end it first
    }
    ipc_finish_copyout(p); // a reply not yet in its buffer goes there first
    f.magic = MX_SIGFRAME_MAGIC;
    f.sig = s->sig;
    arch_context_get_user(&p->ctx, f.regs, &f.pc);
    uint64_t sp = arch_context_sp(&p->ctx);
    uint64_t at = (sp - sizeof(f)) & ~(uint64_t)15;
    if (sp < sizeof(f) || at >= ARCH_USER_VA_END ||
        arch_copy_to_user(p->as_root, at, &f, sizeof(f)) != 0) {
        return -MX_EFAULT;
    }
    arch_context_call(&p->ctx, s->handler, at, (uint64_t)s->sig, at, s->trampoline);
    return MX_OK;
}
