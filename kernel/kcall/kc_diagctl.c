// KC_DIAGCTL: prints up to DIAG_MAX bytes from the caller's memory on the
// kernel console (system processes' diagnostics before a tty exists).
#include "../kcall.h"

#include <mirv/errors.h>

#include "../console.h"
#include "../proc.h"

enum { DIAG_MAX = 1024 };

int
kc_diagctl(struct proc *caller, struct message *m)
{
    const struct kc_diagctl *d = &m->u.diagctl;
    char buf[DIAG_MAX];

    if (d->len > DIAG_MAX) {
        return -MX_E2BIG;
    }
    if (arch_copy_from_user(caller->as_root, buf, d->va, d->len) != 0) {
        return -MX_EFAULT;
    }
    for (uint32_t i = 0; i < d->len; i++) {
        console_putc(buf[i]);
    }
    return MX_OK;
}
