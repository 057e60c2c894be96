// Minimal host unit-test harness. A test file defines UTEST_SUITE, writes
// `static void test_x(void)` functions using CHECK/CHECK_EQ, and calls
// UTEST_RUN(test_x) from main(), then returns utest_finish().
// Each test prints one line: "PASS: unit/<suite>/<test>" or
// "FAIL: unit/<suite>/<test>: <file>:<line>: <what>"; the top-level runner
// counts those lines.
#pragma once

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

struct utest_state {
    int failed_checks; // in the current test
    int tests_failed;
    int tests_run;
    char first_failure[256];
};

static struct utest_state utest;

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            utest_fail(__FILE__, __LINE__, #cond);                                               \
        }                                                                                        \
    } while (0)

#define CHECK_EQ(a, b)                                                                           \
    do {                                                                                         \
        uint64_t utest_a = (uint64_t)(a), utest_b = (uint64_t)(b);                               \
        if (utest_a != utest_b) {                                                                \
            char utest_msg[200];                                                                 \
            snprintf(utest_msg, sizeof(utest_msg), "%s == %s (0x%" PRIx64 " != 0x%" PRIx64 ")", \
                     #a, #b, utest_a, utest_b);                                                  \
            utest_fail(__FILE__, __LINE__, utest_msg);                                           \
        }                                                                                        \
    } while (0)

#define UTEST_RUN(fn) utest_run(#fn, fn)

static inline void
utest_fail(const char *file, int line, const char *what)
{
    if (utest.failed_checks++ == 0) {
        snprintf(utest.first_failure, sizeof(utest.first_failure), "%s:%d: %s", file, line, what);
    }
}

static inline void
utest_run(const char *name, void (*fn)(void))
{
    if (name[0] == 't' && name[1] == 'e' && name[2] == 's' && name[3] == 't' && name[4] == '_') {
        name += 5;
    }
    utest.failed_checks = 0;
    fn();
    utest.tests_run++;
    if (utest.failed_checks == 0) {
        printf("PASS: unit/%s/%s\n", UTEST_SUITE, name);
    } else {
        utest.tests_failed++;
        printf("FAIL: unit/%s/%s: %s\n", UTEST_SUITE, name, utest.first_failure);
    }
    fflush(stdout);
}

static inline int
utest_finish(void)
{
    return utest.tests_failed == 0 && utest.tests_run > 0 ? 0 : 1;
}

// Reads a whole file into a malloc'd buffer of exactly its size (so ASan
// catches any read past the end). Returns NULL on error.
static inline unsigned char *
utest_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;

    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

// Reads fixture `name` from directory dir (see utest_read_file); on error
// prints which file is missing and how it is made, and returns NULL.
static inline unsigned char *
utest_load(const char *dir, const char *name, size_t *len, const char *made_by)
{
    char path[512];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    unsigned char *b = utest_read_file(path, len);
    if (b == NULL) {
        fprintf(stderr, "cannot read %s (%s)\n", path, made_by);
    }
    return b;
}
