// Unit tests for the grant checker and safecopy (kernel/grant.c through
// kernel/kcall/kc_setgrant.c and kc_safecopy.c) against the fake arch:
// each process's "memory" is a fake address space holding its grant table
// and data, so entries are written exactly as a granter would write them.
#define UTEST_SUITE "grant"
#include "utest.h"

#include <string.h>

#include <mirv/errors.h>

#include "fake_arch.h"
#include "kcall.h"
#include "proc.h"
#include "sched.h"

enum {
    UBASE = 0x10000,
    TABLE = UBASE,           // grant table: up to 6 entries (240 bytes)
    TABLE_ENTRIES = 6,
    DATA = UBASE + 256,      // 256 bytes of data
    BUF = UBASE + 384,       // a buffer inside the data area
};

static struct fake_as spaces[NR_PROCS];

static void
reset(void)
{
    proc_table_init();
    sched_init();
    memset(spaces, 0, sizeof(spaces));
}

// A process with its own fake memory; its data area holds bytes seed + i.
static struct proc *
make(const char *name, uint8_t seed)
{
    struct proc *p = proc_alloc(name);
    struct fake_as *as = &spaces[p->slot];

    as->base = UBASE;
    as->size = sizeof(as->mem);
    as->writable = true;
    for (unsigned i = 0; i < 256; i++) {
        as->mem[DATA - UBASE + i] = (uint8_t)(seed + i);
    }
    p->as_root = (uint64_t)(uintptr_t)as;
    return p;
}

static uint8_t *
mem(struct proc *p, uint64_t va)
{
    return &spaces[p->slot].mem[va - UBASE];
}

static int
setgrant(struct proc *p, uint64_t table, uint32_t entries)
{
    struct message m = {0};
    m.u.setgrant.table = table;
    m.u.setgrant.entries = entries;
    return kc_setgrant(p, &m);
}

// Writes entry `index` into p's table (as the granter's grant manager does)
// and returns its id.
static grant_id_t
put(struct proc *p, uint32_t index, struct grant_entry e)
{
    memcpy(mem(p, TABLE + index * sizeof(e)), &e, sizeof(e));
    return grant_id_make(index, e.seq);
}

static struct grant_entry
direct(endpoint_t grantee, uint32_t access, uint64_t addr, uint64_t size)
{
    return (struct grant_entry){.flags = GF_USED | GF_VALID | GF_DIRECT | access,
                                .grantee = grantee, .addr = addr, .size = size};
}

static struct grant_entry
indirect(endpoint_t grantee, uint32_t access, endpoint_t from, grant_id_t id)
{
    return (struct grant_entry){.flags = GF_USED | GF_VALID | GF_INDIRECT | access,
                                .grantee = grantee, .from_ep = from, .from_id = id};
}

static int
copy(struct proc *caller, uint32_t op, endpoint_t granter, grant_id_t id, uint64_t offset,
     uint64_t addr, uint64_t size)
{
    struct message m = {0};
    m.u.safecopy.op = op;
    m.u.safecopy.granter = granter;
    m.u.safecopy.id = id;
    m.u.safecopy.offset = offset;
    m.u.safecopy.addr = addr;
    m.u.safecopy.size = size;
    return kc_safecopy(caller, &m);
}

static void
test_setgrant_bounds(void)
{
    reset();
    struct proc *g = make("g", 0);

    CHECK_EQ(setgrant(g, TABLE, GRANT_MAX_ENTRIES + 1), -MX_EINVAL);
    CHECK_EQ(setgrant(g, TABLE + 4, 2), -MX_EINVAL);           // misaligned
    CHECK_EQ(setgrant(g, UBASE + 512, 1), -MX_EFAULT);         // past its memory
    CHECK_EQ(setgrant(g, 0xffffffc000000000ull, 1), -MX_EFAULT); // kernel address
    CHECK_EQ(setgrant(g, UBASE + 480, 2), -MX_EFAULT);         // straddles the end
    CHECK_EQ(g->grant_entries, 0);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    CHECK_EQ(g->grant_table, TABLE);
    CHECK_EQ(g->grant_entries, TABLE_ENTRIES);
    CHECK_EQ(setgrant(g, 0, 0), MX_OK);                        // removed
    CHECK_EQ(g->grant_entries, 0);
}

static void
test_direct_copies_both_ways(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t id = put(g, 0, direct(c->ep, GF_READ | GF_WRITE, DATA, 64));

    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 8, BUF, 16), MX_OK);
    CHECK(memcmp(mem(c, BUF), mem(g, DATA + 8), 16) == 0);
    CHECK_EQ(*mem(c, BUF), 0x18);
    memset(mem(c, BUF), 0xee, 4);
    CHECK_EQ(copy(c, SAFECOPY_TO, g->ep, id, 60, BUF, 4), MX_OK);
    CHECK_EQ(*mem(g, DATA + 60), 0xee);
    CHECK_EQ(*mem(g, DATA + 63), 0xee);
    CHECK_EQ(*mem(g, DATA + 64), 0x50); // the byte after the grant untouched
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 64, BUF, 0), MX_OK); // empty, at the end
}

static void
test_revoked_grant_refused(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    struct grant_entry e = direct(c->ep, GF_READ, DATA, 64);
    grant_id_t id = put(g, 0, e);

    e.flags = 0; // what grant_revoke stores
    put(g, 0, e);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, BUF, 8), -MX_EINVAL);
    CHECK_EQ(*mem(c, BUF), 0xc0); // nothing copied
    e.flags = GF_USED | GF_DIRECT | GF_READ; // allocated but not valid
    put(g, 0, e);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, BUF, 8), -MX_EINVAL);
}

static void
test_stale_id_refused(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    struct grant_entry e = direct(c->ep, GF_READ, DATA, 64);
    grant_id_t old = put(g, 2, e);

    e.seq = 1; // revoked and the slot reused: same index, next sequence
    e.addr = DATA + 128;
    grant_id_t fresh = put(g, 2, e);
    CHECK_EQ(grant_id_index(old), grant_id_index(fresh));
    CHECK(old != fresh);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, old, 0, BUF, 8), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, fresh, 0, BUF, 8), MX_OK);
    CHECK_EQ(*mem(c, BUF), 0x10 + 128);
}

static void
test_bad_ids_and_ranges(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40), *none = make("n", 0);
    CHECK_EQ(setgrant(g, TABLE, 2), MX_OK);
    grant_id_t id = put(g, 1, direct(c->ep, GF_READ, DATA, 64));
    put(g, 2, direct(c->ep, GF_READ, DATA, 64)); // in memory, past the registered count

    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, grant_id_make(2, 0), 0, BUF, 8), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, -1, 0, BUF, 8), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, none->ep, 0, 0, BUF, 8), -MX_EINVAL); // no table
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 60, BUF, 8), -MX_EINVAL);  // past the end
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, BUF, 65), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 65, BUF, 0), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 56, BUF, 8), MX_OK);       // the last 8 bytes
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, BUF, SAFECOPY_MAX + 1), -MX_E2BIG);
    CHECK_EQ(copy(c, 7, g->ep, id, 0, BUF, 8), -MX_EINVAL);               // no such op
}

static void
test_offset_overflow_refused(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t id = put(g, 0, direct(c->ep, GF_READ | GF_WRITE, DATA, 64));
    // A range that wraps, and one reaching into kernel space: bad entries.
    grant_id_t wraps = put(g, 1, direct(c->ep, GF_READ, ~0ull - 15, 64));
    grant_id_t kern = put(g, 2, direct(c->ep, GF_READ, 0x7ffffff0ull, 0x20));

    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, ~0ull - 7, BUF, 16), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_TO, g->ep, id, ~0ull, BUF, 1), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 8, BUF, ~0ull - 3), -MX_E2BIG);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, wraps, 0, BUF, 8), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, kern, 0, BUF, 8), -MX_EINVAL);
    // The C library refuses such ranges itself (EFAULT) by the ABI's bound.
    CHECK_EQ(GRANT_VA_END, ARCH_USER_VA_END);
}

static void
test_wrong_grantee_refused(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40), *o = make("o", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t to_o = put(g, 0, direct(o->ep, GF_READ, DATA, 64));
    grant_id_t to_any = put(g, 1, direct(ENDPOINT_ANY, GF_READ, DATA, 64));

    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, to_o, 0, BUF, 8), -MX_EPERM);
    CHECK_EQ(*mem(c, BUF), 0xc0);
    CHECK_EQ(copy(o, SAFECOPY_FROM, g->ep, to_o, 0, BUF, 8), MX_OK);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, to_any, 0, BUF, 8), MX_OK);
}

static void
test_wrong_access_refused(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t ro = put(g, 0, direct(c->ep, GF_READ, DATA, 64));
    grant_id_t wo = put(g, 1, direct(c->ep, GF_WRITE, DATA, 64));
    grant_id_t none = put(g, 2, direct(c->ep, 0, DATA, 64));

    CHECK_EQ(copy(c, SAFECOPY_TO, g->ep, ro, 0, BUF, 8), -MX_EPERM);
    CHECK_EQ(*mem(g, DATA), 0x10);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, wo, 0, BUF, 8), -MX_EPERM);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, none, 0, BUF, 8), -MX_EPERM);
    CHECK_EQ(copy(c, SAFECOPY_TO, g->ep, wo, 0, BUF, 8), MX_OK);
    CHECK_EQ(*mem(g, DATA), 0xc0);
}

static void
test_garbage_entries_refused(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    struct grant_entry e = direct(c->ep, GF_READ, DATA, 64);

    e.flags |= 1u << 20; // unknown flag
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, put(g, 0, e), 0, BUF, 8), -MX_EINVAL);
    e.flags = GF_VALID | GF_READ | GF_DIRECT | GF_INDIRECT; // both kinds
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, put(g, 0, e), 0, BUF, 8), -MX_EINVAL);
    e.flags = GF_VALID | GF_READ; // neither
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, put(g, 0, e), 0, BUF, 8), -MX_EINVAL);
    e = direct(c->ep, GF_READ, DATA, 64);
    e.seq = 0x8000; // a sequence no id can carry
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, put(g, 0, e), 0, BUF, 8), -MX_EINVAL);
}

static void
test_indirect_chain_followed(void)
{
    reset();
    struct proc *g = make("g", 0x10), *r = make("r", 0x30), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    CHECK_EQ(setgrant(r, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t gid = put(g, 0, direct(r->ep, GF_READ | GF_WRITE, DATA, 64));
    grant_id_t rid = put(r, 0, indirect(c->ep, GF_READ, g->ep, gid));

    CHECK_EQ(copy(c, SAFECOPY_FROM, r->ep, rid, 4, BUF, 8), MX_OK);
    CHECK_EQ(*mem(c, BUF), 0x14); // g's memory, not r's
    CHECK_EQ(copy(c, SAFECOPY_TO, r->ep, rid, 4, BUF, 8), -MX_EPERM); // forwarded read-only
    CHECK_EQ(copy(c, SAFECOPY_FROM, r->ep, rid, 60, BUF, 8), -MX_EINVAL); // range of the end grant
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, gid, 0, BUF, 8), -MX_EPERM); // c is not g's grantee

    // The longest chain allowed: r forwards to itself GRANT_MAX_HOPS - 1 times.
    grant_id_t prev = put(r, 0, indirect(r->ep, GF_READ, g->ep, gid));
    for (uint32_t i = 1; i < GRANT_MAX_HOPS; i++) {
        prev = put(r, i, indirect(i + 1 == GRANT_MAX_HOPS ? c->ep : r->ep, GF_READ, r->ep, prev));
    }
    CHECK_EQ(copy(c, SAFECOPY_FROM, r->ep, prev, 0, BUF, 8), MX_OK);
    CHECK_EQ(*mem(c, BUF), 0x10);
}

static void
test_indirect_chain_too_long_or_looping(void)
{
    reset();
    struct proc *g = make("g", 0x10), *r = make("r", 0x30), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    CHECK_EQ(setgrant(r, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t gid = put(g, 0, direct(r->ep, GF_READ, DATA, 64));
    grant_id_t prev = put(r, 0, indirect(r->ep, GF_READ, g->ep, gid));

    for (uint32_t i = 1; i <= GRANT_MAX_HOPS; i++) {
        prev = put(r, i, indirect(i == GRANT_MAX_HOPS ? c->ep : r->ep, GF_READ, r->ep, prev));
    }
    CHECK_EQ(copy(c, SAFECOPY_FROM, r->ep, prev, 0, BUF, 8), -MX_ELOOP);
    CHECK_EQ(*mem(c, BUF), 0xc0);
    // An entry forwarding itself ends too, instead of spinning.
    grant_id_t self = put(r, 5, indirect(ENDPOINT_ANY, GF_READ, r->ep, grant_id_make(5, 0)));
    CHECK_EQ(copy(c, SAFECOPY_FROM, r->ep, self, 0, BUF, 8), -MX_ELOOP);
}

static void
test_indirect_hop_must_be_grantee(void)
{
    reset();
    struct proc *g = make("g", 0x10), *r = make("r", 0x30), *c = make("c", 0x40);
    struct proc *o = make("o", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    CHECK_EQ(setgrant(r, TABLE, TABLE_ENTRIES), MX_OK);
    // r forwards a grant that was made to o: r cannot pass on what it lacks.
    grant_id_t gid = put(g, 0, direct(o->ep, GF_READ, DATA, 64));
    grant_id_t rid = put(r, 0, indirect(c->ep, GF_READ, g->ep, gid));

    CHECK_EQ(copy(c, SAFECOPY_FROM, r->ep, rid, 0, BUF, 8), -MX_EPERM);
}

static void
test_dead_granter(void)
{
    reset();
    struct proc *g = make("g", 0x10), *r = make("r", 0x30), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    CHECK_EQ(setgrant(r, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t gid = put(g, 0, direct(c->ep, GF_READ, DATA, 64));
    grant_id_t gid_r = put(g, 1, direct(r->ep, GF_READ, DATA, 64));
    grant_id_t rid = put(r, 0, indirect(c->ep, GF_READ, g->ep, gid_r));
    endpoint_t dead = g->ep;

    proc_free(g);
    CHECK_EQ(copy(c, SAFECOPY_FROM, dead, gid, 0, BUF, 8), -MX_EDEADSRCDST);
    CHECK_EQ(copy(c, SAFECOPY_FROM, r->ep, rid, 0, BUF, 8), -MX_EDEADSRCDST);
    struct proc *again = make("g2", 0x20); // the slot reused: a new generation
    CHECK_EQ(again->slot, endpoint_slot(dead));
    CHECK_EQ(copy(c, SAFECOPY_FROM, dead, gid, 0, BUF, 8), -MX_EDEADSRCDST);
    CHECK_EQ(copy(c, SAFECOPY_FROM, ENDPOINT_ANY, gid, 0, BUF, 8), -MX_EINVAL);
    CHECK_EQ(copy(c, SAFECOPY_FROM, ENDPOINT_SYSTEM, gid, 0, BUF, 8), -MX_EINVAL);
    CHECK_EQ(*mem(c, BUF), 0xc0);
}

static void
test_unmapped_or_readonly_memory(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t id = put(g, 0, direct(c->ep, GF_READ | GF_WRITE, DATA, 64));
    grant_id_t hole = put(g, 1, direct(c->ep, GF_READ, UBASE + 0x1000, 64)); // unmapped
    grant_id_t half = put(g, 2, direct(c->ep, GF_READ, UBASE + 480, 64));    // runs off the end

    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, hole, 0, BUF, 8), -MX_EFAULT);
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, half, 0, BUF, 64), -MX_EFAULT);
    CHECK_EQ(*mem(c, BUF), 0xc0); // no partial copy
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, 0x5000, 8), -MX_EFAULT);
    CHECK_EQ(copy(c, SAFECOPY_TO, g->ep, id, 0, UBASE + 508, 8), -MX_EFAULT);
    CHECK_EQ(*mem(g, DATA), 0x10);
    spaces[c->slot].writable = false; // the caller's memory read-only
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, BUF, 8), -MX_EFAULT);
    spaces[c->slot].writable = true;
    spaces[g->slot].writable = false; // the granted memory read-only
    memset(mem(c, BUF), 0x77, 8);
    CHECK_EQ(copy(c, SAFECOPY_TO, g->ep, id, 0, BUF, 8), -MX_EFAULT);
    CHECK_EQ(*mem(g, DATA), 0x10);
    // A table that became unreadable (g's memory gone): EFAULT.
    spaces[g->slot].size = 0;
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, BUF, 8), -MX_EFAULT);
}

static void
test_copy_through_bounce_buffer(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t id = put(g, 0, direct(c->ep, GF_READ, DATA, 128));

    spaces[g->slot].no_kptr = true; // no kernel pointer: the bounce path
    CHECK_EQ(copy(c, SAFECOPY_FROM, g->ep, id, 0, UBASE + 256 + 128, 128), MX_OK);
    CHECK(memcmp(mem(c, DATA + 128), mem(g, DATA), 128) == 0);
}

static int
vcopy(struct proc *caller, uint64_t vec, uint64_t count, uint32_t *done)
{
    struct message m = {0};
    m.u.safecopy.op = SAFECOPY_VEC;
    m.u.safecopy.addr = vec;
    m.u.safecopy.size = count;
    m.u.safecopy.done = 99;
    int r = kc_safecopy(caller, &m);
    *done = m.u.safecopy.done;
    return r;
}

static void
test_vector(void)
{
    reset();
    struct proc *g = make("g", 0x10), *c = make("c", 0x40);
    CHECK_EQ(setgrant(g, TABLE, TABLE_ENTRIES), MX_OK);
    grant_id_t id = put(g, 0, direct(c->ep, GF_READ | GF_WRITE, DATA, 64));
    struct safecopy_elem v[3] = {
        {.op = SAFECOPY_FROM, .granter = g->ep, .id = id, .offset = 0, .addr = BUF, .size = 8},
        {.op = SAFECOPY_TO, .granter = g->ep, .id = id, .offset = 32, .addr = BUF, .size = 8},
        {.op = SAFECOPY_FROM, .granter = g->ep, .id = id, .offset = 60, .addr = BUF, .size = 8},
    };
    uint32_t done = 0;

    memcpy(mem(c, UBASE), v, sizeof(v)); // the vector in c's memory
    CHECK_EQ(vcopy(c, UBASE, 2, &done), MX_OK);
    CHECK_EQ(done, 2);
    CHECK_EQ(*mem(g, DATA + 32), 0x10); // element 1 copied what element 0 fetched
    CHECK_EQ(vcopy(c, UBASE, 3, &done), -MX_EINVAL); // element 2 is out of range
    CHECK_EQ(done, 2);
    CHECK_EQ(vcopy(c, UBASE, 0, &done), -MX_EINVAL);
    CHECK_EQ(done, 0);
    CHECK_EQ(vcopy(c, UBASE, SAFECOPY_VEC_MAX + 1, &done), -MX_EINVAL);
    CHECK_EQ(vcopy(c, UBASE, 1ull << 58, &done), -MX_EINVAL); // count * size would wrap
    CHECK_EQ(vcopy(c, UBASE + 500, 1, &done), -MX_EFAULT);   // vector off the end
    v[0].op = SAFECOPY_VEC; // no nesting
    memcpy(mem(c, UBASE), v, sizeof(v));
    CHECK_EQ(vcopy(c, UBASE, 1, &done), -MX_EINVAL);
    CHECK_EQ(done, 0);
}

static void
test_table_moves_with_live_update_and_goes_on_reload(void)
{
    reset();
    struct proc *mgr = make("rs", 0), *old = make("old", 0), *nu = make("new", 0);
    old->priv.sig_mgr = nu->priv.sig_mgr = mgr->ep; // both RTS_NEW, managed by mgr
    CHECK_EQ(setgrant(old, TABLE, 3), MX_OK);
    CHECK_EQ(setgrant(nu, TABLE + 40, 5), MX_OK);
    struct message m = {0};
    m.u.update.old_ep = old->ep;
    m.u.update.new_ep = nu->ep;

    CHECK_EQ(kc_update(mgr, &m), MX_OK);
    CHECK_EQ(old->grant_table, TABLE + 40); // the slot now runs the new image
    CHECK_EQ(old->grant_entries, 5);
    CHECK_EQ(nu->grant_table, TABLE);
    CHECK_EQ(nu->grant_entries, 3);
    proc_reset_for_reload(old);
    CHECK_EQ(old->grant_entries, 0);
    CHECK_EQ(old->grant_table, 0);
}

int
main(void)
{
    UTEST_RUN(test_setgrant_bounds);
    UTEST_RUN(test_direct_copies_both_ways);
    UTEST_RUN(test_revoked_grant_refused);
    UTEST_RUN(test_stale_id_refused);
    UTEST_RUN(test_bad_ids_and_ranges);
    UTEST_RUN(test_offset_overflow_refused);
    UTEST_RUN(test_wrong_grantee_refused);
    UTEST_RUN(test_wrong_access_refused);
    UTEST_RUN(test_garbage_entries_refused);
    UTEST_RUN(test_indirect_chain_followed);
    UTEST_RUN(test_indirect_chain_too_long_or_looping);
    UTEST_RUN(test_indirect_hop_must_be_grantee);
    UTEST_RUN(test_dead_granter);
    UTEST_RUN(test_unmapped_or_readonly_memory);
    UTEST_RUN(test_copy_through_bounce_buffer);
    UTEST_RUN(test_vector);
    UTEST_RUN(test_table_moves_with_live_update_and_goes_on_reload);
    return utest_finish();
}
