// VM's side of SIGKMEM (kernel memory requests, see docs/design.md): a
// kernel call of some process waits until a range of another process's
// memory is present. VM checks the range against that process's regions
// and maps it (VMCTL_MAP_RANGE) or refuses it (the call fails with EFAULT).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <mirv/endpoint.h>

#include "region.h"

// Serves every request the kernel has queued (VMCTL_KMEM_NEXT .. DONE).
void kmem_serve(void);

// servers/vm/main.c: ep's regions (NULL: no such process).
struct vspace *vm_space_of(endpoint_t ep);
// Whether a read fault in a region of this kind maps the shared zero page
// (anonymous memory: heap and mmaps).
bool vm_zero_ok(uint32_t kind);
