// User-space library for system processes: IPC stubs, kernel-call
// wrappers, and console output through the kernel (until a tty exists).
// Calls return 0 or a negative MX_E* code.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <mirv/endpoint.h>
#include <mirv/errors.h>
#include <mirv/msg.h>

int ipc_send(endpoint_t dst, struct message *m);
int ipc_receive(endpoint_t src, struct message *m);
int ipc_sendrec(endpoint_t dst, struct message *m);
int ipc_notify(endpoint_t dst);
int ipc_sendnb(endpoint_t dst, struct message *m);
// Reply to dst (waiting in sendrec), then receive from anyone into m.
int ipc_replyrecv(endpoint_t dst, struct message *m);
// The kernel call in m (type set), then receive from anyone into m.
int ipc_kcallrecv(endpoint_t unused, struct message *m);

// Sends m as kernel call `nr`; returns the IPC error or the call's status.
int kcall(uint32_t nr, struct message *m);

endpoint_t sys_self(void);
endpoint_t sys_lookup(const char *name);          // by process name; <0 if none
int sys_proc_state(endpoint_t ep, uint32_t *state);
int sys_exit(int code) __attribute__((noreturn));
int sys_abort(int code) __attribute__((noreturn));
int sys_setalarm(uint64_t ticks, uint64_t *remaining);
int sys_vircopy(endpoint_t src, uint64_t src_va, endpoint_t dst, uint64_t dst_va, uint64_t len);
int sys_kill(endpoint_t target, int signal);
int sys_privctl(endpoint_t target, uint64_t kcall_mask);
int sys_write(const char *buf, size_t len);        // kernel console
// Drivers: learn device `index` (0 = console UART), own an interrupt line
// (op = enum irqctl_op), map device registers at va.
int sys_getdevice(uint32_t index, struct kc_devinfo *out);
int sys_irqctl(uint32_t op, uint32_t line, uint32_t hook);
int sys_devmap(uint64_t pa, uint64_t size, uint64_t va);

// Grants (include/mirv/grant.h; lib/grant.h manages a table for you).
int sys_setgrant(const struct grant_entry *table, uint32_t entries);
// Copies size bytes from granter's grant id at offset into addr, or from
// addr into the grant.
int sys_safecopyfrom(endpoint_t granter, grant_id_t id, uint64_t offset, void *addr,
                     uint64_t size);
int sys_safecopyto(endpoint_t granter, grant_id_t id, uint64_t offset, const void *addr,
                   uint64_t size);
// count elements, run in order up to the first error; *done (may be NULL)
// = elements completed.
int sys_vsafecopy(const struct safecopy_elem *vec, uint32_t count, uint32_t *done);

// printf to the kernel console (formatting by picolibc's vsnprintf).
int uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline uint64_t
rdtime_ticks(void)
{
    uint64_t v;
    __asm__ volatile("rdtime %0" : "=r"(v));
    return v;
}

static inline uint64_t
rdinstret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}
