// KC_IRQCTL: a driver owns an interrupt line (REGISTER), unmasks it after
// serving its device (ENABLE), masks it (DISABLE) or gives it up (RELEASE).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../irq.h"

int
kc_irqctl(struct proc *caller, struct message *m)
{
    const struct kc_irqctl *c = &m->u.irqctl;

    switch (c->op) {
    case IRQCTL_REGISTER:
        return irq_register(caller, c->line, c->hook);
    case IRQCTL_ENABLE:
        return irq_enable(caller, c->hook, true);
    case IRQCTL_DISABLE:
        return irq_enable(caller, c->hook, false);
    case IRQCTL_RELEASE:
        return irq_release(caller, c->hook);
    default:
        return -MX_EINVAL;
    }
}
