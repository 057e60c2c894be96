// RS's restart policy as pure functions (unit-tested on the host): the
// back-off before a restart, and which services may never be taken down.
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum {
    RS_BACKOFF_FIRST_TICKS = 2,   // delay after a crash that follows a restart closely
    RS_BACKOFF_MAX_TICKS = 64,
    RS_STABLE_TICKS = 200,        // up this long: the back-off starts over
};

// The delay before restarting a service that just died, given the delay
// used last time, whether it was ever restarted, and how long it has been
// up since its last restart: 0 (at once) unless it died soon after a
// restart; then the first delay, doubling each time, up to the maximum.
uint32_t rs_backoff_next(uint32_t prev, bool restarted_before, uint64_t up_ticks);

// True for the services the system cannot run without (pm, vm, rs, ds):
// RS refuses to take them down.
bool rs_is_core(const char *label);
// True for the core services whose state a restart would lose (pm's
// process table, vm's regions, rs's own table): RS refuses to refresh
// them. DS keeps its store across a restart, so it may be refreshed.
bool rs_loses_state(const char *label);
