// The protocol between RS and the System Event Framework in every system
// process (ABI): initialization and its reply. Pings are notifications
// from RS answered with a notification; signals arrive from the kernel.
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum sef_msg_type {
    SEF_BASE = 0x200,
    SEF_INIT = SEF_BASE + 0,        // RS -> service: initialize (struct sef_init_req)
    SEF_INIT_REPLY = SEF_BASE + 1,  // service -> RS: result (struct sef_init_rep)
    SEF_FI = SEF_BASE + 2,          // RS -> service: crash now (fault injection)
    SEF_LU_PREPARE = SEF_BASE + 3,  // RS -> old version: reach state, then say READY
    SEF_LU_READY = SEF_BASE + 4,    // old version -> RS: status (0: ready, waiting)
    SEF_LU_ABORT = SEF_BASE + 5,    // RS -> old version: no update, carry on
};

enum sef_init_type {
    SEF_INIT_FRESH = 1,    // first start
    SEF_INIT_RESTART = 2,  // restarted after a crash: recover state (DS)
    SEF_INIT_LU = 3,       // live update: take over the old version's state
};

struct sef_init_req {
    int32_t type;          // enum sef_init_type
    uint32_t restarts;     // how many times RS has restarted this service
    endpoint_t old_ep;     // live update: the old version's endpoint
    uint32_t lu_state;     // live update: the state the old version reached
    uint32_t debug;        // SEF_DEBUG_INIT_FAIL: the init fails on purpose (-y)
};

enum { SEF_DEBUG_INIT_FAIL = 1 };

struct sef_lu_req {
    uint32_t state;        // 1 request free, 2 protocol free, 3 work free
};

struct sef_init_rep {
    int32_t status;        // 0, or why initialization failed
};
