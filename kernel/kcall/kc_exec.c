// KC_EXEC: PM replaces a user process's program with an ELF file from the
// boot file system. The file is read where the boot image holds it (no
// copy through PM); the stack frame comes from the process's own memory.
// On success the process starts afresh and its exec call is never answered.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../bootimage.h"
#include "../ipc.h"
#include "../klib.h"
#include "../proc.h"
#include "../task.h"

int
kc_exec(struct proc *caller, struct message *m)
{
    struct kc_exec *x = &m->u.exec;
    int err = MX_OK;
    struct proc *p = kcall_managed_user(caller, x->ep, true, &err);
    uint64_t fs_size = (uint64_t)(bootfs_end - bootfs_start);
    const char *why = NULL;

    if (p == NULL) {
        return err;
    }
    if (x->offset > fs_size || x->size > fs_size - x->offset) {
        return -MX_EINVAL;
    }
    int r = task_exec(p, bootfs_start + x->offset, (size_t)x->size, x->frame, x->frame_len, &why);
    if (r != MX_OK) {
        return r;
    }
    x->name[sizeof(x->name) - 1] = '\0';
    if (x->name[0] != '\0') {
        memcpy(p->name, x->name, sizeof(p->name));
    }
    ipc_drop_reply(p);
    return MX_OK;
}
