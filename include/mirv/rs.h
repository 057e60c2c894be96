// The RS protocol (ABI): queries about the services RS manages.
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum rs_call {
    RS_BASE = 0x400,
    RS_QUERY = RS_BASE + 0,   // label -> endpoint, restarts
};

struct rs_req {
    char label[16];
};

struct rs_rep {
    int32_t status;           // MX_ESRCH: no such service
    endpoint_t ep;
    uint32_t restarts;
    uint32_t backoff_ticks;   // delay applied before the last restart
    uint32_t missed_pings;    // heartbeats missed in a row (now)
    uint32_t restarting;      // 1 while a restart waits out its back-off
};
