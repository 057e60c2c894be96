// The IPC message (ABI): a fixed 64-byte envelope with the sender's
// endpoint (filled in by the kernel), a type, and a 56-byte payload that is
// one of the typed structs below. Every payload struct is size-checked here.
#pragma once

#include <stdint.h>

#include "cdev.h"
#include "ds.h"
#include "endpoint.h"
#include "grant.h"
#include "hello.h"
#include "kcall.h"
#include "pm.h"
#include "rs.h"
#include "sef.h"
#include "vfs.h"
#include "vm.h"

enum { MSG_SIZE = 64, MSG_PAYLOAD_BYTES = 56 };

// Message types the kernel itself generates.
enum msg_type {
    MSG_NOTIFY = 0x1,  // a notification: source = the notifier
};

struct notify_payload {
    uint64_t timestamp;   // clock ticks when it was delivered
    uint64_t signals;     // from ENDPOINT_SYSTEM: kernel signals for the receiver
    // With SIGKPF: the oldest queued page fault, so the pager needs no call
    // to learn it (pf_ep ENDPOINT_NONE if the queue was empty by then).
    endpoint_t pf_ep;
    uint32_t pf_access;   // 'r', 'w' or 'x'
    uint64_t pf_addr;
    uint64_t irqs;        // from ENDPOINT_HARDWARE: the hook ids that fired (bit = 1 << hook)
};

struct message {
    endpoint_t source;    // set by the kernel on delivery
    uint32_t type;
    union {
        uint64_t raw[MSG_PAYLOAD_BYTES / 8];
        struct { int32_t status; } reply;  // first field of every kernel-call reply
        struct notify_payload notify;
        struct kc_getinfo getinfo;
        struct kc_privctl privctl;
        struct kc_exit exit;
        struct kc_kill kill;
        struct kc_setalarm setalarm;
        struct kc_times times;
        struct kc_vircopy vircopy;
        struct kc_abort abort;
        struct kc_diagctl diagctl;
        struct kc_getksig getksig;
        struct kc_endksig endksig;
        struct kc_spawn spawn;
        struct kc_vmctl vmctl;
        struct kc_update update;
        struct kc_fork fork;
        struct kc_exec exec;
        struct kc_clear clear;
        struct kc_sigsend sigsend;
        struct kc_sigreturn sigreturn;
        struct kc_devinfo devinfo;
        struct kc_irqctl irqctl;
        struct kc_devmap devmap;
        struct kc_setgrant setgrant;
        struct kc_safecopy safecopy;
        struct sef_init_req sef_init;
        struct sef_init_rep sef_init_rep;
        struct sef_lu_req sef_lu;
        struct sef_lu_ready sef_lu_ready;
        struct ds_req ds_req;
        struct ds_rep ds_rep;
        struct rs_req rs_req;
        struct rs_rep rs_rep;
        struct hello_rep hello_rep;
        struct cdev_req cdev_req;
        struct cdev_rep cdev_rep;
        struct pm_req pm_req;
        struct pm_rep pm_rep;
        struct vm_req vm_req;
        struct vm_rep vm_rep;
        struct pm_procinfo pm_procinfo;
        struct vfs_req vfs_req;
        struct vfs_rep vfs_rep;
    } u;
};

_Static_assert(sizeof(struct message) == MSG_SIZE, "message must be 64 bytes");
_Static_assert(sizeof(struct kc_getinfo) <= MSG_PAYLOAD_BYTES, "kc_getinfo too big");
_Static_assert(sizeof(struct kc_devinfo) <= MSG_PAYLOAD_BYTES, "kc_devinfo too big");
_Static_assert(sizeof(struct kc_irqctl) <= MSG_PAYLOAD_BYTES, "kc_irqctl too big");
_Static_assert(sizeof(struct kc_devmap) <= MSG_PAYLOAD_BYTES, "kc_devmap too big");
_Static_assert(sizeof(struct notify_payload) <= MSG_PAYLOAD_BYTES, "notify_payload too big");
_Static_assert(sizeof(struct kc_privctl) <= MSG_PAYLOAD_BYTES, "kc_privctl too big");
_Static_assert(sizeof(struct kc_times) <= MSG_PAYLOAD_BYTES, "kc_times too big");
_Static_assert(sizeof(struct kc_vircopy) <= MSG_PAYLOAD_BYTES, "kc_vircopy too big");
_Static_assert(sizeof(struct kc_setgrant) <= MSG_PAYLOAD_BYTES, "kc_setgrant too big");
_Static_assert(sizeof(struct kc_safecopy) <= MSG_PAYLOAD_BYTES, "kc_safecopy too big");
_Static_assert(sizeof(struct cdev_req) <= MSG_PAYLOAD_BYTES, "cdev_req too big");
_Static_assert(sizeof(struct kc_exec) <= MSG_PAYLOAD_BYTES, "kc_exec too big");
_Static_assert(sizeof(struct pm_req) <= MSG_PAYLOAD_BYTES, "pm_req too big");
_Static_assert(sizeof(struct vm_req) <= MSG_PAYLOAD_BYTES, "vm_req too big");
_Static_assert(sizeof(struct kc_vmctl) <= MSG_PAYLOAD_BYTES, "kc_vmctl too big");
_Static_assert(sizeof(struct pm_procinfo) <= MSG_PAYLOAD_BYTES, "pm_procinfo too big");
_Static_assert(sizeof(struct vfs_req) <= MSG_PAYLOAD_BYTES, "vfs_req too big");
_Static_assert(sizeof(struct vfs_rep) <= MSG_PAYLOAD_BYTES, "vfs_rep too big");
_Static_assert(sizeof(struct ds_req) <= MSG_PAYLOAD_BYTES, "ds_req too big");
_Static_assert(sizeof(struct sef_init_req) <= MSG_PAYLOAD_BYTES, "sef_init_req too big");
_Static_assert(sizeof(struct rs_req) <= MSG_PAYLOAD_BYTES, "rs_req too big");
_Static_assert(sizeof(struct rs_rep) <= MSG_PAYLOAD_BYTES, "rs_rep too big");
_Static_assert(sizeof(struct ds_rep) <= MSG_PAYLOAD_BYTES, "ds_rep too big");
_Static_assert(sizeof(struct kc_getinfo) <= MSG_PAYLOAD_BYTES, "kc_getinfo too big");
