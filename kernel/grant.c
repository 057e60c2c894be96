// Grants and safecopy (see grant.h). A grant entry lives in the granter's
// memory, so the kernel copies it out at every use and validates every
// field before believing it: flags, sequence number, kind, range. Indirect
// grants are followed a fixed number of hops. The caller is always the
// grantee and one side of every copy, so no process copies between two
// others.
#include "grant.h"

#include <mirv/errors.h>

#include "klib.h"
#include "kmem.h"
#include "proc.h"

enum { BOUNCE = 256 };

int
grant_set_table(struct proc *p, uint64_t table, uint64_t entries)
{
    if (entries == 0) {
        p->grant_table = 0;
        p->grant_entries = 0;
        return MX_OK;
    }
    if (entries > GRANT_MAX_ENTRIES || (table & 7) != 0) {
        return -MX_EINVAL;
    }
    // entries is bounded, so the size cannot overflow; the arch check
    // refuses anything outside user space.
    if (arch_check_user(p->as_root, table, entries * sizeof(struct grant_entry), false) != 0) {
        return -MX_EFAULT;
    }
    p->grant_table = table;
    p->grant_entries = (uint32_t)entries;
    return MX_OK;
}

// The live process an endpoint names: EINVAL if it cannot name one,
// EDEADSRCDST if that process is gone.
static int
granter_proc(endpoint_t ep, struct proc **out)
{
    if (!endpoint_is_process(ep)) {
        return -MX_EINVAL;
    }
    *out = proc_lookup(ep);
    return *out != NULL ? MX_OK : -MX_EDEADSRCDST;
}

// A direct grant's range must lie in user space without wrapping.
static bool
range_sane(const struct grant_entry *e)
{
    return e->size <= ARCH_USER_VA_END && e->addr <= ARCH_USER_VA_END - e->size;
}

// Copies entry `id` out of g's table and checks that it is a valid,
// current grant of exactly one kind with a sane range.
static int
read_entry(const struct proc *g, grant_id_t id, struct grant_entry *e)
{
    uint32_t index = grant_id_index(id);

    if (id < 0 || index >= g->grant_entries) {
        return -MX_EINVAL;
    }
    uint64_t va = g->grant_table + (uint64_t)index * sizeof(*e);
    const struct grant_entry *k = arch_user_kptr(g->as_root, va, sizeof(*e), false);
    if (k != NULL && ((uintptr_t)k & 7) == 0) {
        *e = *k; // one walk; interrupts are off, so it cannot change meanwhile
    } else if (arch_copy_from_user(g->as_root, e, va, sizeof(*e)) != 0) {
        return -MX_EFAULT; // (an entry straddling two pages takes this path)
    }
    uint32_t kind = e->flags & (GF_DIRECT | GF_INDIRECT);
    if ((e->flags & ~(uint32_t)GF_ALL) != 0 || !(e->flags & GF_VALID) ||
        e->seq != grant_id_seq(id) || (kind != GF_DIRECT && kind != GF_INDIRECT)) {
        return -MX_EINVAL;
    }
    if (kind == GF_DIRECT && !range_sane(e)) {
        return -MX_EINVAL;
    }
    return MX_OK;
}

// [offset, offset + size) inside a direct grant of e->size bytes.
static bool
inside_grant(const struct grant_entry *e, uint64_t offset, uint64_t size)
{
    return size <= e->size && offset <= e->size - size;
}

int
grant_check(const struct proc *grantee, endpoint_t granter, grant_id_t id, uint64_t offset,
            uint64_t size, uint32_t access, struct grant_target *out)
{
    endpoint_t want = grantee->ep; // who entry at this hop must name

    for (unsigned hop = 0; hop <= GRANT_MAX_HOPS; hop++) {
        struct proc *g;
        struct grant_entry e;
        int r = granter_proc(granter, &g);
        if (r == MX_OK) {
            r = read_entry(g, id, &e);
        }
        if (r != MX_OK) {
            return r;
        }
        if ((e.grantee != want && e.grantee != ENDPOINT_ANY) || (e.flags & access) != access) {
            return -MX_EPERM;
        }
        if (e.flags & GF_DIRECT) {
            if (!inside_grant(&e, offset, size)) {
                return -MX_EINVAL;
            }
            out->owner = g;
            out->va = e.addr + offset;
            return MX_OK;
        }
        // Indirect: g forwards a grant it holds; g must be its grantee.
        want = g->ep;
        granter = e.from_ep;
        id = e.from_id;
    }
    return -MX_ELOOP;
}

// Copies len bytes between two address spaces, a page piece at a time
// through kernel pointers (a bounce buffer where none can be had), after
// checking both ranges in full so that a fault copies nothing. Ranges
// within one page each (small copies) take one walk per side.
static int
copy_between(uint64_t src_as, uint64_t src, uint64_t dst_as, uint64_t dst, uint64_t len)
{
    uint8_t bounce[BOUNCE];

    if (len == 0) {
        return MX_OK;
    }
    const void *s1 = arch_user_kptr(src_as, src, len, false);
    void *d1 = arch_user_kptr(dst_as, dst, len, true);
    if (s1 != NULL && d1 != NULL) {
        memmove(d1, s1, len);
        return MX_OK;
    }
    // A page not present yet (never touched): the caller asks VM (kmem.h).
    if (arch_check_user(src_as, src, len, false) != 0 ||
        arch_check_user(dst_as, dst, len, true) != 0) {
        return -MX_EFAULT;
    }
    while (len > 0) {
        uint64_t n = len;
        uint64_t src_left = PAGE_SIZE - (src & (PAGE_SIZE - 1));
        uint64_t dst_left = PAGE_SIZE - (dst & (PAGE_SIZE - 1));
        n = n < src_left ? n : src_left;
        n = n < dst_left ? n : dst_left;
        const void *s = arch_user_kptr(src_as, src, n, false);
        void *d = arch_user_kptr(dst_as, dst, n, true);
        if (s != NULL && d != NULL) {
            memmove(d, s, n);
        } else {
            n = n < BOUNCE ? n : BOUNCE;
            if (arch_copy_from_user(src_as, bounce, src, n) != 0 ||
                arch_copy_to_user(dst_as, dst, bounce, n) != 0) {
                return -MX_EFAULT;
            }
        }
        src += n;
        dst += n;
        len -= n;
    }
    return MX_OK;
}

int
grant_safecopy(struct proc *caller, uint32_t op, endpoint_t granter, grant_id_t id,
               uint64_t offset, uint64_t addr, uint64_t size)
{
    struct grant_target t;

    if (op != SAFECOPY_FROM && op != SAFECOPY_TO) {
        return -MX_EINVAL;
    }
    if (size > SAFECOPY_MAX) {
        return -MX_E2BIG;
    }
    bool from = op == SAFECOPY_FROM;
    int r = grant_check(caller, granter, id, offset, size, from ? GF_READ : GF_WRITE, &t);
    if (r != MX_OK) {
        return r;
    }
    struct proc *sp = from ? t.owner : caller, *dp = from ? caller : t.owner;
    uint64_t src = from ? t.va : addr, dst = from ? addr : t.va;
    r = copy_between(sp->as_root, src, dp->as_root, dst, size);
    // A page not touched yet: VM makes it present and the call restarts
    // (a vectored call from its first element: the copies are redone).
    return r == -MX_EFAULT ? kmem_copy_fault(caller, sp, src, dp, dst, size) : r;
}

int
grant_vsafecopy(struct proc *caller, uint64_t vec_va, uint64_t count, uint32_t *done)
{
    struct safecopy_elem vec[SAFECOPY_VEC_MAX];

    *done = 0;
    // The count is checked before it sizes anything (MINIX's do_vsafecopy
    // did not, and overflowed its kernel array).
    if (count == 0 || count > SAFECOPY_VEC_MAX) {
        return -MX_EINVAL;
    }
    if (arch_copy_from_user(caller->as_root, vec, vec_va, count * sizeof(vec[0])) != 0) {
        return -MX_EFAULT;
    }
    for (uint64_t i = 0; i < count; i++) {
        const struct safecopy_elem *v = &vec[i];
        int r = grant_safecopy(caller, v->op, v->granter, v->id, v->offset, v->addr, v->size);
        if (r != MX_OK) {
            return r;
        }
        (*done)++;
    }
    return MX_OK;
}
