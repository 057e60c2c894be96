// Protocols between the kernel-core test processes, and the result line
// they all print.
#pragma once

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
