// Grants and safecopy: checks a grant in the granter's own table and copies
// between the caller and the granted memory (ABI in include/mirv/grant.h).
// Portable; reads user memory only through the arch user-copy functions and
// trusts nothing it reads there.
#pragma once

#include <stdint.h>

#include <mirv/grant.h>

struct proc;

// KC_SETGRANT: registers p's table of `entries` entries at `table` in p's
// memory (0 entries removes it). 0 or -MX_EINVAL / -MX_EFAULT.
int grant_set_table(struct proc *p, uint64_t table, uint64_t entries);

// Where a checked grant leads: `size` bytes at `va` in `owner`'s memory.
struct grant_target {
    struct proc *owner;
    uint64_t va;
};

// Checks that `grantee` may access (GF_READ and/or GF_WRITE) bytes
// [offset, offset + size) of grant `id` of `granter`, following indirect
// grants at most GRANT_MAX_HOPS times. 0 (and *out) or -MX_E*.
int grant_check(const struct proc *grantee, endpoint_t granter, grant_id_t id, uint64_t offset,
                uint64_t size, uint32_t access, struct grant_target *out);

// One safecopy for caller: op SAFECOPY_FROM (granted memory -> caller's
// [addr, addr + size)) or SAFECOPY_TO (the other way). Nothing is copied
// unless both ranges are mapped with the access needed. 0 or -MX_E*.
int grant_safecopy(struct proc *caller, uint32_t op, endpoint_t granter, grant_id_t id,
                   uint64_t offset, uint64_t addr, uint64_t size);

// A vector of `count` struct safecopy_elem at vec_va in caller's memory,
// run in order until the first error; *done = elements completed.
// count must be 1..SAFECOPY_VEC_MAX (-MX_EINVAL otherwise).
int grant_vsafecopy(struct proc *caller, uint64_t vec_va, uint64_t count, uint32_t *done);
