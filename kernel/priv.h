// Privilege records: what a process may do. System processes get theirs
// from the boot image or from RS (kernel call privctl); user processes get
// the default unprivileged record (no kernel calls, no IPC targets).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

enum { NR_PROCS = 64, IPC_MASK_WORDS = (NR_PROCS + 63) / 64 };

struct priv {
    uint64_t kcall_mask;                // bit i: kernel call KC_BASE + i allowed
    uint64_t ipc_to[IPC_MASK_WORDS];    // bit per slot: may send/notify to it
    endpoint_t sig_mgr;                 // who handles this process's signals
    uint32_t flags;                     // enum priv_flags
};

static inline bool
priv_may_send(const struct priv *p, unsigned slot)
{
    return slot < NR_PROCS && (p->ipc_to[slot / 64] >> (slot % 64) & 1) != 0;
}

static inline void
priv_allow_send(struct priv *p, unsigned slot)
{
    if (slot < NR_PROCS) {
        p->ipc_to[slot / 64] |= 1ull << (slot % 64);
    }
}

static inline bool
priv_may_call(const struct priv *p, uint32_t call_nr, uint32_t base, uint32_t count)
{
    return call_nr >= base && call_nr < base + count && (p->kcall_mask >> (call_nr - base) & 1);
}
