// Kernel calls (ABI): request and reply payloads. A kernel call is a
// sendrec to ENDPOINT_SYSTEM; the message type is the call number, and the
// kernel answers in the same message with `status` = 0 or -MX_E*. Each
// call is allowed only if its bit is in the caller's call mask.
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum kcall_nr {
    KC_BASE = 0x100,
    KC_GETINFO = KC_BASE + 0,   // facts about oneself, a process, the machine
    KC_PRIVCTL = KC_BASE + 1,   // set a process's privileges (RS)
    KC_EXIT = KC_BASE + 2,      // end the calling process
    KC_KILL = KC_BASE + 3,      // raise a signal on a process
    KC_SETALARM = KC_BASE + 4,  // CLOCK notification after N ticks
    KC_TIMES = KC_BASE + 5,     // tick counts
    KC_VIRCOPY = KC_BASE + 6,   // copy between address spaces (trusted servers)
    KC_ABORT = KC_BASE + 7,     // stop the machine with an exit code
    KC_DIAGCTL = KC_BASE + 8,   // print to the kernel console
    KC_GETKSIG = KC_BASE + 9,   // manager: next process with signals, and its set
    KC_ENDKSIG = KC_BASE + 10,  // manager: done with that process's signals
    KC_SPAWN = KC_BASE + 11,    // start a boot-image module, or reload one in place
    KC_VMCTL = KC_BASE + 12,    // the pager (VM): page faults and mappings
    KC_UPDATE = KC_BASE + 13,   // live update: swap two processes' images
    // 14..19 process management for PM (fork, exec, signal frames),
    // 20..21 interrupts and device memory for drivers, 22..23 grants:
    // numbers are reserved here so that work on each can land separately.
    // An unassigned number answers MX_ENOSYS.
    KC_SETGRANT = KC_BASE + 22, // register the caller's grant table (mirv/grant.h)
    KC_SAFECOPY = KC_BASE + 23, // copy from or to a grant, one or a vector
    KC_COUNT = 24,
};

static inline uint64_t
kcall_bit(enum kcall_nr nr)
{
    return 1ull << (nr - KC_BASE);
}

enum { KCALL_MASK_ALL = (1u << KC_COUNT) - 1 };

enum getinfo_what {
    GETINFO_SELF = 1,     // ep, slot, name of the caller
    GETINFO_PROC = 2,     // name and state of process `ep`
    GETINFO_MACHINE = 3,  // value[0] = ticks so far, value[1] = ticks per second
    GETINFO_SLOT = 4,     // the process in slot value[0] (ESRCH if free)
};

struct kc_getinfo {
    int32_t status;
    uint32_t what;       // enum getinfo_what
    endpoint_t ep;       // in for GETINFO_PROC, out for SELF
    uint32_t state;      // scheduling flags of the process (0 = runnable)
    uint64_t value[2];
    char name[16];
    endpoint_t sig_mgr;  // out (SELF, PROC): the process's signal manager
    uint32_t flags;      // out (SELF, PROC): enum priv_flags
};

enum priv_flags {
    PRIV_SYSTEM = 1 << 0,  // a system process (its signal manager is RS)
};

enum spawn_flags { SPAWN_START = 1 << 0, SPAWN_FORCE = 1 << 1 };

struct kc_privctl {
    int32_t status;
    endpoint_t target;
    uint64_t kcall_mask;   // bit i allows call KC_BASE + i
    uint64_t ipc_to[2];    // slots the target may send to (bit per slot)
    endpoint_t sig_mgr;
    uint32_t flags;        // enum priv_flags
};

struct kc_exit {
    int32_t status;
    int32_t code;
};

struct kc_kill {
    int32_t status;
    endpoint_t target;
    int32_t signal;
};

struct kc_setalarm {
    int32_t status;
    uint32_t pad;
    uint64_t ticks;        // from now; 0 cancels
    uint64_t remaining;    // out: ticks left on the previous alarm (0 if none)
};

struct kc_times {
    int32_t status;
    endpoint_t ep;
    uint64_t user_ticks;
    uint64_t kernel_ticks;
    uint64_t uptime_ticks;
};

struct kc_vircopy {
    int32_t status;
    endpoint_t src_ep;     // process endpoints (either may be the caller)
    endpoint_t dst_ep;
    uint32_t pad;
    uint64_t src_va;
    uint64_t dst_va;
    uint64_t len;
};

struct kc_abort {
    int32_t status;
    int32_t code;          // 0 = clean power-off
};

struct kc_getksig {
    int32_t status;
    endpoint_t ep;         // out: a managed process with signals, or ENDPOINT_NONE
    uint64_t signals;      // out: its pending set (bit = 1 << signal)
};

struct kc_endksig {
    int32_t status;
    endpoint_t target;     // the process whose signals the caller handled
    uint64_t forward;      // signals to hand to the target itself (a system
                           // process gets them as a notification from SYSTEM)
};

// KC_SPAWN: module is the boot-image entry's name. With keep_ep a process
// endpoint, that process (stopped, and managed by the caller) is reloaded
// from the module in place and keeps its endpoint, slot and privileges;
// senders waiting on it fail with MX_EDEADSRCDST. With ENDPOINT_NONE a new
// process is made, managed by the caller. It runs at once when start != 0.
struct kc_spawn {
    int32_t status;
    endpoint_t keep_ep;    // in: ENDPOINT_NONE or the process to reload
    endpoint_t ep;         // out: the process
    uint32_t start;        // in: bit 0 run it now; bit 1 reload even if running
                           // (the caller must be its signal manager)
    char module[16];       // in: boot-image entry name
};

enum vmctl_op {
    VMCTL_SET_PAGER = 1,   // the caller becomes the pager: it gets SIGKPF
    VMCTL_MAP = 2,         // map a zeroed page at va in ep; resume ep's fault
    VMCTL_FAIL = 3,        // ep's fault cannot be served: SIGSEGV through its manager
};

enum vmctl_prot { VMCTL_R = 1, VMCTL_W = 2, VMCTL_X = 4 };

struct kc_vmctl {
    int32_t status;
    uint32_t op;           // enum vmctl_op
    endpoint_t ep;         // in: the faulting process
    uint32_t prot;         // in (MAP): enum vmctl_prot
    uint64_t va;           // in (MAP): page address
    uint32_t resume;       // in (MAP): also end ep's page fault
    uint32_t more;         // out (MAP, FAIL): other faults are still queued (and the
                           // kernel has raised SIGKPF again for the next one)
};

// KC_UPDATE: the images of old_ep and new_ep trade slots. What belongs to
// an endpoint stays (endpoint, senders waiting on it, pending notifications
// and signals, alarm); the image moves (registers, address space,
// privileges, name, scheduling). Both must be managed by the caller and
// updatable: never run, stopped, or waiting in receive on the caller.
// start != 0 lets the image now at old_ep run.
struct kc_update {
    int32_t status;
    endpoint_t old_ep;
    endpoint_t new_ep;
    uint32_t start;
};

struct kc_diagctl {
    int32_t status;
    uint32_t len;          // bytes to print, at most 1024
    uint64_t va;           // in the caller's address space
};
