// Protocols between the kernel-core test processes, and the result line
// they all print.
#pragma once

#include <mirv/ipc.h>

#include "syslib.h"

// One result line, "PASS: <suite>/<name>" or "FAIL: <suite>/<name>: why";
// returns 1 for a failure so callers can count them.
static inline int
ktest_report(const char *suite, const char *name, const char *why)
{
    if (why == NULL) {
        uprintf("PASS: %s/%s\n", suite, name);
        return 0;
    }
    uprintf("FAIL: %s/%s: %s\n", suite, name, why);
    return 1;
}

enum pong_request {
    PONG_PING = 1,      // reply raw[0] + 1
    PONG_NOTIFY3 = 2,   // notify the caller three times, then reply
    PONG_SENDBACK = 3,  // reply, then block sending PONG_PUSHED to the caller
    PONG_BUFADDR = 4,   // reply with the address of pong's buffer in raw[0]
    PONG_READBUF = 5,   // reply with the buffer's first word in raw[0]
    PONG_WHERE = 6,     // raw[0] = the client's buffer address, kept for
                        // DIRTY; reply raw[0] = pong's buffer address
    PONG_DIRTY = 7,     // reply from an ecall made with KTEST_SERVER_FILL in
                        // t0-t6, a2-a6; check the registers the next
                        // request brings back (ktest_foreign_regs)
    PONG_DIRTY_REPORT = 8, // reply raw[0] = that check's count
    PONG_PUSHED = 99,   // the message SENDBACK pushes
};

// sigmgr, the test signal manager: QUERY with raw[0] = an endpoint answers
// raw[0] = the signals it fetched for that process, raw[1] = how many
// times it released it with endksig (it releases only non-lethal signals).
enum { SIGMGR_QUERY = 50 };

// sefproc: SEFPROC_QUERY answers raw[0] = the signals its SEF handler saw.
enum { SEFPROC_QUERY = 51 };

// dstest: DSTEST_DONE is answered (raw[0] = its failure count) once its
// tests have run, so ipctest stops the machine only after them.
enum { DSTEST_DONE = 52 };

// The page-fault test: the vm stand-in serves faults in this anonymous
// region of every process (demand-zero, read/write); others are SIGSEGV.
enum { PF_REGION_PAGES = 1024 };
static const uint64_t PF_REGION_BASE = 0x40000000ull;

// Live-update tests (recovery image). lusrv, a server with open requests:
// WAIT is held until RELEASE; PING answers raw[0] = its generation (the
// number of live updates its state went through), raw[1] = requests held;
// RELEASE answers the held ones (raw[0] = generation) and raw[0] = how
// many; SLOW_INIT raw[0] = ticks the next version's LU init sleeps (so
// that senders queue up on the endpoint across the swap).
enum { LUSRV_WAIT = 60, LUSRV_PING = 61, LUSRV_RELEASE = 62, LUSRV_SLOW_INIT = 63 };

// luhelper, a client lutest drives: it runs one command, then sends its
// result (LUH_RESULT) to lutest. READ_LOOP reads (raw[0] = LUH_TARGET_*)
// until lutest is ready to receive the result: raw[0] reads, raw[1] failed,
// raw[2] counter breaks, raw[3] version changes seen, raw[4] the longest
// gap between two replies (instret), raw[5] instret at the reply ending it;
// then it answers LUH_FIRST_AFTER (raw[0] = an instret) with the first of
// its recent replies after that instant (0: none).
// WAIT: LUSRV_WAIT; raw[0] status, raw[1] generation that answered.
// PING_LATER (raw[0] ticks): sleeps, then LUSRV_PING; raw[0] status,
// raw[1] generation, raw[2] rdtime at the send.
// UPDATE_LATER (raw[0] ticks): sleeps, asks RS to update hello, then
// queries RS; raw[0] the update's status, raw[1] the query's.
enum {
    LUH_READ_LOOP = 70,
    LUH_WAIT = 71,
    LUH_PING_LATER = 72,
    LUH_UPDATE_LATER = 73,
    LUH_FIRST_AFTER = 74,
    LUH_RESULT = 79,
};
enum { LUH_TARGET_HELLO = 0, LUH_TARGET_DS = 1 };

// lutest runs after rstest: LUTEST_RUN is answered with raw[0] = failures.
enum { LUTEST_RUN = 80 };

// The register test (ipc/registers_clean): an IPC trap made with t0-t6 and
// a2-a6 all holding `fill`; stores t0-t6 and a1-a7 as they came back in
// regs[0..13] and returns a0. s2 and s3 carry the pointers across the trap,
// which the kernel must keep like any callee.
enum { KTEST_TRAP_REGS = 14 };
static const uint64_t KTEST_CLIENT_FILL = 0x0c11e47c11e47000ull;
static const uint64_t KTEST_SERVER_FILL = 0x5e77e75e77e75000ull;

static inline int
ktest_dirty_ecall(uint64_t op, endpoint_t ep, struct message *m, uint64_t fill,
                  uint64_t regs[KTEST_TRAP_REGS])
{
    register uint64_t a0 __asm__("a0") = (uint64_t)(int64_t)ep;
    register uint64_t a1 __asm__("a1") = (uint64_t)(uintptr_t)m;
    register uint64_t a7 __asm__("a7") = op;
    register uint64_t *out __asm__("s2") = regs;
    register uint64_t f __asm__("s3") = fill;

    __asm__ volatile("mv t0, %[f]\n\tmv t1, %[f]\n\tmv t2, %[f]\n\tmv t3, %[f]\n\t"
                     "mv t4, %[f]\n\tmv t5, %[f]\n\tmv t6, %[f]\n\tmv a2, %[f]\n\t"
                     "mv a3, %[f]\n\tmv a4, %[f]\n\tmv a5, %[f]\n\tmv a6, %[f]\n\t"
                     "ecall\n\t"
                     "sd t0, 0(%[o])\n\tsd t1, 8(%[o])\n\tsd t2, 16(%[o])\n\t"
                     "sd t3, 24(%[o])\n\tsd t4, 32(%[o])\n\tsd t5, 40(%[o])\n\t"
                     "sd t6, 48(%[o])\n\tsd a1, 56(%[o])\n\tsd a2, 64(%[o])\n\t"
                     "sd a3, 72(%[o])\n\tsd a4, 80(%[o])\n\tsd a5, 88(%[o])\n\t"
                     "sd a6, 96(%[o])\n\tsd a7, 104(%[o])"
                     : "+r"(a0), "+r"(a1), "+r"(a7)
                     : [o] "r"(out), [f] "r"(f)
                     : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a2", "a3", "a4", "a5", "a6",
                       "memory");
    return (int)a0;
}

// How many of the registers hold a value of the other process (its fill
// pattern, its message buffer's address, which was in its a1 when it
// trapped) or an address in the kernel's RAM (0x8000_0000 up, 128 MiB).
static inline int
ktest_foreign_regs(const uint64_t regs[KTEST_TRAP_REGS], uint64_t fill, uint64_t buf)
{
    int n = 0;

    for (int i = 0; i < KTEST_TRAP_REGS; i++) {
        n += regs[i] == fill || regs[i] == buf ||
             (regs[i] >= 0x80000000ull && regs[i] < 0x88000000ull);
    }
    return n;
}

// grantsrv (instances granter, relay, doomed): makes grants of its own
// memory on request, through lib/grant.c. Requests and their raw[] fields;
// the reply's raw[0] is the result (a grant id, a status, or a value).
enum grantsrv_request {
    GSRV_BUFADDR = 60,   // -> the address of its GSRV_BUF_BYTES data buffer
    GSRV_DIRECT = 61,    // grantee, addr, size, access -> id
    GSRV_INDIRECT = 62,  // grantee, from_ep, from_id, access -> id
    GSRV_CHAIN = 63,     // grantee, from_ep, from_id, hops -> the id of a chain of
                         // `hops` indirect grants (the first ones to itself)
    GSRV_REVOKE = 64,    // id -> status
    GSRV_PEEK = 65,      // offset -> the 8 bytes of the buffer there
    GSRV_EXIT = 66,      // answers, then exits (a dead granter)
};

// gtest answers GTEST_DONE (raw[0] = its failure count) once its tests ran.
enum { GTEST_DONE = 67, GSRV_BUF_BYTES = 8192 };

// Byte i of every grantsrv's buffer at start.
static inline uint8_t
gsrv_pattern(uint64_t i)
{
    return (uint8_t)(i * 7 + 1);
}

// kmemdrv (page-fault image): a driver serving kmemtest through grants.
// raw[0] granter, raw[1] id, raw[2] offset, raw[3] size; answers raw[0] =
// status. KMEMDRV_TO copies kmem_pattern bytes into the grant, KMEMDRV_FROM
// reads it (raw[1] of the answer: the sum of the bytes), KMEMDRV_VEC
// copies size bytes into each of the grants raw[1], raw[4], raw[5] with
// one vectored call (raw[1] of the answer: elements done).
enum { KMEMDRV_TO = 90, KMEMDRV_FROM = 91, KMEMDRV_VEC = 92, KMEMDRV_MAX = 3 * 4096 + 256 };

static inline uint8_t
kmem_pattern(uint64_t i)
{
    return (uint8_t)(i * 13 + 5);
}
