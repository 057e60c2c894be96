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
    KC_FORK = KC_BASE + 14,     // PM: copy a user process
    KC_EXEC = KC_BASE + 15,     // PM: a new program from the boot file system
    KC_CLEAR = KC_BASE + 16,    // a manager: end a process it manages, quietly
    KC_SIGSEND = KC_BASE + 17,  // PM: run a signal handler in a user process
    KC_SIGRETURN = KC_BASE + 18, // PM: resume it from its signal frame
    KC_IRQCTL = KC_BASE + 20,   // drivers: own an interrupt line, mask/unmask it
    KC_DEVMAP = KC_BASE + 21,   // drivers: map a device's registers
    // 14..19 process management for PM (fork, exec, signal frames),
    // 22..23 grants:
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
    GETINFO_BOOTFS = 6,   // value[0] = where the boot file system is mapped
                          // in the caller (0: not mapped), value[1] = its size
    GETINFO_DEVICE = 5,   // struct kc_devinfo: a device for a driver
};

struct kc_getinfo {
    int32_t status;
    uint32_t what;       // enum getinfo_what
    endpoint_t ep;       // in for GETINFO_PROC, out for SELF
    uint32_t state;      // scheduling flags of the process (0 = runnable)
    uint64_t value[2];
    char name[16];       // (SELF, PROC, SLOT: value[0] = slot, value[1] = pages it owns)
    endpoint_t sig_mgr;  // out (SELF, PROC): the process's signal manager
    uint32_t flags;      // out (SELF, PROC): enum priv_flags
};

// kc_getinfo.state: the kernel's scheduling flags (0 = runnable).
enum getinfo_state {
    PSTATE_SENDING = 1 << 1,     // blocked sending
    PSTATE_RECEIVING = 1 << 2,   // blocked receiving (or waiting for a reply)
    PSTATE_STOPPED = 1 << 3,     // stopped after a fault or signal
    PSTATE_NEW = 1 << 4,         // created, not started
    PSTATE_SIGNALED = 1 << 5,    // signals waiting for its manager
    PSTATE_SIG_PENDING = 1 << 6, // stopped until its manager is done
    PSTATE_PAGEFAULT = 1 << 7,   // waiting for a page
    PSTATE_KMEM = 1 << 8,        // its kernel call waits for VM (SIGKMEM)
};

enum priv_flags {
    PRIV_SYSTEM = 1 << 0,  // a system process (its signal manager is RS)
};

// SPAWN_KEEP: on a reload in place, the process keeps the pages of its
// keep segment (the .keep section of lib/user.ld) from the old image.
enum spawn_flags { SPAWN_START = 1 << 0, SPAWN_FORCE = 1 << 1, SPAWN_KEEP = 1 << 2 };

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
    uint32_t start;        // in: enum spawn_flags: run it now; reload even if
                           // running (the caller must be its signal manager);
                           // keep the keep segment's pages on a reload
    char module[16];       // in: boot-image entry name
};

enum vmctl_op {
    VMCTL_SET_PAGER = 1,   // the caller becomes the pager: it gets SIGKPF
    VMCTL_MAP = 2,         // make the page at va in ep present with prot: a zeroed
                           // frame if nothing is there, a private copy of a
                           // copy-on-write page for W; resume ep's fault
    VMCTL_FAIL = 3,        // ep's fault cannot be served: SIGSEGV through its manager
    VMCTL_UNMAP = 4,       // drop the pages of [va, va + len) in ep (len in bytes)
    VMCTL_INFO = 5,        // ep's image layout: va = end of its read-only
                           // segments, len = end of its writable ones (heap start)
    // SIGKMEM: a kernel call of req_ep waits for memory of another process.
    VMCTL_KMEM_NEXT = 6,   // out: the oldest request not fetched yet: req_ep (the
                           // waiting caller; ENDPOINT_NONE: none left), ep (whose
                           // memory), [va, va + len), prot VMCTL_R or VMCTL_W
    VMCTL_KMEM_DONE = 7,   // in: req_ep, fail_sig = 0 if the range is present, else
                           // an error (its call fails with EFAULT); with prot != 0
                           // it first maps [va, va + len) of ep as MAP_RANGE does
                           // (failing: the call fails). The call of req_ep
                           // restarts. out: the next request, as KMEM_NEXT
    VMCTL_MAP_RANGE = 8,   // every page of [va, va + len) in ep present with prot
                           // (as MAP, without resume; pages already there stay)
};

// VMCTL_ZERO (MAP, MAP_RANGE; for a read): map the shared zero page
// read-only instead of a fresh frame (copy-on-write when prot has W, so a
// later write gets a private frame).
enum vmctl_prot { VMCTL_R = 1, VMCTL_W = 2, VMCTL_X = 4, VMCTL_ZERO = 8 };

struct kc_vmctl {
    int32_t status;
    uint32_t op;           // enum vmctl_op
    endpoint_t ep;         // in: the faulting process
    uint32_t prot;         // in (MAP): enum vmctl_prot
    uint64_t va;           // in (MAP): page address
    uint32_t resume;       // in (MAP): also end ep's page fault
    uint32_t more;         // out (MAP, FAIL): other faults are still queued (and the
                           // kernel has raised SIGKPF again for the next one)
    uint64_t len;          // in (UNMAP), out (INFO)
    int32_t fail_sig;      // in (MAP with resume): if no frame can be had, ep's
                           // fault ends with this signal (0: the call just fails);
                           // in (KMEM_DONE): 0 or the error of the request
    endpoint_t req_ep;     // out (KMEM_NEXT), in (KMEM_DONE): the waiting caller
};

// KC_UPDATE: the images of old_ep and new_ep trade slots. What belongs to
// an endpoint stays (endpoint, senders waiting on it, pending notifications
// and signals, alarm); the image moves (registers, address space,
// privileges, name, scheduling). Both must be managed by the caller and
// updatable: never run, stopped, or waiting in receive on the caller.
// start != 0 lets the image now at old_ep run. The pager (VM) may swap on
// behalf of the manager named in `mgr` (then the rules apply to it), so
// that VM swaps its own records of the two images in the same step.
struct kc_update {
    int32_t status;
    endpoint_t old_ep;
    endpoint_t new_ep;
    uint32_t start;
    uint32_t on_behalf;   // 1: the caller (the pager) acts for mgr
    endpoint_t mgr;
};

// KC_FORK: a copy of `parent`, a user process managed by the caller and
// waiting in sendrec for the caller's reply: its memory copied, the same
// registers, privileges, manager and priority. The child waits for the
// caller's reply too (fork returns 0 in it). The caller answers both.
struct kc_fork {
    int32_t status;
    endpoint_t parent;
    endpoint_t child;      // out
};

// KC_EXEC: ep (managed by the caller, waiting in sendrec for it) gets a new
// image: the ELF file at [offset, offset + size) of the boot file system,
// a fresh stack, and frame_len bytes copied from `frame` in its old address
// space to the top of the new stack, where the program starts (sp = the
// frame). It is never answered. On failure ep is unchanged: ENOEXEC for a
// bad file, ENOMEM, EFAULT for a bad frame.
struct kc_exec {
    int32_t status;
    endpoint_t ep;
    uint64_t offset;
    uint64_t size;
    uint64_t frame;
    uint64_t frame_len;
    char name[16];
};

// KC_CLEAR: the caller ends a process whose signal manager it is, without a
// console message (PM after exit or a fatal signal).
struct kc_clear {
    int32_t status;
    endpoint_t ep;
};

// KC_SIGSEND: ep (a user process managed by the caller, not in the middle
// of an IPC call: EBUSY) next runs handler(sig): the kernel pushes a struct
// mx_sigframe with its registers below its sp, and sets pc = handler,
// a0 = sig, a1 = the frame, ra = trampoline, sp = the frame. EFAULT if the
// stack cannot take the frame.
struct kc_sigsend {
    int32_t status;
    endpoint_t ep;
    int32_t sig;
    uint32_t pad;
    uint64_t handler;
    uint64_t trampoline;
};

// KC_SIGRETURN: ep, waiting in sendrec for the caller, resumes with the
// registers of the signal frame at `frame` in its memory (user registers
// only: nothing else can be set this way) and gets no reply. EFAULT for an
// unreadable frame, EINVAL for one without the magic number.
struct kc_sigreturn {
    int32_t status;
    endpoint_t ep;
    uint64_t frame;
};

struct kc_diagctl {
    int32_t status;
    uint32_t len;          // bytes to print, at most 1024
    uint64_t va;           // in the caller's address space
};

// KC_GETINFO with what = GETINFO_DEVICE (same first two fields as
// kc_getinfo): device `index` (0 = the console UART, the only one so far).
struct kc_devinfo {
    int32_t status;
    uint32_t what;         // GETINFO_DEVICE
    uint32_t index;        // in
    uint32_t irq;          // out: its interrupt line; 0 = none, or no
                           // interrupt controller (the driver must poll)
    uint64_t base;         // out: physical address of its registers
    uint64_t size;         // out: bytes of registers
    uint32_t reg_shift;    // out: register i is at base + (i << reg_shift)
    uint32_t reg_io_width; // out: access width in bytes (1 or 4)
    char name[16];         // out: e.g. "ns16550"
};

// KC_IRQCTL: interrupt lines for drivers. REGISTER makes the caller the
// owner of `line` (one owner per line: EBUSY; only lines a device in the
// device tree uses: EINVAL) under its own `hook` id (0..63). When the line
// fires the kernel masks it and notifies the owner from ENDPOINT_HARDWARE
// with bit `hook` set in notify.irqs; the driver serves the device and
// ENABLEs the line again. Registering leaves the line masked.
enum irqctl_op {
    IRQCTL_REGISTER = 1,   // line, hook
    IRQCTL_ENABLE = 2,     // hook: unmask
    IRQCTL_DISABLE = 3,    // hook: mask
    IRQCTL_RELEASE = 4,    // hook: give the line up
};

enum { IRQ_HOOKS = 64 };  // hook ids per process: 0..63

struct kc_irqctl {
    int32_t status;
    uint32_t op;           // enum irqctl_op
    uint32_t line;         // REGISTER: the interrupt line (PLIC source)
    uint32_t hook;         // the caller's id for the line, 0..IRQ_HOOKS-1
};

// KC_DEVMAP: maps [pa, pa + size) user R/W (never X) at va in the caller.
// All three page-aligned; the range must lie inside one device of the
// device tree that the kernel does not own (never RAM, the CLINT or the
// PLIC): EPERM otherwise. EEXIST if a page at va is already mapped.
struct kc_devmap {
    int32_t status;
    uint32_t pad;
    uint64_t pa;
    uint64_t size;
    uint64_t va;
};
