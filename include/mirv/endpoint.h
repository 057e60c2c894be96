// Endpoints: how processes name each other in IPC (ABI).
//
// An endpoint encodes a process-table slot and that slot's generation:
//   endpoint = generation << ENDPOINT_SLOT_BITS | slot
// Each time a slot is reused its generation goes up, so an endpoint kept
// from a dead process is rejected instead of reaching the slot's new owner.
// Generations start at 1, so no valid endpoint is 0. Negative values are
// special: ANY and NONE in receive, and the kernel's own endpoints.
#pragma once

#include <stdbool.h>
#include <stdint.h>

typedef int32_t endpoint_t;

enum {
    ENDPOINT_SLOT_BITS = 10,                     // up to 1024 slots
    ENDPOINT_GEN_LIMIT = 1 << 20,                // generations 1 .. 2^20-1
};

enum {
    ENDPOINT_ANY = -1,      // receive from anyone
    ENDPOINT_NONE = -2,     // no process
    ENDPOINT_SYSTEM = -3,   // the kernel: kernel calls are sendrec to it
    ENDPOINT_CLOCK = -4,    // source of alarm notifications
    ENDPOINT_HARDWARE = -5, // source of interrupt notifications (KC_IRQCTL)
};

static inline endpoint_t
endpoint_make(unsigned slot, unsigned generation)
{
    return (endpoint_t)(generation << ENDPOINT_SLOT_BITS | slot);
}

static inline unsigned
endpoint_slot(endpoint_t ep)
{
    return (unsigned)ep & ((1u << ENDPOINT_SLOT_BITS) - 1);
}

static inline unsigned
endpoint_generation(endpoint_t ep)
{
    return (unsigned)ep >> ENDPOINT_SLOT_BITS;
}

// True for endpoints that can name a process (not ANY, NONE or the kernel).
static inline bool
endpoint_is_process(endpoint_t ep)
{
    return ep > 0 && endpoint_generation(ep) != 0;
}
