// Device memory for user-space drivers: which physical ranges a driver may
// map (KC_DEVMAP) and what a driver learns about its device (GETINFO_DEVICE).
#pragma once

#include <stdint.h>

#include <mirv/kcall.h>

#include "fdt.h"

// Keeps a pointer to the boot device tree's facts (they live for ever).
void devmem_init(const struct fdt_info *fdt);

// 0 if [pa, pa+size) lies inside one device of the tree that the kernel
// does not own and overlaps no RAM; -MX_EPERM otherwise.
int devmem_allowed(uint64_t pa, uint64_t size);

// Fills the device fields of *di for device di->index (0 = the console
// UART); 0 or -MX_ENXIO. irq is 0 when the device's line cannot be owned
// (no interrupt controller, or no line).
int devmem_describe(struct kc_devinfo *di);
