// The grant manager (see grant.h): first-fit allocation over a static
// table, registered with KC_SETGRANT once, at the first grant. An entry is
// filled in completely before its GF_VALID flag is stored, and revoking is
// a store of the flags: no kernel call.
#include "grant.h"

#include <mirv/errors.h>

#include "syslib.h"

static struct grant_entry table[GRANT_LIB_ENTRIES];
static int registered;

static int
ensure_registered(void)
{
    if (registered) {
        return MX_OK;
    }
    int r = sys_setgrant(table, GRANT_LIB_ENTRIES);
    registered = r == MX_OK;
    return r;
}

// Takes a free slot, fills it from e, and makes it valid last.
static grant_id_t
publish(struct grant_entry e)
{
    int r = ensure_registered();
    if (r != MX_OK) {
        return r;
    }
    for (uint32_t i = 0; i < GRANT_LIB_ENTRIES; i++) {
        if (table[i].flags & GF_USED) {
            continue;
        }
        uint32_t flags = e.flags | GF_USED | GF_VALID;
        e.flags = GF_USED;
        e.seq = table[i].seq; // bumped by the last revoke of this slot
        table[i] = e;
        __atomic_store_n(&table[i].flags, flags, __ATOMIC_RELEASE);
        return grant_id_make(i, e.seq);
    }
    return -MX_ENOSPC;
}

grant_id_t
grant_direct(endpoint_t grantee, const void *addr, uint64_t size, uint32_t access)
{
    uint64_t a = (uint64_t)(uintptr_t)addr;

    if ((access & ~(uint32_t)(GF_READ | GF_WRITE)) != 0) {
        return -MX_EINVAL;
    }
    if (size > GRANT_VA_END || a > GRANT_VA_END - size) {
        return -MX_EFAULT; // not this process's memory
    }
    return publish((struct grant_entry){.flags = GF_DIRECT | access, .grantee = grantee,
                                        .addr = a, .size = size});
}

grant_id_t
grant_indirect(endpoint_t grantee, endpoint_t from_ep, grant_id_t from_id, uint32_t access)
{
    if ((access & ~(uint32_t)(GF_READ | GF_WRITE)) != 0 || from_id < 0) {
        return -MX_EINVAL;
    }
    return publish((struct grant_entry){.flags = GF_INDIRECT | access, .grantee = grantee,
                                        .from_ep = from_ep, .from_id = from_id});
}

void
grant_reset(void)
{
    for (uint32_t i = 0; i < GRANT_LIB_ENTRIES; i++) {
        table[i].flags = 0;
        table[i].seq = (table[i].seq + 1) & GRANT_SEQ_MASK;
    }
    registered = 0;
}

int
grant_revoke(grant_id_t id)
{
    uint32_t i = grant_id_index(id);

    if (id < 0 || i >= GRANT_LIB_ENTRIES || !(table[i].flags & GF_USED) ||
        table[i].seq != grant_id_seq(id)) {
        return -MX_EINVAL;
    }
    __atomic_store_n(&table[i].flags, 0u, __ATOMIC_RELEASE);
    table[i].seq = (table[i].seq + 1) & GRANT_SEQ_MASK;
    return MX_OK;
}
