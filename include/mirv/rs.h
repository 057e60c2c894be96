// The RS protocol (ABI): queries about the services RS manages.
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum rs_call {
    RS_BASE = 0x400,
    RS_QUERY = RS_BASE + 0,   // label -> endpoint, restarts, state
    RS_UP = RS_BASE + 1,      // start module as a new service called label
    RS_DOWN = RS_BASE + 2,    // stop service label for good (not pm, vm, rs, ds)
    RS_REFRESH = RS_BASE + 3, // restart service label now
    RS_FI = RS_BASE + 4,      // fault injection: make service label crash
    RS_LIST = RS_BASE + 5,    // the index-th service (MX_ESRCH past the end)
    RS_UPDATE = RS_BASE + 6,  // live update of label to module (state, debug)
};

enum rs_policy {
    RS_POLICY_RESTART = 0,    // a crashed service is reloaded in place: endpoint kept
    RS_POLICY_RESET = 1,      // it is replaced by a fresh process: new endpoint
};

struct rs_req {
    char label[16];
    char module[16];          // RS_UP: boot-image module to start
    uint32_t index;           // RS_LIST
    uint32_t policy;          // RS_UP: enum rs_policy
    uint32_t period;          // RS_UP: heartbeat period in ticks (0 = default)
    uint32_t lu_state;        // RS_UPDATE: 1..3 (others: MX_EINVAL)
    uint32_t debug;           // RS_UPDATE: SEF_DEBUG_INIT_FAIL forces a failed init (-y)
};

struct rs_rep {
    int32_t status;           // MX_ESRCH: no such service
    endpoint_t ep;
    uint32_t restarts;
    uint32_t backoff_ticks;   // delay applied before the last restart
    uint32_t missed_pings;    // heartbeats missed in a row (now)
    uint32_t restarting;      // 1 while a restart waits out its back-off
    char label[16];           // RS_LIST
    uint32_t policy;          // enum rs_policy
    uint32_t period;          // heartbeat period, ticks
};
