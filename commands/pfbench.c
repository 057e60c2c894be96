// pfbench [pages]: the page-fault benchmark (issue 6, docs/perf.md). Maps
// an anonymous region (mmap) and touches each page once, reading rdinstret
// just before and after each first touch, minus the same access on a page
// already mapped: first-touch stores, first-touch loads, and (in a forked
// child, the parent holding the pages) copy-on-write stores. Prints min,
// median, p90 and max of each in guest instructions (exact under QEMU's
// -icount), "PERF" lines for make bench, every store fault's cost on
// "PFCOSTS" lines, and "PASS:"/"FAIL:" lines for what it checks: faulted
// pages read zero and keep what was stored, and the child's writes stay
// out of the parent's pages.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "posix.h"

enum { PAGE = 4096, WORDS = PAGE / 8, MAX_PAGES = 4096, DEFAULT_PAGES = 256 };

struct stats {
    uint64_t min, median, p90, max;
};

static int failures;

static inline uint64_t
instret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

static void
check(const char *name, const char *why)
{
    if (why == NULL) {
        printf("PASS: pfbench/%s\n", name);
    } else {
        printf("FAIL: pfbench/%s: %s\n", name, why);
        failures++;
    }
}

// pages from the argument: a decimal number 1..MAX_PAGES.
static int
parse_pages(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || n < 1 || n > MAX_PAGES) {
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

static volatile uint64_t *
map_pages(unsigned pages)
{
    void *p = mmap(NULL, (size_t)pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "pfbench: mmap of %u pages: %s\n", pages, strerror(errno));
        return NULL;
    }
    return (volatile uint64_t *)p;
}

// Each page's first store (costs in touch order), minus the cheapest same
// store on the then mapped pages.
static void
touch_stores(volatile uint64_t *r, unsigned pages, uint64_t *cost)
{
    uint64_t base = UINT64_MAX;

    for (unsigned i = 0; i < pages; i++) {
        uint64_t t0 = instret();
        r[(size_t)i * WORDS] = i + 1;
        cost[i] = instret() - t0;
    }
    for (unsigned i = 0; i < pages; i++) {
        uint64_t t0 = instret();
        r[(size_t)i * WORDS] = i + 1;
        uint64_t c = instret() - t0;
        base = c < base ? c : base;
    }
    for (unsigned i = 0; i < pages; i++) {
        cost[i] -= base;
    }
}

static void
touch_loads(volatile uint64_t *r, unsigned pages, uint64_t *cost, uint64_t *sum)
{
    uint64_t base = UINT64_MAX, s = 0;

    for (unsigned i = 0; i < pages; i++) {
        uint64_t t0 = instret();
        s += r[(size_t)i * WORDS + 1];
        cost[i] = instret() - t0;
    }
    for (unsigned i = 0; i < pages; i++) {
        uint64_t t0 = instret();
        s += r[(size_t)i * WORDS + 1];
        uint64_t c = instret() - t0;
        base = c < base ? c : base;
    }
    for (unsigned i = 0; i < pages; i++) {
        cost[i] -= base;
    }
    *sum = s;
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

// Sorts cost and prints its summary as a table row and as PERF lines.
static struct stats
report(const char *what, const char *perf, uint64_t *cost, unsigned n)
{
    qsort(cost, n, sizeof(cost[0]), cmp_u64);
    struct stats s = {cost[0], cost[n / 2], cost[(size_t)n * 9 / 10], cost[n - 1]};
    printf("%-6s %8llu %8llu %8llu %8llu\n", what, (unsigned long long)s.min,
           (unsigned long long)s.median, (unsigned long long)s.p90, (unsigned long long)s.max);
    printf("PERF %s_min %llu\nPERF %s_median %llu\nPERF %s_p90 %llu\nPERF %s_max %llu\n", perf,
           (unsigned long long)s.min, perf, (unsigned long long)s.median, perf,
           (unsigned long long)s.p90, perf, (unsigned long long)s.max);
    return s;
}

static void
print_costs(const uint64_t *cost, unsigned n)
{
    for (unsigned i = 0; i < n; i += 16) {
        printf("PFCOSTS");
        for (unsigned j = i; j < i + 16 && j < n; j++) {
            printf(" %llu", (unsigned long long)cost[j]);
        }
        printf("\n");
    }
}

static const char *
stored_and_zeroed(volatile uint64_t *r, unsigned pages, uint64_t add)
{
    for (unsigned i = 0; i < pages; i++) {
        volatile uint64_t *p = r + (size_t)i * WORDS;
        if (p[0] != i + 1 + add) {
            return "a faulted page lost what was stored";
        }
        if (p[1] != 0 || p[WORDS - 1] != 0) {
            return "a faulted page was not zeroed";
        }
    }
    return NULL;
}

// Copy-on-write: the child writes every page of r (shared with the parent,
// which waits) once, measured; then the parent checks its own pages.
static void
cow_faults(volatile uint64_t *r, unsigned pages, uint64_t *cost)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        check("cow_faults_measured", "fork failed");
        return;
    }
    if (pid == 0) {
        memset(cost, 0, (size_t)pages * sizeof(cost[0])); // its own copy, before measuring
        uint64_t base = UINT64_MAX;
        for (unsigned i = 0; i < pages; i++) {
            uint64_t t0 = instret();
            r[(size_t)i * WORDS] += 1000;
            cost[i] = instret() - t0;
        }
        for (unsigned i = 0; i < pages; i++) {
            uint64_t t0 = instret();
            r[(size_t)i * WORDS] += 0;
            uint64_t c = instret() - t0;
            base = c < base ? c : base;
        }
        for (unsigned i = 0; i < pages; i++) {
            cost[i] -= base;
        }
        report("cow", "pagefault_cow_insns", cost, pages);
        check("cow_child_sees_copy", stored_and_zeroed(r, pages, 1000));
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        check("cow_faults_measured", "the child did not finish");
        return;
    }
    check("cow_faults_measured", NULL);
    check("cow_parent_unchanged", stored_and_zeroed(r, pages, 0));
}

int
main(int argc, char **argv)
{
    unsigned pages = DEFAULT_PAGES;

    if (argc > 2 || (argc == 2 && parse_pages(argv[1], &pages) != 0)) {
        fprintf(stderr, "usage: pfbench [pages]  (pages: 1..%d, default %d)\n", MAX_PAGES,
                DEFAULT_PAGES);
        return 2;
    }
    uint64_t *cost = malloc((size_t)pages * sizeof(uint64_t));
    volatile uint64_t *stores = map_pages(pages);
    volatile uint64_t *loads = map_pages(pages);
    if (cost == NULL || stores == NULL || loads == NULL) {
        fprintf(stderr, "pfbench: out of memory for %u pages\n", pages);
        return 1;
    }
    memset(cost, 0, (size_t)pages * sizeof(cost[0])); // no faults of its own while measuring

    printf("pfbench: %u pages; guest instructions per first-touch fault\n", pages);
    printf("%-6s %8s %8s %8s %8s\n", "fault", "min", "median", "p90", "max");
    touch_stores(stores, pages, cost);
    print_costs(cost, pages); // in touch order, before report() sorts them
    report("store", "pagefault_insns", cost, pages);
    check("store_pages_zeroed_and_kept", stored_and_zeroed(stores, pages, 0));

    uint64_t sum = 0;
    touch_loads(loads, pages, cost, &sum);
    report("load", "pagefault_load_insns", cost, pages);
    check("load_reads_zero", sum == 0 ? NULL : "a first-touch load read non-zero");

    cow_faults(stores, pages, cost);
    printf("pfbench: done, %d failed\n", failures);
    return failures == 0 ? 0 : 1;
}
