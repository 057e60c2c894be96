// Starting the boot processes from the packed boot image.
#include "bootimage.h"

#include <mirv/errors.h>
#include <mirv/kcall.h>

#include "arch.h"

#include "console.h"
#include "klib.h"
#include "priv.h"
#include "proc.h"
#include "sched.h"
#include "task.h"

enum { BOOTIMAGE_MAX = 64 };

// 'all' in the spec: every slot, so processes made later (fork, RS) too.
static void
allow_all(struct proc *p, const struct bootimage_entry *e)
{
    for (unsigned slot = 0; (e->flags & BOOTIMAGE_IPC_ALL) && slot < NR_PROCS; slot++) {
        priv_allow_send(&p->priv, slot);
    }
}

static void
grant_privileges(struct proc *p, const struct bootimage_entry *e, struct proc *const *by_index,
                 unsigned count)
{
    p->priv.kcall_mask = e->kcall_mask & KCALL_MASK_ALL;
    p->priv.flags = (e->flags & BOOTIMAGE_SYSTEM) ? PRIV_SYSTEM : 0;
    allow_all(p, e);
    for (unsigned j = 0; j < count && j < 64; j++) {
        if ((e->ipc_mask >> j & 1) && by_index[j] != NULL) {
            priv_allow_send(&p->priv, by_index[j]->slot);
        }
    }
    if (e->sig_mgr >= 0 && (unsigned)e->sig_mgr < count && by_index[e->sig_mgr] != NULL) {
        p->priv.sig_mgr = by_index[e->sig_mgr]->ep;
    }
}

const struct bootimage_entry *
bootimage_find(const char *name)
{
    for (unsigned i = 0; bootimage.magic == BOOTIMAGE_MAGIC && i < bootimage.count; i++) {
        if (strncmp(bootimage.entry[i].name, name, BOOTIMAGE_NAME_LEN) == 0) {
            return &bootimage.entry[i];
        }
    }
    return NULL;
}

void
bootimage_apply_privileges(struct proc *p, const struct bootimage_entry *e)
{
    p->priv.kcall_mask = e->kcall_mask & KCALL_MASK_ALL;
    p->priv.flags = (e->flags & BOOTIMAGE_SYSTEM) ? PRIV_SYSTEM : 0;
    allow_all(p, e);
    for (unsigned j = 0; j < bootimage.count && j < 64; j++) {
        struct proc *q =
            (e->ipc_mask >> j & 1) ? proc_find_by_name(bootimage.entry[j].name) : NULL;
        if (q != NULL) {
            priv_allow_send(&p->priv, q->slot);
        }
    }
}

int
bootimage_map_bootfs(struct proc *p, const struct bootimage_entry *e)
{
    uint64_t size = (uint64_t)(bootfs_end - bootfs_start);

    if (!(e->flags & BOOTIMAGE_BOOTFS)) {
        return MX_OK;
    }
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        int r = arch_as_map(p->as_root, BOOTFS_VA + off, (paddr_t)(uintptr_t)bootfs_start + off,
                            AS_R | AS_BORROWED);
        if (r != MX_OK) {
            return r;
        }
    }
    return MX_OK;
}

unsigned
bootimage_start(void)
{
    struct proc *by_index[BOOTIMAGE_MAX] = {0};
    unsigned count = bootimage.count, started = 0;

    if (bootimage.magic != BOOTIMAGE_MAGIC || count > BOOTIMAGE_MAX) {
        kprintf("boot image: bad header, no boot processes\n");
        return 0;
    }
    for (unsigned i = 0; i < count; i++) {
        const struct bootimage_entry *e = &bootimage.entry[i];
        const char *why = NULL;
        if (e->flags & BOOTIMAGE_MODULE_ONLY) {
            continue;
        }
        by_index[i] = task_create_from_elf(e->name, (const void *)(uintptr_t)e->data,
                                           (size_t)e->size, &why);
        if (by_index[i] == NULL) {
            kprintf("boot image: refusing %.16s: %s\n", e->name, why);
        } else if (bootimage_map_bootfs(by_index[i], e) != MX_OK) {
            kprintf("boot image: no memory to map the boot file system for %.16s\n", e->name);
        }
    }
    for (unsigned i = 0; i < count; i++) {
        struct proc *p = by_index[i];
        if (p == NULL) {
            continue;
        }
        grant_privileges(p, &bootimage.entry[i], by_index, count);
        sched_set_priority(p, bootimage.entry[i].prio, SCHED_DEFAULT_QUANTUM);
        proc_clear_flags(p, RTS_NEW);
        started++;
    }
    return started;
}
