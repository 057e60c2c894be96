// The process manager's protocol (ABI): what user programs (through the C
// library glue in lib/posix.c) and other servers ask PM. Every call is a
// sendrec to PM; the reply's status is >= 0 on success or -MX_E*.
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum pm_call {
    PM_BASE = 0x700,
    PM_FORK = PM_BASE + 0,       // reply: child pid to the parent, 0 to the child
    PM_EXEC = PM_BASE + 1,       // path, frame: no reply on success
    PM_EXIT = PM_BASE + 2,       // code: never replies
    PM_WAITPID = PM_BASE + 3,    // pid (-1 any), options: pid, status
    PM_KILL = PM_BASE + 4,       // pid (> 0 one, 0 own group, < -1 group -pid), sig
    PM_GETPID = PM_BASE + 5,     // reply: pid, ppid
    PM_SIGACTION = PM_BASE + 6,  // sig, handler (PM_SIG_DFL, PM_SIG_IGN): old one
    PM_SETPGID = PM_BASE + 7,    // pid (0 self), pgid (0 = pid)
    PM_PROCINFO = PM_BASE + 8,   // index: the first process at slot >= index
    PM_GETEP = PM_BASE + 9,      // pid: its endpoint (for tcsetpgrp)
    PM_SIGRETURN = PM_BASE + 10, // addr: the signal frame; no reply: resumes
    PM_REPLY = PM_BASE + 0x40,
};

// PM_SIGACTION: pid = the new action (-1: only ask), addr = the handler
// (PM_SIG_HANDLER), frame = the trampoline it returns to. Reply: value =
// the old action, handler = the old handler. Signals 1..31 can be caught.
enum { PM_SIG_DFL = 0, PM_SIG_IGN = 1, PM_SIG_HANDLER = 2 };
enum pm_wait_options { PM_WNOHANG = 1 };

// The new program's stack frame: argc, argv pointers, NULL, envp pointers,
// NULL, then the strings, built by the caller as it must look when it sits
// at the top of the new stack (its pointers already relocated to
// PM_STACK_TOP - size). At most PM_FRAME_MAX bytes.
enum { PM_FRAME_MAX = 16384 };
static const uint64_t PM_STACK_TOP = 0x7fff0000ull;

// Wait status as in POSIX: exit code << 8, or the terminating signal.
static inline int pm_exit_status(int code) { return (code & 0xff) << 8; }
static inline int pm_signal_status(int sig) { return sig & 0x7f; }

enum pm_proc_state {
    PM_RUNNING = 0, PM_ZOMBIE = 1, PM_SYSTEM = 2,
};

struct pm_req {
    int32_t pid;         // WAITPID, KILL, SETPGID, GETEP
    int32_t arg;         // EXIT code, KILL/SIGACTION signal, WAITPID options,
                         // SETPGID pgid, PROCINFO index
    uint64_t addr;       // EXEC path, SIGACTION handler, SIGRETURN frame
    uint64_t len;        // EXEC path length (0: NUL-terminated)
    uint64_t frame;      // EXEC frame address, SIGACTION trampoline
    uint64_t frame_len;  // EXEC frame size
};

struct pm_rep {
    int32_t status;      // pid, or -MX_E*
    int32_t value;       // WAITPID wait status, GETPID parent pid,
                         // SIGACTION old handler kind, GETEP endpoint
    uint64_t handler;    // SIGACTION: the old handler address
};

// PM_PROCINFO reply: one process (the system processes included).
struct pm_procinfo {
    int32_t status;      // the slot reported (>= 0), or -MX_ESRCH past the end
    int32_t pid;
    endpoint_t ep;
    int32_t ppid;
    uint32_t state;      // enum pm_proc_state
    uint32_t kstate;     // the kernel's scheduling flags (0 = runnable)
    char name[16];
    uint32_t pages;      // resident 4 KiB pages
    int32_t pgid;
};
