// The grant manager of a user process: a grant table in the process's own
// memory (include/mirv/grant.h), registered with the kernel at first use.
// Ids are >= 0; every call returns a negative MX_E* code on failure.
#pragma once

#include <stdint.h>

#include <mirv/endpoint.h>
#include <mirv/grant.h>

enum { GRANT_LIB_ENTRIES = 64 };   // slots in the table

// grantee may copy from (GF_READ) and/or to (GF_WRITE) [addr, addr + size)
// of this process. -MX_EINVAL bad access, -MX_EFAULT a range outside user
// space, -MX_ENOSPC table full.
grant_id_t grant_direct(endpoint_t grantee, const void *addr, uint64_t size, uint32_t access);
// Forwards grant from_id of from_ep (which this process holds) to grantee,
// with at most `access`.
grant_id_t grant_indirect(endpoint_t grantee, endpoint_t from_ep, grant_id_t from_id,
                          uint32_t access);
// Ends the grant: the slot's sequence number goes up, so the id (and any
// copy of it) is refused from now on, even after the slot is reused.
// -MX_EINVAL if id is not a live grant of this process.
int grant_revoke(grant_id_t id);
// A forked child: the kernel gave it no grant table, so the copy of the
// parent's is dropped and registered again at the next grant.
void grant_reset(void);
