// The protocol between RS and the System Event Framework in every system
// process (ABI): initialization and its reply, and the live-update
// handshake. Pings are notifications from RS answered with a notification;
// signals arrive from the kernel.
//
// Live update: RS -> old version SEF_LU_PREPARE(state). When the old
// version has reached the state it answers SEF_LU_READY with sendrec
// (struct sef_lu_ready: where its state block is), and waits. RS swaps the
// images (KC_UPDATE) and sends SEF_INIT(type LU) to the new version with
// the old image's endpoint and state block (state_ep, state_va, state_len),
// which the new version copies with vircopy. SEF_LU_ABORT tells the old
// version (waiting, or still getting ready) that it carries on.
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
    uint32_t debug;        // enum sef_debug: the LU init misbehaves on purpose
    endpoint_t state_ep;   // live update: where the old image lives now
    uint64_t state_va;     // ... its state block (0: none declared)
    uint32_t state_len;    // ... and the block's size in bytes
};

// Debug switches of `service update` (MINIX's -x, -y, -z): the new
// version's live-update init crashes, fails, or hangs.
enum sef_debug {
    SEF_DEBUG_INIT_FAIL = 1u << 0,   // -y: init returns failure (RS: ENOSYS)
    SEF_DEBUG_INIT_CRASH = 1u << 1,  // -x: init crashes (RS: ERESTART)
    SEF_DEBUG_INIT_HANG = 1u << 2,   // -z: init never answers (RS: EINTR after maxtime)
};

struct sef_lu_req {
    uint32_t state;        // 1 request free, 2 protocol free, 3 work free
};

struct sef_init_rep {
    int32_t status;        // 0, or why initialization failed
};

// SEF_LU_READY: the old version reached the state (status 0) or cannot
// (an error); its state block for the new version, and the instant it
// became ready (instret, for measuring the unavailability window).
struct sef_lu_ready {
    int32_t status;
    uint32_t state_len;
    uint64_t state_va;
    uint64_t ready_insn;
};
