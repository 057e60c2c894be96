// The data store protocol (ABI): requests to DS and its replies. Strings
// and memory values travel in the caller's own buffer (va, len), which DS
// copies with vircopy (grants replace this with the VM issue).
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum ds_call {
    DS_BASE = 0x300,
    DS_PUBLISH = DS_BASE + 0,     // key, type, flags, value
    DS_RETRIEVE = DS_BASE + 1,    // key, type, (va, len) for strings/memory
    DS_DELETE = DS_BASE + 2,      // key, type
    DS_SUBSCRIBE = DS_BASE + 3,   // key = glob pattern, flags (DS_INITIAL)
    DS_CHECK = DS_BASE + 4,       // the next change for the caller
    DS_UNSUBSCRIBE = DS_BASE + 5,
    DS_TEST_BREAK = DS_BASE + 6,  // test builds only (see below)
};

// DS_TEST_BREAK: only DS built with DS_TEST_HOOKS (the crash-recovery test
// image's) knows it; it damages its own store as flags says, then crashes,
// so that a test sees what DS does with a bad store kept across a crash.
// Every other DS answers MX_ENOSYS.
enum ds_test_break {
    DS_BREAK_BUSY = 1,      // crash in the middle of a change (busy left set)
    DS_BREAK_DUPLICATE = 2, // a second entry with the first entry's key
};

enum { DS_PROTO_KEY_LEN = 32 };   // key field: up to 31 characters and a NUL

struct ds_req {
    char key[DS_PROTO_KEY_LEN];
    uint32_t type;                // enum ds_type (servers/ds/store.h numbering)
    uint32_t flags;               // DS_OVERWRITE, DS_INITIAL
    uint64_t va;                  // caller's buffer for strings and memory
    uint32_t len;                 // its size
    uint32_t value;               // u32 value, or the endpoint of a label entry
};

struct ds_rep {
    int32_t status;
    uint32_t type;                // DS_CHECK: type of the changed key
    uint32_t value;               // u32 value or label endpoint
    uint32_t change;              // DS_CHECK: enum ds_change
    uint32_t len;                 // full length of the stored string/memory
    uint32_t copied;              // bytes copied into the caller's buffer
    char key[DS_PROTO_KEY_LEN];   // DS_CHECK: the changed key
};
