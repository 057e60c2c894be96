// KC_SIGRETURN: a user process's signal handler is done (its trampoline
// asked PM); the registers saved in its signal frame come back. Only user
// registers and pc are taken from the frame, so a forged frame can do no
// more than the process could by itself.
#include "../kcall.h"

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "../arch.h"
#include "../ipc.h"
#include "../proc.h"

int
kc_sigreturn(struct proc *caller, struct message *m)
{
    const struct kc_sigreturn *r = &m->u.sigreturn;
    int err = MX_OK;
    struct proc *p = kcall_managed_user(caller, r->ep, true, &err);
    struct mx_sigframe f;

    if (p == NULL) {
        return err;
    }
    if (r->frame >= ARCH_USER_VA_END ||
        arch_copy_from_user(p->as_root, &f, r->frame, sizeof(f)) != 0) {
        return -MX_EFAULT;
    }
    if (f.magic != MX_SIGFRAME_MAGIC) {
        return -MX_EINVAL;
    }
    ipc_drop_reply(p);
    arch_context_set_user(&p->ctx, f.regs, f.pc);
    return MX_OK;
}
