// KC_ABORT: stops the machine (power-off for code 0, else exit status code).
#include "../kcall.h"

#include "../arch.h"
#include "../console.h"
#include "../proc.h"

int
kc_abort(struct proc *caller, struct message *m)
{
    int code = m->u.abort.code;

    kprintf("system stopped by %s (ep %d), code %d\n", caller->name, caller->ep, code);
    arch_halt(code < 0 || code > 255 ? 1 : code);
}
