// PM's process table: a record per process, with the POSIX identity
// (pid, parent, process group), the zombie's wait status and the signal
// dispositions. Records are not tied to kernel slots: a zombie keeps its
// record after KC_CLEAR freed its slot, which a new process may then take.
// Portable: it knows nothing of IPC, so it is host-tested.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

enum { PM_SLOTS = 64, PM_RECORDS = 2 * PM_SLOTS, PM_PID_MAX = 30000, PM_NSIG = 32 };

enum mp_state { MP_FREE = 0, MP_ALIVE, MP_ZOMBIE };

struct mproc {
    enum mp_state state;
    bool system;            // a system process (RS manages it): pid only
    endpoint_t ep;
    int pid, ppid, pgid;
    int wait_status;        // a zombie's status for its parent's wait
    bool waiting;           // blocked in waitpid...
    int wait_pid;           // ...for this pid (-1 any)
    uint64_t ignored;       // bit per signal: SIG_IGN
    uint64_t caught;        // bit per signal: a handler is set
    uint64_t pending;       // caught signals not yet handed to the handler
    uint64_t handler[PM_NSIG];
    uint64_t trampoline;    // where handlers return to (the C library's)
    char name[16];
};

extern struct mproc mproc[PM_RECORDS];

void mp_init(void);
// The record of endpoint ep (live or zombie), or NULL.
struct mproc *mp_by_ep(endpoint_t ep);
struct mproc *mp_by_pid(int pid);
// Enters a new process with a fresh pid (pid 0: choose); NULL if the table
// is full (of zombies nobody reaps).
struct mproc *mp_add(endpoint_t ep, int pid, int ppid, bool system, const char *name);
void mp_free(struct mproc *p);
// p no longer holds its kernel slot (it became a zombie).
void mp_left_slot(struct mproc *p);
// Does waitpid(pid) from parent match child c?
bool mp_wait_matches(const struct mproc *parent, int pid, const struct mproc *c);
// Some child of parent (alive or zombie) that waitpid(pid) could report.
bool mp_has_child(const struct mproc *parent, int pid);
// A zombie child of parent matching pid, or NULL.
struct mproc *mp_zombie_child(const struct mproc *parent, int pid);
// Gives parent's children to init (pid 1).
void mp_reparent_children(const struct mproc *parent);
