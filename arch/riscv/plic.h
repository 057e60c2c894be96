// The PLIC inside the arch layer: the external-interrupt handler the trap
// code calls (the rest is behind kernel/arch.h's arch_irq_*).
#pragma once

// Claims, hands to the kernel and completes every pending line.
void plic_dispatch(void);
