// RS's table of services and the helpers its modules share (main.c runs
// the table, update.c live updates).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>
#include <mirv/rs.h>

#include "sef.h"

struct service {
    char label[16];
    char module[16];           // boot-image module it is (re)loaded from
    uint32_t policy;           // enum rs_policy
    uint32_t period;           // heartbeat period, ticks
    uint64_t next_ping;        // tick of its next heartbeat
    endpoint_t ep;
    uint32_t restarts;
    bool awaiting_ping;        // pinged, no answer yet
    uint32_t missed_pings;
    uint64_t restarted_at;     // tick of the last restart
    uint32_t backoff;          // delay before the next restart, ticks
    uint64_t restart_due;      // 0, or the tick at which a delayed restart runs
    int dead_signal;
};

// A handler's answer when the reply comes later (an update in progress).
enum { RS_REPLY_LATER = 1 };

uint64_t rs_now(void);               // ticks, from RS's clock notifications
void rs_describe(const struct service *s, struct rs_rep *rp);
// Reloads s in place from its module (a crash, or a failed rollback).
void rs_restart(struct service *s, int sig);
// Asks VM to act on a service's image (VM_EXEC: reloaded in place;
// VM_UPDATE: swap two images and VM's records of them). *answered is false
// if VM did not take the request (the image has no VM, the image is VM's
// own, or VM is down): then the status is an IPC error or -MX_ESRCH.
int rs_vm_call(uint32_t type, endpoint_t ep, endpoint_t ep2, uint32_t flags, bool *answered);
// Sends SEF_INIT to s (type, state, debug; for LU the old image's state
// block) without waiting for the answer.
int rs_send_init(const struct service *s, enum sef_init_type type, const struct sef_init_req *lu);
