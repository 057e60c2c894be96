// Process table: slot allocation, endpoint lookup with generation check,
// and the runnable-flag transitions that drive the ready queues.
#include "proc.h"

#include <stddef.h>

#include "klib.h"
#include "sched.h"

// Not static: the RISC-V IPC fast path (arch/riscv/trapentry.S) indexes it.
struct proc procs[NR_PROCS];

void
proc_table_init(void)
{
    memset(procs, 0, sizeof(procs));
    for (unsigned i = 0; i < NR_PROCS; i++) {
        procs[i].slot = i;
        procs[i].rts = RTS_SLOT_FREE;
        procs[i].ep = ENDPOINT_NONE;
    }
}

struct proc *
proc_alloc(const char *name)
{
    for (unsigned i = 0; i < NR_PROCS; i++) {
        struct proc *p = &procs[i];
        if (!(p->rts & RTS_SLOT_FREE)) {
            continue;
        }
        unsigned gen = p->generation + 1;
        if (gen >= ENDPOINT_GEN_LIMIT) {
            gen = 1;
        }
        memset(p, 0, sizeof(*p));
        p->slot = i;
        p->generation = gen;
        p->ep = endpoint_make(i, gen);
        p->rts = RTS_NEW;
        p->send_to = p->recv_from = ENDPOINT_NONE;
        p->priv.sig_mgr = ENDPOINT_NONE;
        kstrlcpy(p->name, name, sizeof(p->name));
        return p;
    }
    return NULL;
}

void
proc_free(struct proc *p)
{
    sched_remove(p);
    unsigned gen = p->generation;
    memset(p, 0, sizeof(*p));
    p->slot = (unsigned)(p - procs);
    p->generation = gen;
    p->ep = ENDPOINT_NONE;
    p->rts = RTS_SLOT_FREE;
}

void
proc_reset_for_reload(struct proc *p)
{
    struct proc keep = *p;

    sched_remove(p);
    memset(p, 0, sizeof(*p));
    p->slot = keep.slot;
    p->generation = keep.generation;
    p->ep = keep.ep;
    memcpy(p->name, keep.name, sizeof(p->name));
    p->priv = keep.priv;
    p->prio = keep.prio;
    p->quantum = keep.quantum;
    p->send_to = p->recv_from = ENDPOINT_NONE;
    p->rts = RTS_NEW;
}

struct proc *
proc_lookup(endpoint_t ep)
{
    if (!endpoint_is_process(ep)) {
        return NULL;
    }
    unsigned slot = endpoint_slot(ep);
    if (slot >= NR_PROCS) {
        return NULL;
    }
    struct proc *p = &procs[slot];
    if ((p->rts & RTS_SLOT_FREE) || p->ep != ep) {
        return NULL;
    }
    return p;
}

struct proc *
proc_find_by_name(const char *name)
{
    for (unsigned i = 0; i < NR_PROCS; i++) {
        struct proc *p = &procs[i];
        if (!(p->rts & RTS_SLOT_FREE) && strncmp(p->name, name, PROC_NAME_LEN) == 0) {
            return p;
        }
    }
    return NULL;
}

struct proc *
proc_at(unsigned slot)
{
    return slot < NR_PROCS ? &procs[slot] : NULL;
}

struct proc *
proc_from_context(struct arch_context *ctx)
{
    return (struct proc *)((char *)ctx - offsetof(struct proc, ctx));
}

void
proc_set_flags(struct proc *p, uint32_t flags)
{
    bool was_ready = p->rts == 0;

    p->rts |= flags;
    if (was_ready && p->rts != 0) {
        sched_remove(p);
    }
}

void
proc_clear_flags(struct proc *p, uint32_t flags)
{
    bool was_ready = p->rts == 0;

    p->rts &= ~flags;
    if (!was_ready && p->rts == 0) {
        sched_add(p);
    }
}
