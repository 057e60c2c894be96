// VM call masks: which VM calls each caller may make (MX_EPERM otherwise).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

// The mask of caller (bit = vm_call_bit(type)); 0 if it may call nothing.
uint32_t vm_call_mask(endpoint_t caller);
// Forgets ep's cached mask (its image changed: a live update).
void vm_perm_forget(endpoint_t ep);
// Whether caller is target's signal manager (PM for user processes).
bool vm_manages(endpoint_t caller, endpoint_t target);
