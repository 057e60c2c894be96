// pfbench: the page-fault benchmark and its correctness checks. Maps an
// anonymous region from VM (VM_MMAP) and touches each page once with a store,
// reading rdinstret just before and after the first touch, subtracts the
// same measurement on an already-mapped page, and prints min, median, p90
// and max ("PERF pagefault_insns_median N" ...). Also checks that faulted
// pages are zeroed and keep what is written, that a first-touch load works,
// that a fault outside any region reached the process's manager as
// SIGSEGV, and that faults keep the kernel's count of the process's pages. Prints "PASS: pagefault/<name>" lines and stops the machine.
#include <mirv/errors.h>
#include <mirv/signal.h>
#include <mirv/vm.h>

#include "ktest.h"
#include "syslib.h"

#ifndef BENCH_PAGES
#define BENCH_PAGES 256
#endif
// PFBENCH_PHASES_ONLY: only the faults, nothing else (make bench profiles a
// 256-page and a 128-page build; their difference is exactly 128 faults).

static int failures;
static uint64_t cost[BENCH_PAGES];

static void
report(const char *name, const char *why)
{
    failures += ktest_report("pagefault", name, why);
}

static volatile uint64_t *
page(unsigned i)
{
    return (volatile uint64_t *)(PF_REGION_BASE + (uint64_t)i * 4096);
}

// The benchmark's region: anonymous memory from VM, expected at
// PF_REGION_BASE (the first mapping of a process goes there).
static void
map_region(void)
{
    struct message m = {.type = VM_MMAP};
    m.u.vm_req.len = PF_REGION_PAGES * 4096ull;
    m.u.vm_req.prot = VM_PROT_READ | VM_PROT_WRITE;
    m.u.vm_req.flags = VM_MAP_PRIVATE | VM_MAP_ANONYMOUS;
    endpoint_t vm = sys_lookup("vm");
    if (vm < 0 || ipc_sendrec(vm, &m) != MX_OK || m.u.vm_rep.status != MX_OK ||
        m.u.vm_rep.addr != PF_REGION_BASE) {
        uprintf("pfbench: mmap from vm failed (%d)\n", (int)m.u.vm_rep.status);
        sys_abort(1);
    }
}

static void
sort(uint64_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static const char *
test_store_faults_measured(void)
{
    uint64_t base = ~0ull;

    for (unsigned i = 0; i < BENCH_PAGES; i++) {
        uint64_t t0 = rdinstret();
        *page(i) = i + 1; // first touch: a page fault served by vm
        cost[i] = rdinstret() - t0;
    }
    for (unsigned i = 0; i < BENCH_PAGES; i++) { // same store, page mapped
        uint64_t t0 = rdinstret();
        *page(i) = i + 1;
        uint64_t c = rdinstret() - t0;
        base = c < base ? c : base;
    }
    for (unsigned i = 0; i < BENCH_PAGES; i++) {
        cost[i] -= base;
    }
    for (unsigned i = 0; i < BENCH_PAGES; i += 16) { // every fault, in touch order
        uprintf("PFCOSTS");
        for (unsigned j = i; j < i + 16 && j < BENCH_PAGES; j++) {
            uprintf(" %lu", (unsigned long)cost[j]);
        }
        uprintf("\n");
    }
    sort(cost, BENCH_PAGES);
    uprintf("PERF pagefault_insns_min %lu\n", (unsigned long)cost[0]);
    uprintf("PERF pagefault_insns_median %lu\n", (unsigned long)cost[BENCH_PAGES / 2]);
    uprintf("PERF pagefault_insns_p90 %lu\n", (unsigned long)cost[BENCH_PAGES * 9 / 10]);
    uprintf("PERF pagefault_insns_max %lu\n", (unsigned long)cost[BENCH_PAGES - 1]);
    return cost[0] > 0 ? NULL : "a first touch cost nothing: no fault happened";
}

static const char *
test_pages_zeroed_and_kept(void)
{
    for (unsigned i = 0; i < BENCH_PAGES; i++) {
        if (*page(i) != i + 1) {
            return "a faulted page lost what was stored";
        }
        if (page(i)[1] != 0 || page(i)[511] != 0) {
            return "a faulted page was not zeroed";
        }
    }
    return NULL;
}

static const char *
test_load_fault(void)
{
    volatile uint64_t *p = page(BENCH_PAGES + 3);
    return p[7] == 0 ? NULL : "first-touch load did not read zero";
}

static const char *
test_outside_region_segv(void)
{
    struct message m = {.type = SIGMGR_QUERY};
    endpoint_t victim = sys_lookup("pfsegv");

    m.u.raw[0] = (uint64_t)(int64_t)victim;
    if (victim < 0 || ipc_sendrec(sys_lookup("pfmgr"), &m) != MX_OK) {
        return "pfsegv or its manager missing";
    }
    return m.u.raw[0] == mx_sigbit(MX_SIGSEGV) ? NULL
                                               : "fault outside any region did not give SIGSEGV";
}

// The pages the kernel counts as this process's own (KC_GETINFO).
static uint64_t
pages_owned(void)
{
    struct message m = {0};

    m.u.getinfo.what = GETINFO_SELF;
    return kcall(KC_GETINFO, &m) == MX_OK ? m.u.getinfo.value[1] : 0;
}

// Each fault path keeps the page count the kernel keeps per space: a store
// fault adds its frame, a load fault maps the shared zero page (nobody's),
// and a store to that page then adds a private frame. Pages of the region
// nobody touched so far, one page-table page (the 512 from 512 on).
static const char *
test_faulted_pages_counted(void)
{
    enum { N = 8, FIRST = 512 };
    uint64_t before = pages_owned();
    for (unsigned i = FIRST; i < FIRST + N; i++) {
        *page(i) = i;
    }
    uint64_t stored = pages_owned();
    uint64_t sum = 0;
    for (unsigned i = FIRST + N; i < FIRST + 2 * N; i++) {
        sum += *page(i);
    }
    uint64_t loaded = pages_owned();
    for (unsigned i = FIRST + N; i < FIRST + 2 * N; i++) {
        *page(i) = i;
    }
    uint64_t upgraded = pages_owned();
    if (before == 0 || sum != 0) {
        return "no page count, or a first-touch load did not read zero";
    }
    if (stored - before != N) {
        return "store faults did not count one page each";
    }
    if (loaded != stored) {
        return "load faults counted the shared zero page";
    }
    return upgraded - loaded == N ? NULL : "stores to zero-page mappings did not count a page each";
}

// Two clock ticks with nothing to run: the kernel's idle loop fills its
// pool of zeroed frames, as it does at the shell prompt before a command.
static void
let_idle_run(void)
{
    struct message m;
    sys_setalarm(2, NULL);
    ipc_receive(ENDPOINT_CLOCK, &m);
}

int
main(void)
{
    map_region();
    let_idle_run();
#ifdef PFBENCH_PHASES_ONLY
    for (unsigned i = 0; i < BENCH_PAGES; i++) {
        *page(i) = i + 1;
    }
    let_idle_run(); // the idle loop zeroes as many frames as the faults took
    sys_abort(0);
#endif
    report("store_faults_measured", test_store_faults_measured());
    report("pages_zeroed_and_kept", test_pages_zeroed_and_kept());
    report("load_fault", test_load_fault());
    report("outside_region_segv", test_outside_region_segv());
    report("faulted_pages_counted", test_faulted_pages_counted());
    uprintf("TESTS DONE fail=%d\n", failures);
    sys_abort(failures == 0 ? 0 : 1);
}
