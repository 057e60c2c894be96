// KC_EXIT: the caller ends itself; its waiters are released with
// MX_EDEADSRCDST and its slot freed. No reply is sent.
#include "../kcall.h"

#include "../console.h"
#include "../ipc.h"
#include "../proc.h"
#include "../task.h"

int
kc_exit(struct proc *caller, struct message *m)
{
    kprintf("%s (ep %d) exited with status %d\n", caller->name, caller->ep, m->u.exit.code);
    task_destroy(caller);
    return IPC_SUSPENDED;
}
