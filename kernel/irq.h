// Interrupt lines for user-space drivers (KC_IRQCTL). A driver registers
// for a line a device-tree device uses, under its own hook id; when the line
// fires the kernel masks it, records the hook as fired and notifies the
// driver from ENDPOINT_HARDWARE (notify.irqs carries the fired hooks). The
// driver serves its device and unmasks the line again.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "fdt.h"

struct proc;

enum { IRQ_MAX_OWNED = 16 };  // lines owned at once, over all drivers

// Learns which lines drivers may own: those of devices in the tree that the
// kernel does not use, within the interrupt controller's lines.
void irq_init(const struct fdt_info *fdt);

// KC_IRQCTL operations; 0 or -MX_E*. Registering leaves the line masked.
int irq_register(struct proc *p, unsigned line, unsigned hook);
int irq_enable(struct proc *p, unsigned hook, bool on);
int irq_release(struct proc *p, unsigned hook);

// p is gone or reloaded: its lines are masked and free again.
void irq_release_all(struct proc *p);

// The hooks of p that fired since the last call (for the notification).
uint64_t irq_take_fired(struct proc *p);
