// PM's process table (see mproc.h).
#include "mproc.h"

#include <string.h>

struct mproc mproc[PM_RECORDS];
// The live process in each kernel slot (a zombie's slot may be reused).
static struct mproc *by_slot[PM_SLOTS];
static int next_pid = 2; // pid 1 is init's

void
mp_init(void)
{
    memset(mproc, 0, sizeof(mproc));
    memset(by_slot, 0, sizeof(by_slot));
    next_pid = 2;
}

struct mproc *
mp_by_ep(endpoint_t ep)
{
    if (!endpoint_is_process(ep)) {
        return NULL;
    }
    struct mproc *p = by_slot[endpoint_slot(ep) % PM_SLOTS];
    return p != NULL && p->state == MP_ALIVE && p->ep == ep ? p : NULL;
}

struct mproc *
mp_by_pid(int pid)
{
    for (unsigned i = 0; pid > 0 && i < PM_RECORDS; i++) {
        if (mproc[i].state != MP_FREE && mproc[i].pid == pid) {
            return &mproc[i];
        }
    }
    return NULL;
}

static int
fresh_pid(void)
{
    for (;;) {
        int pid = next_pid;
        next_pid = next_pid >= PM_PID_MAX ? 2 : next_pid + 1;
        bool used = false;
        for (unsigned i = 0; i < PM_RECORDS && !used; i++) {
            used = mproc[i].state != MP_FREE && (mproc[i].pid == pid || mproc[i].pgid == pid);
        }
        if (!used) {
            return pid;
        }
    }
}

struct mproc *
mp_add(endpoint_t ep, int pid, int ppid, bool system, const char *name)
{
    struct mproc *p = NULL;
    for (unsigned i = 0; endpoint_is_process(ep) && i < PM_RECORDS && p == NULL; i++) {
        p = mproc[i].state == MP_FREE ? &mproc[i] : NULL;
    }
    if (p == NULL) {
        return NULL;
    }
    memset(p, 0, sizeof(*p));
    p->state = MP_ALIVE;
    p->system = system;
    p->ep = ep;
    p->pid = pid > 0 ? pid : fresh_pid();
    p->ppid = ppid;
    p->pgid = p->pid;
    p->wait_pid = -1;
    by_slot[endpoint_slot(ep) % PM_SLOTS] = p;
    strncpy(p->name, name, sizeof(p->name) - 1);
    return p;
}

void
mp_free(struct mproc *p)
{
    mp_left_slot(p);
    memset(p, 0, sizeof(*p));
}

void
mp_left_slot(struct mproc *p)
{
    if (p->state != MP_FREE && by_slot[endpoint_slot(p->ep) % PM_SLOTS] == p) {
        by_slot[endpoint_slot(p->ep) % PM_SLOTS] = NULL;
    }
}

bool
mp_wait_matches(const struct mproc *parent, int pid, const struct mproc *c)
{
    if (c->state == MP_FREE || c->system || c->ppid != parent->pid || c == parent) {
        return false;
    }
    if (pid > 0) {
        return c->pid == pid;
    }
    if (pid == 0) {
        return c->pgid == parent->pgid;
    }
    return pid == -1 || c->pgid == -pid;
}

bool
mp_has_child(const struct mproc *parent, int pid)
{
    for (unsigned i = 0; i < PM_RECORDS; i++) {
        if (mp_wait_matches(parent, pid, &mproc[i])) {
            return true;
        }
    }
    return false;
}

struct mproc *
mp_zombie_child(const struct mproc *parent, int pid)
{
    for (unsigned i = 0; i < PM_RECORDS; i++) {
        if (mproc[i].state == MP_ZOMBIE && mp_wait_matches(parent, pid, &mproc[i])) {
            return &mproc[i];
        }
    }
    return NULL;
}

void
mp_reparent_children(const struct mproc *parent)
{
    for (unsigned i = 0; i < PM_RECORDS; i++) {
        if (mproc[i].state != MP_FREE && !mproc[i].system && mproc[i].ppid == parent->pid &&
            &mproc[i] != parent) {
            mproc[i].ppid = 1;
        }
    }
}
