// gtest: the grant and safecopy system test. The grants are made by
// grantsrv instances (granter, relay, doomed) in their own address spaces;
// gtest copies through them with KC_SAFECOPY and checks the results: data
// both ways, access rights, grantee, revoke and stale ids, ranges and
// overflow, indirect chains (ok, too long, wrong hop), a dead granter, a
// read-only or unmapped page of its own, the vector and its bound. It also
// measures safecopies of 0, 64 and 4096 bytes (one page on both sides, and
// crossing pages on both sides) in instructions. Prints "PASS:
// grant/<name>" or "FAIL: grant/<name>: why"; then answers ipctest's
// GTEST_DONE with its failure count.
#include <string.h>

#include "grant.h"
#include "ktest.h"
#include "syslib.h"

enum { PERF_ROUNDS = 200 };

static int failures;
static endpoint_t self, granter, relay, doomed;
static uint64_t granter_buf, relay_buf;       // their data buffers
static _Alignas(4096) uint8_t local[2 * 4096];
static const uint8_t readonly_page[64] = {1}; // in .rodata: mapped read-only
static const uint64_t UNMAPPED = 0x40000000ull;

static void
report(const char *name, const char *why)
{
    failures += ktest_report("grant", name, why);
}

// A grantsrv request with up to four arguments; returns the reply's raw[0]
// (or the IPC error).
static int64_t
ask(endpoint_t srv, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    struct message m = {.type = type};
    m.u.raw[0] = a0;
    m.u.raw[1] = a1;
    m.u.raw[2] = a2;
    m.u.raw[3] = a3;
    int r = ipc_sendrec(srv, &m);
    return r != 0 ? r : (int64_t)m.u.raw[0];
}

static grant_id_t
direct(endpoint_t srv, endpoint_t grantee, uint64_t addr, uint64_t size, uint32_t access)
{
    return (grant_id_t)ask(srv, GSRV_DIRECT, (uint64_t)(int64_t)grantee, addr, size, access);
}

// True if local[at..at+n) holds the grantsrv pattern from buffer offset off.
static int
matches(uint64_t at, uint64_t off, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        if (local[at + i] != gsrv_pattern(off + i)) {
            return 0;
        }
    }
    return 1;
}

static const char *
test_direct_both_ways(void)
{
    grant_id_t id = direct(granter, self, granter_buf, 4096, GF_READ | GF_WRITE);
    static const uint8_t word[8] = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4};

    if (id < 0) {
        return "granter could not make a grant";
    }
    memset(local, 0, sizeof(local));
    if (sys_safecopyfrom(granter, id, 100, local, 64) != 0 || !matches(0, 100, 64)) {
        return "safecopyfrom did not copy the granted bytes";
    }
    if (sys_safecopyto(granter, id, 200, word, 8) != 0) {
        return "safecopyto failed";
    }
    uint64_t v = (uint64_t)ask(granter, GSRV_PEEK, 200, 0, 0, 0);
    if (memcmp(&v, word, 8) != 0) {
        return "the granter does not see what safecopyto wrote";
    }
    return NULL;
}

static const char *
test_access_checked(void)
{
    grant_id_t ro = direct(granter, self, granter_buf + 4096, 64, GF_READ);
    grant_id_t wo = direct(granter, self, granter_buf + 4096, 64, GF_WRITE);

    if (ro < 0 || wo < 0) {
        return "grants not made";
    }
    if (sys_safecopyto(granter, ro, 0, local, 8) != -MX_EPERM) {
        return "write through a read-only grant not EPERM";
    }
    if (sys_safecopyfrom(granter, wo, 0, local, 8) != -MX_EPERM) {
        return "read through a write-only grant not EPERM";
    }
    if ((uint8_t)ask(granter, GSRV_PEEK, 4096, 0, 0, 0) != gsrv_pattern(4096)) {
        return "the refused write changed the granter's memory";
    }
    return NULL;
}

static const char *
test_grantee_checked(void)
{
    grant_id_t to_relay = direct(granter, relay, granter_buf, 64, GF_READ);
    grant_id_t to_any = direct(granter, ENDPOINT_ANY, granter_buf, 64, GF_READ);

    if (to_relay < 0 || to_any < 0) {
        return "grants not made";
    }
    if (sys_safecopyfrom(granter, to_relay, 0, local, 8) != -MX_EPERM) {
        return "a grant to another process was usable";
    }
    if (sys_safecopyfrom(granter, to_any, 0, local, 8) != 0) {
        return "a grant to ANY was refused";
    }
    return NULL;
}

static const char *
test_revoke_and_stale_id(void)
{
    grant_id_t id = direct(granter, self, granter_buf, 64, GF_READ);

    if (id < 0 || sys_safecopyfrom(granter, id, 0, local, 8) != 0) {
        return "fresh grant not usable";
    }
    if (ask(granter, GSRV_REVOKE, (uint64_t)id, 0, 0, 0) != 0) {
        return "revoke failed";
    }
    if (sys_safecopyfrom(granter, id, 0, local, 8) != -MX_EINVAL) {
        return "revoked grant not EINVAL";
    }
    grant_id_t again = direct(granter, self, granter_buf + 64, 64, GF_READ);
    if (again < 0 || grant_id_index(again) != grant_id_index(id) || again == id) {
        return "the slot was not reused under a new sequence number";
    }
    if (sys_safecopyfrom(granter, id, 0, local, 8) != -MX_EINVAL) {
        return "stale id reached the slot's new grant";
    }
    if (sys_safecopyfrom(granter, again, 0, local, 8) != 0 || !matches(0, 64, 8)) {
        return "the new grant does not work";
    }
    return NULL;
}

static const char *
test_ranges_checked(void)
{
    grant_id_t id = direct(granter, self, granter_buf, 256, GF_READ | GF_WRITE);

    if (id < 0) {
        return "grant not made";
    }
    if (sys_safecopyfrom(granter, id, 250, local, 8) != -MX_EINVAL ||
        sys_safecopyfrom(granter, id, 0, local, 257) != -MX_EINVAL) {
        return "a range past the grant not EINVAL";
    }
    if (sys_safecopyfrom(granter, id, ~0ull - 3, local, 8) != -MX_EINVAL ||
        sys_safecopyto(granter, id, ~0ull, local, 1) != -MX_EINVAL) {
        return "an overflowing offset not EINVAL";
    }
    if (sys_safecopyfrom(granter, grant_id_make(GRANT_LIB_ENTRIES - 1, 0), 0, local, 8) !=
            -MX_EINVAL ||
        sys_safecopyfrom(granter, grant_id_make(GRANT_LIB_ENTRIES, 0), 0, local, 8) !=
            -MX_EINVAL ||
        sys_safecopyfrom(granter, -5, 0, local, 8) != -MX_EINVAL) {
        return "an unused, out-of-table or negative id not EINVAL";
    }
    if (sys_safecopyfrom(sys_lookup("pong"), 0, 0, local, 8) != -MX_EINVAL) {
        return "a process without a grant table not EINVAL";
    }
    if (sys_safecopyfrom(granter, id, 248, local, 8) != 0 || !matches(0, 248, 8)) {
        return "the last bytes of the grant not readable";
    }
    return NULL;
}

static const char *
test_local_memory_checked(void)
{
    grant_id_t id = direct(granter, self, granter_buf, 64, GF_READ | GF_WRITE);
    grant_id_t hole = direct(granter, self, UNMAPPED, 64, GF_READ);

    if (id < 0 || hole < 0) {
        return "grants not made";
    }
    if (sys_safecopyfrom(granter, id, 0, (void *)(uintptr_t)readonly_page, 8) != -MX_EFAULT) {
        return "safecopyfrom into a read-only page not EFAULT";
    }
    if (readonly_page[0] != 1) {
        return "the read-only page changed";
    }
    if (sys_safecopyto(granter, id, 0, (const void *)(uintptr_t)UNMAPPED, 8) != -MX_EFAULT ||
        sys_safecopyfrom(granter, id, 0, (void *)(uintptr_t)0x80200000ull, 8) != -MX_EFAULT) {
        return "an unmapped or kernel local address not EFAULT";
    }
    if ((uint8_t)ask(granter, GSRV_PEEK, 0, 0, 0, 0) != gsrv_pattern(0)) {
        return "a refused safecopyto changed the granter's memory";
    }
    if (sys_safecopyfrom(granter, hole, 0, local, 8) != -MX_EFAULT) {
        return "a grant of the granter's unmapped memory not EFAULT";
    }
    return NULL;
}

static const char *
test_indirect(void)
{
    grant_id_t g = direct(granter, relay, granter_buf + 512, 512, GF_READ | GF_WRITE);
    grant_id_t r = (grant_id_t)ask(relay, GSRV_INDIRECT, (uint64_t)self, (uint64_t)granter,
                                   (uint64_t)g, GF_READ);

    if (g < 0 || r < 0) {
        return "grants not made";
    }
    memset(local, 0, 64);
    if (sys_safecopyfrom(relay, r, 10, local, 32) != 0 || !matches(0, 512 + 10, 32)) {
        return "copy through a forwarded grant did not reach the granter's bytes";
    }
    if (sys_safecopyto(relay, r, 0, local, 8) != -MX_EPERM) {
        return "write through a read-only forward not EPERM";
    }
    if (sys_safecopyfrom(granter, g, 0, local, 8) != -MX_EPERM) {
        return "the relay's own grant usable by gtest";
    }
    return NULL;
}

static const char *
test_indirect_chain_length(void)
{
    grant_id_t g = direct(granter, relay, granter_buf, 64, GF_READ);
    grant_id_t ok = (grant_id_t)ask(relay, GSRV_CHAIN, (uint64_t)self, (uint64_t)granter,
                                    (uint64_t)g, GRANT_MAX_HOPS);
    grant_id_t longer = (grant_id_t)ask(relay, GSRV_CHAIN, (uint64_t)self, (uint64_t)granter,
                                        (uint64_t)g, GRANT_MAX_HOPS + 1);

    if (g < 0 || ok < 0 || longer < 0) {
        return "chains not made";
    }
    if (sys_safecopyfrom(relay, ok, 0, local, 8) != 0 || !matches(0, 0, 8)) {
        return "a chain of GRANT_MAX_HOPS forwards refused";
    }
    if (sys_safecopyfrom(relay, longer, 0, local, 8) != -MX_ELOOP) {
        return "a chain one hop longer not ELOOP";
    }
    return NULL;
}

static const char *
test_indirect_hop_checked(void)
{
    // The relay forwards a grant made to gtest, not to the relay.
    grant_id_t g = direct(granter, self, granter_buf, 64, GF_READ);
    grant_id_t r = (grant_id_t)ask(relay, GSRV_INDIRECT, (uint64_t)self, (uint64_t)granter,
                                   (uint64_t)g, GF_READ);

    if (g < 0 || r < 0) {
        return "grants not made";
    }
    if (sys_safecopyfrom(relay, r, 0, local, 8) != -MX_EPERM) {
        return "a forward of a grant the relay does not hold not EPERM";
    }
    return NULL;
}

static const char *
test_dead_granter(void)
{
    uint64_t dbuf = (uint64_t)ask(doomed, GSRV_BUFADDR, 0, 0, 0, 0);
    grant_id_t d = direct(doomed, self, dbuf, 64, GF_READ);
    grant_id_t d_relay = direct(doomed, relay, dbuf, 64, GF_READ);
    grant_id_t r = (grant_id_t)ask(relay, GSRV_INDIRECT, (uint64_t)self, (uint64_t)doomed,
                                   (uint64_t)d_relay, GF_READ);

    if (d < 0 || d_relay < 0 || r < 0 || sys_safecopyfrom(doomed, d, 0, local, 8) != 0 ||
        sys_safecopyfrom(relay, r, 0, local, 8) != 0) {
        return "grants of the doomed granter not usable while it lives";
    }
    if (ask(doomed, GSRV_EXIT, 0, 0, 0, 0) != 0 || sys_lookup("doomed") >= 0) {
        return "the doomed granter did not exit";
    }
    if (sys_safecopyfrom(doomed, d, 0, local, 8) != -MX_EDEADSRCDST) {
        return "a dead granter not EDEADSRCDST";
    }
    if (sys_safecopyfrom(relay, r, 0, local, 8) != -MX_EDEADSRCDST) {
        return "a chain through a dead granter not EDEADSRCDST";
    }
    if (sys_safecopyfrom(ENDPOINT_ANY, d, 0, local, 8) != -MX_EINVAL) {
        return "ANY as granter not EINVAL";
    }
    return NULL;
}

static const char *
test_vector(void)
{
    grant_id_t g = direct(granter, self, granter_buf + 1024, 1024, GF_READ | GF_WRITE);
    static struct safecopy_elem v[SAFECOPY_VEC_MAX + 1];
    uint32_t done = 0;

    if (g < 0) {
        return "grant not made";
    }
    memset(local, 0, 256);
    memset(v, 0, sizeof(v));
    for (unsigned i = 0; i < 3; i++) {
        v[i] = (struct safecopy_elem){.op = SAFECOPY_FROM, .granter = granter, .id = g,
                                      .offset = i * 100, .addr = (uint64_t)(uintptr_t)&local[i * 64],
                                      .size = 64};
    }
    if (sys_vsafecopy(v, 3, &done) != 0 || done != 3 || !matches(0, 1024, 64) ||
        !matches(64, 1124, 64) || !matches(128, 1224, 64)) {
        return "a 3-element vector did not copy";
    }
    v[1].offset = 1000; // out of the grant: the call stops there
    if (sys_vsafecopy(v, 3, &done) != -MX_EINVAL || done != 1) {
        return "a bad element did not stop the vector after the good ones";
    }
    for (unsigned i = 0; i <= SAFECOPY_VEC_MAX; i++) {
        v[i] = v[0];
    }
    if (sys_vsafecopy(v, SAFECOPY_VEC_MAX + 1, &done) != -MX_EINVAL || done != 0 ||
        sys_vsafecopy(v, 0, &done) != -MX_EINVAL || sys_vsafecopy(v, ~0u, &done) != -MX_EINVAL) {
        return "a vector count of 0 or above the bound not EINVAL";
    }
    if (sys_vsafecopy(v, SAFECOPY_VEC_MAX, &done) != 0 || done != SAFECOPY_VEC_MAX) {
        return "a vector of exactly the bound refused";
    }
    return NULL;
}

static const char *
test_setgrant_checked(void)
{
    static struct grant_entry t[4];

    if (sys_setgrant(t, GRANT_MAX_ENTRIES + 1) != -MX_EINVAL ||
        sys_setgrant((const struct grant_entry *)(uintptr_t)((uintptr_t)t + 4), 1) != -MX_EINVAL) {
        return "too many entries or a misaligned table not EINVAL";
    }
    if (sys_setgrant((const struct grant_entry *)(uintptr_t)0x80200000ull, 1) != -MX_EFAULT ||
        sys_setgrant((const struct grant_entry *)(uintptr_t)UNMAPPED, 1) != -MX_EFAULT) {
        return "a kernel or unmapped table not EFAULT";
    }
    if (sys_setgrant(t, 4) != 0 || sys_setgrant(NULL, 0) != 0) {
        return "registering and removing a table failed";
    }
    return NULL;
}

// Best instructions per safecopyfrom of n bytes over three passes; the
// loop's own cost (a few instructions) is included.
static uint64_t
measure(grant_id_t id, uint64_t offset, uint8_t *dst, uint64_t n)
{
    uint64_t best = ~0ull;

    for (int pass = 0; pass < 3; pass++) {
        uint64_t t0 = rdinstret();
        for (int i = 0; i < PERF_ROUNDS; i++) {
            if (sys_safecopyfrom(granter, id, offset, dst, n) != 0) {
                return 0;
            }
        }
        uint64_t per = (rdinstret() - t0) / PERF_ROUNDS;
        best = per < best ? per : best;
    }
    return best;
}

static const char *
test_perf(void)
{
    grant_id_t id = direct(granter, self, granter_buf, GSRV_BUF_BYTES, GF_READ);

    if (id < 0) {
        return "grant not made";
    }
    uint64_t none = measure(id, 64, local, 0);
    uint64_t small = measure(id, 64, local, 64);
    uint64_t aligned = measure(id, 4096, &local[4096], 4096);
    uint64_t page = measure(id, 2048, &local[1024], 4096);
    if (none == 0 || small == 0 || aligned == 0 || page == 0) {
        return "safecopy failed while measuring";
    }
    if (!matches(1024, 2048, 4096)) {
        return "the 4 KiB page-crossing copy is wrong";
    }
    uprintf("PERF safecopy_0_insns %lu\n", (unsigned long)none);
    uprintf("PERF safecopy_64_insns %lu\n", (unsigned long)small);
    uprintf("PERF safecopy_4k_aligned_insns %lu\n", (unsigned long)aligned);
    uprintf("PERF safecopy_4k_insns %lu\n", (unsigned long)page);
    return NULL;
}

int
main(void)
{
    struct message m;

    self = sys_self();
    granter = sys_lookup("granter");
    relay = sys_lookup("relay");
    doomed = sys_lookup("doomed");
    granter_buf = (uint64_t)ask(granter, GSRV_BUFADDR, 0, 0, 0, 0);
    relay_buf = (uint64_t)ask(relay, GSRV_BUFADDR, 0, 0, 0, 0);
    if (granter < 0 || relay < 0 || doomed < 0 || (int64_t)granter_buf <= 0 ||
        (int64_t)relay_buf <= 0) {
        report("setup", "grantsrv instances not found");
    } else {
        report("direct_both_ways", test_direct_both_ways());
        report("access_checked", test_access_checked());
        report("grantee_checked", test_grantee_checked());
        report("revoke_and_stale_id", test_revoke_and_stale_id());
        report("ranges_checked", test_ranges_checked());
        report("local_memory_checked", test_local_memory_checked());
        report("indirect", test_indirect());
        report("indirect_chain_length", test_indirect_chain_length());
        report("indirect_hop_checked", test_indirect_hop_checked());
        report("dead_granter", test_dead_granter());
        report("vector", test_vector());
        report("setgrant_checked", test_setgrant_checked());
        report("perf", test_perf());
    }
    for (;;) {
        if (ipc_receive(ENDPOINT_ANY, &m) != 0 || m.type != GTEST_DONE) {
            continue;
        }
        m.u.raw[0] = (uint64_t)failures;
        ipc_send(m.source, &m);
    }
}
