// kmemtest: SIGKMEM and the shared zero page in the page-fault image (with
// the VM server). It maps anonymous memory from VM and, without touching
// it, has kernel calls copy into and out of it: kmemdrv's safecopies
// through grants (one page, four pages, a vectored call over three pages,
// a read of untouched memory, a grant of an address without a region) and
// its own vircopy. Then it measures, with rdinstret under -icount, one
// SIGKMEM round, a read fault served with the shared zero page, the write
// fault that follows it, and a plain first-touch store fault. It runs
// before pfbench (higher priority) and prints "KMEM DONE fail=N".
#include <mirv/errors.h>
#include <mirv/grant.h>
#include <mirv/vm.h>

#include "grant.h"
#include "ktest.h"
#include "syslib.h"

enum { PG = 4096, RUNS = 32 };

static int failures;
static endpoint_t drv;
static uint64_t cost[RUNS];

static void
report(const char *name, const char *why)
{
    failures += ktest_report("pagefault", name, why);
}

// Fresh anonymous read/write memory from VM: nothing of it is present.
static uint8_t *
fresh(uint64_t pages)
{
    struct message m = {.type = VM_MMAP};
    m.u.vm_req.len = pages * PG;
    m.u.vm_req.prot = VM_PROT_READ | VM_PROT_WRITE;
    m.u.vm_req.flags = VM_MAP_PRIVATE | VM_MAP_ANONYMOUS;
    if (ipc_sendrec(sys_lookup("vm"), &m) != MX_OK || m.u.vm_rep.status != MX_OK) {
        uprintf("kmemtest: mmap from vm failed (%d)\n", (int)m.u.vm_rep.status);
        sys_abort(1);
    }
    return (uint8_t *)(uintptr_t)m.u.vm_rep.addr;
}

// Asks kmemdrv for op on grant id; the status (raw[1] of the answer in *extra).
static int64_t
drv_call(uint32_t type, grant_id_t id, uint64_t offset, uint64_t size, grant_id_t id2,
         grant_id_t id3, int64_t *extra)
{
    struct message m = {.type = type};
    m.u.raw[0] = (uint64_t)sys_self();
    m.u.raw[1] = (uint64_t)id;
    m.u.raw[2] = offset;
    m.u.raw[3] = size;
    m.u.raw[4] = (uint64_t)id2;
    m.u.raw[5] = (uint64_t)id3;
    if (ipc_sendrec(drv, &m) != MX_OK) {
        return -MX_EDEADSRCDST;
    }
    if (extra != NULL) {
        *extra = (int64_t)m.u.raw[1];
    }
    return (int64_t)m.u.raw[0];
}

static bool
is_pattern(const uint8_t *p, uint64_t len)
{
    for (uint64_t i = 0; i < len; i++) {
        if (p[i] != kmem_pattern(i)) {
            return false;
        }
    }
    return true;
}

static const char *
test_grant_copy_into_untouched_pages(void)
{
    uint8_t *one = fresh(1), *four = fresh(5);
    grant_id_t a = grant_direct(drv, one, PG, GF_WRITE);
    grant_id_t b = grant_direct(drv, four + 100, 3 * PG + 200, GF_WRITE);

    if (a < 0 || b < 0) {
        return "grant_direct failed";
    }
    if (drv_call(KMEMDRV_TO, a, 8, 64, 0, 0, NULL) != MX_OK || !is_pattern(one + 8, 64) ||
        one[0] != 0 || one[72] != 0) {
        return "safecopyto into an untouched page failed or wrote elsewhere";
    }
    if (drv_call(KMEMDRV_TO, b, 0, 3 * PG + 200, 0, 0, NULL) != MX_OK ||
        !is_pattern(four + 100, 3 * PG + 200) || four[99] != 0) {
        return "safecopyto across four untouched pages failed";
    }
    return NULL;
}

static const char *
test_grant_vsafecopy_untouched_pages(void)
{
    uint8_t *p = fresh(3);
    grant_id_t g[3];
    for (unsigned i = 0; i < 3; i++) {
        g[i] = grant_direct(drv, p + i * PG + 16, 32, GF_WRITE);
    }
    int64_t done = -1;
    int64_t r = drv_call(KMEMDRV_VEC, g[0], 0, 32, g[1], g[2], &done);
    if (r != MX_OK || done != 3) {
        return "vectored safecopy into three untouched pages did not complete";
    }
    for (unsigned i = 0; i < 3; i++) {
        if (!is_pattern(p + i * PG + 16, 32)) {
            return "vectored safecopy lost an element";
        }
    }
    return NULL;
}

static const char *
test_grant_copy_from_untouched_page(void)
{
    uint8_t *p = fresh(2);
    grant_id_t g = grant_direct(drv, p + PG - 8, 16, GF_READ);
    int64_t sum = -1;
    if (drv_call(KMEMDRV_FROM, g, 0, 16, 0, 0, &sum) != MX_OK || sum != 0) {
        return "safecopyfrom an untouched page failed or did not read zeros";
    }
    return NULL;
}

static const char *
test_grant_copy_no_region_efault(void)
{
    grant_id_t g = grant_direct(drv, (void *)(uintptr_t)0x30000000, 64, GF_WRITE);
    if (drv_call(KMEMDRV_TO, g, 0, 64, 0, 0, NULL) != -MX_EFAULT) {
        return "safecopyto into a grant without a region was not EFAULT";
    }
    uint8_t *p = fresh(1); // VM and the driver still serve
    g = grant_direct(drv, p, 64, GF_WRITE);
    return drv_call(KMEMDRV_TO, g, 0, 64, 0, 0, NULL) == MX_OK && is_pattern(p, 64)
               ? NULL
               : "copies fail after a refused one";
}

static const char *
test_vircopy_into_untouched_page(void)
{
    static uint64_t src[4] = {1, 2, 3, 4};
    uint8_t *p = fresh(2);
    endpoint_t self = sys_self();
    int r = sys_vircopy(self, (uint64_t)(uintptr_t)src, self, (uint64_t)(uintptr_t)p + PG - 16,
                        sizeof(src));
    const uint64_t *got = (const uint64_t *)(uintptr_t)(p + PG - 16);
    return r == MX_OK && got[0] == 1 && got[3] == 4 ? NULL
                                                   : "vircopy into untouched pages failed";
}

static uint64_t
median(uint64_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned j = i;
        for (; j > 0 && v[j - 1] > x; j--) {
            v[j] = v[j - 1];
        }
        v[j] = x;
    }
    return v[n / 2];
}

// One SIGKMEM round: a vircopy into an untouched page less the same copy
// into a page now present.
static void
measure_kmem_round(void)
{
    static uint64_t src = 7;
    uint8_t *p = fresh(RUNS);
    endpoint_t self = sys_self();
    uint64_t base = ~0ull;

    for (unsigned i = 0; i < RUNS; i++) {
        uint64_t t0 = rdinstret();
        sys_vircopy(self, (uint64_t)(uintptr_t)&src, self, (uint64_t)(uintptr_t)(p + i * PG), 8);
        cost[i] = rdinstret() - t0;
    }
    for (unsigned i = 0; i < RUNS; i++) {
        uint64_t t0 = rdinstret();
        sys_vircopy(self, (uint64_t)(uintptr_t)&src, self, (uint64_t)(uintptr_t)(p + i * PG), 8);
        uint64_t c = rdinstret() - t0;
        base = c < base ? c : base;
    }
    for (unsigned i = 0; i < RUNS; i++) {
        cost[i] -= base;
    }
    uprintf("PERF kmem_vircopy_mapped_insns %lu\n", (unsigned long)base);
    uprintf("PERF kmem_round_insns %lu\n", (unsigned long)median(cost, RUNS));
}

// First-touch loads (the zero page), then stores to the same pages (the
// copy-on-write upgrade), then plain first-touch stores; each less the
// same access to a present page.
static void
measure_zero_page(void)
{
    volatile uint64_t *z = (volatile uint64_t *)(uintptr_t)fresh(RUNS);
    volatile uint64_t *w = (volatile uint64_t *)(uintptr_t)fresh(RUNS);
    uint64_t up[RUNS], st[RUNS], sum = 0;

    for (unsigned i = 0; i < RUNS; i++) {
        uint64_t t0 = rdinstret();
        sum += z[i * PG / 8];
        cost[i] = rdinstret() - t0;
    }
    for (unsigned i = 0; i < RUNS; i++) {
        uint64_t t0 = rdinstret();
        z[i * PG / 8] = i + 1;
        up[i] = rdinstret() - t0;
    }
    for (unsigned i = 0; i < RUNS; i++) {
        uint64_t t0 = rdinstret();
        w[i * PG / 8] = i + 1;
        st[i] = rdinstret() - t0;
    }
    uint64_t lbase = ~0ull, sbase = ~0ull;
    for (unsigned i = 0; i < RUNS; i++) {
        uint64_t t0 = rdinstret();
        sum += z[i * PG / 8];
        uint64_t t1 = rdinstret();
        w[i * PG / 8] = i + 2;
        uint64_t t2 = rdinstret();
        lbase = t1 - t0 < lbase ? t1 - t0 : lbase;
        sbase = t2 - t1 < sbase ? t2 - t1 : sbase;
    }
    for (unsigned i = 0; i < RUNS; i++) {
        cost[i] -= lbase;
        up[i] -= sbase;
        st[i] -= sbase;
    }
    uprintf("PERF zero_read_fault_insns %lu\n", (unsigned long)median(cost, RUNS));
    uprintf("PERF zero_write_upgrade_insns %lu\n", (unsigned long)median(up, RUNS));
    uprintf("PERF kmemtest_store_fault_insns %lu\n", (unsigned long)median(st, RUNS));
    report("zero_page_reads_then_writes",
           sum == RUNS * (RUNS + 1) / 2 ? NULL : "zero-page reads or later writes went wrong");
}

int
main(void)
{
    drv = sys_lookup("kmemdrv");
    if (drv < 0) {
        uprintf("kmemtest: no kmemdrv\n");
        sys_abort(1);
    }
    report("grant_copy_into_untouched_pages", test_grant_copy_into_untouched_pages());
    report("grant_vsafecopy_untouched_pages", test_grant_vsafecopy_untouched_pages());
    report("grant_copy_from_untouched_page", test_grant_copy_from_untouched_page());
    report("grant_copy_no_region_efault", test_grant_copy_no_region_efault());
    report("vircopy_into_untouched_page", test_vircopy_into_untouched_page());
    measure_kmem_round();
    measure_zero_page();
    uprintf("KMEM DONE fail=%d\n", failures);
    for (;;) {
        struct message m;
        ipc_receive(ENDPOINT_ANY, &m); // pfbench ends the run
    }
}
