// Memory grants (ABI): the grant table a process keeps in its own memory,
// grant ids, and the payloads of KC_SETGRANT and KC_SAFECOPY.
//
// A process (the granter) publishes an array of struct grant_entry with
// KC_SETGRANT. Entry i says who (the grantee) may copy from or to which of
// the granter's bytes: a direct grant names a range of the granter's memory,
// an indirect grant forwards a grant the granter itself received. The
// grantee names a grant by (granter endpoint, grant id) in KC_SAFECOPY; one
// side of every copy is the caller's own memory and the caller must be the
// grantee, so no process can copy between two others. The kernel re-reads
// and checks the entry at every copy; revoking is a store into the table.
#pragma once

#include <stdint.h>

#include "endpoint.h"

// A grant id: index | sequence << GRANT_SEQ_SHIFT. The sequence number is
// kept in the entry too and goes up when the slot is revoked, so an id kept
// after a revoke never reaches the slot's next grant. Valid ids are >= 0.
typedef int32_t grant_id_t;

enum {
    GRANT_SEQ_SHIFT = 16,
    GRANT_INDEX_MASK = (1 << GRANT_SEQ_SHIFT) - 1,
    GRANT_SEQ_MASK = 0x7fff,          // 15 bits: ids stay positive
    GRANT_MAX_ENTRIES = 1024,         // largest table KC_SETGRANT accepts
    GRANT_MAX_HOPS = 4,               // indirect grants before the direct one
    SAFECOPY_VEC_MAX = 16,            // elements of one vectored safecopy
    SAFECOPY_MAX = 1 << 20,           // bytes of one copy (else MX_E2BIG)
};

// A direct grant's range lies below this (user space); the kernel refuses
// (EINVAL) an entry reaching above it.
#define GRANT_VA_END 0x80000000ull

static inline grant_id_t
grant_id_make(uint32_t index, uint32_t seq)
{
    return (grant_id_t)((seq & GRANT_SEQ_MASK) << GRANT_SEQ_SHIFT | (index & GRANT_INDEX_MASK));
}

static inline uint32_t
grant_id_index(grant_id_t id)
{
    return (uint32_t)id & GRANT_INDEX_MASK;
}

static inline uint32_t
grant_id_seq(grant_id_t id)
{
    return ((uint32_t)id >> GRANT_SEQ_SHIFT) & GRANT_SEQ_MASK;
}

enum grant_flags {
    GF_READ = 1 << 0,       // the grantee may copy from the range
    GF_WRITE = 1 << 1,      // the grantee may copy to the range
    GF_DIRECT = 1 << 4,     // addr/size: a range of the granter's memory
    GF_INDIRECT = 1 << 5,   // from_ep/from_id: forwards a grant the granter holds
    GF_USED = 1 << 8,       // slot allocated (the grant manager's; ignored by the kernel)
    GF_VALID = 1 << 9,      // the kernel honours the entry
    GF_ALL = GF_READ | GF_WRITE | GF_DIRECT | GF_INDIRECT | GF_USED | GF_VALID,
};

// One entry, as it lives in the granter's memory (the kernel reads it with
// a user copy and checks every field).
struct grant_entry {
    uint32_t flags;         // enum grant_flags
    uint32_t seq;           // must equal the id's sequence number
    endpoint_t grantee;     // who may use it (ENDPOINT_ANY: anyone)
    endpoint_t from_ep;     // indirect: the granter of the forwarded grant
    uint64_t addr;          // direct: first byte of the range
    uint64_t size;          // direct: bytes in the range
    grant_id_t from_id;     // indirect: the forwarded grant's id
    uint32_t reserved;
};

_Static_assert(sizeof(struct grant_entry) == 40, "grant_entry is ABI: 40 bytes");

// KC_SETGRANT: registers the caller's table; entries == 0 removes it.
// EINVAL: more than GRANT_MAX_ENTRIES, or a table not 8-byte aligned;
// EFAULT: the table is not readable user memory of the caller.
struct kc_setgrant {
    int32_t status;
    uint32_t entries;
    uint64_t table;         // address in the caller's memory
};

enum safecopy_op {
    SAFECOPY_FROM = 1,      // granter's memory -> caller's (needs GF_READ)
    SAFECOPY_TO = 2,        // caller's memory -> granter's (needs GF_WRITE)
    SAFECOPY_VEC = 3,       // addr = a vector of struct safecopy_elem, size = count
};

// KC_SAFECOPY. Errors: EINVAL bad granter endpoint, unknown or revoked or
// stale id, a range outside the grant (or offset + size overflowing), a bad
// op, a vector count of 0 or above SAFECOPY_VEC_MAX; EPERM the caller (or,
// along an indirect chain, the next hop) is not the grantee, or the access
// is not granted; ELOOP more than GRANT_MAX_HOPS indirect grants;
// EDEADSRCDST a granter along the chain is dead; EFAULT the caller's range,
// the granted range or the grant table is not mapped with the access
// needed (nothing is copied then); E2BIG above SAFECOPY_MAX bytes.
struct kc_safecopy {
    int32_t status;
    uint32_t op;            // enum safecopy_op
    endpoint_t granter;
    grant_id_t id;
    uint64_t offset;        // into the granted range
    uint64_t addr;          // the caller's buffer (VEC: the vector)
    uint64_t size;          // bytes (VEC: element count)
    uint32_t done;          // out (VEC): elements completed before an error
};

// One element of a vectored safecopy; the elements run in order and the
// call stops at the first error.
struct safecopy_elem {
    uint32_t op;            // SAFECOPY_FROM or SAFECOPY_TO
    endpoint_t granter;
    grant_id_t id;
    uint32_t pad;
    uint64_t offset;
    uint64_t addr;
    uint64_t size;
};
