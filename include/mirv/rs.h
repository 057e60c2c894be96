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
    RS_UPDATE = RS_BASE + 6,  // live update of label to module (see below)
};

// RS_UPDATE carries what `service update <binary> -label L [-state S]
// [-maxtime TICKS] [-x|-y|-z]` and `service update self -label L` need:
//   label     L, the running service (MX_ESRCH if RS has no such service)
//   module    the boot-image module of the new version, or RS_UPDATE_SELF
//             for the module the service runs now (state carried over)
//   lu_state  S: 1 request free, 2 protocol free, 3 work free (else MX_EINVAL)
//   maxtime   ticks the old version may take to reach S, and the new one to
//             initialize (0: RS_LU_MAXTIME_DEFAULT)
//   debug     enum sef_debug: -x SEF_DEBUG_INIT_CRASH, -y SEF_DEBUG_INIT_FAIL,
//             -z SEF_DEBUG_INIT_HANG
// RS answers when the update is over (it keeps serving other requests
// meanwhile): 0 (done, endpoint kept); MX_EBUSY (another update is
// running, or this service is restarting); MX_ERESTART (the new version's
// init crashed), MX_ENOSYS (it failed), MX_EINTR (the old version did not
// reach the state, or the new one did not initialize, within maxtime): in
// those three the update was rolled back and the old version serves on
// with endpoint and restart count unchanged. The reply's lu_ready_insn is
// the instant (instret) the old version was ready, 0 if it never was.
#define RS_UPDATE_SELF "self"
enum { RS_LU_MAXTIME_DEFAULT = 100 }; // ticks (1 s at 100 Hz)

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
    uint32_t debug;           // RS_UPDATE: enum sef_debug (-x, -y, -z)
    uint32_t maxtime;         // RS_UPDATE: ticks per phase (0: the default)
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
    uint64_t lu_ready_insn;   // RS_UPDATE: instret when the old version was ready
};
