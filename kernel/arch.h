// The contract between the portable kernel and the architecture layer.
// arch/riscv/ implements it for real hardware; host unit tests link fakes.
// The kernel sees the hardware only through these functions.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "fdt.h"
#include "types.h"

// Records platform facts (exit device, timer flavour) from the device tree.
// Called once, before arch_mmu_init.
void arch_platform_init(const struct fdt_info *fdt, const char *bootargs);

// Builds the kernel's Sv39 map (RAM at VA == PA with W^X for the kernel
// image, devices in a high MMIO window) and turns paging on. Returns NULL or
// a message naming why it cannot (the caller panics).
const char *arch_mmu_init(const struct fdt_info *fdt);

// Virtual address at which the kernel reaches device register pa (valid
// before and after arch_mmu_init); 0 if pa is outside the device window.
uintptr_t arch_mmio_va(paddr_t pa);

// Timer: arm the next interrupt at an absolute time (timebase ticks).
void arch_timer_arm(uint64_t deadline);
uint64_t arch_time_now(void);
bool arch_timer_uses_sstc(void); // true: Sstc stimecmp; false: SBI TIME calls

// Interrupts: enable the timer source and global S-mode interrupts.
void arch_intr_enable(void);
void arch_intr_disable(void);
// Waits for the next interrupt (wfi); returns after it was handled.
void arch_idle(void);

// Console of last resort (firmware), used before the UART is known.
void arch_firmware_putc(char c);

// Stops the machine: code 0 powers off cleanly, any other code makes the
// simulator exit with that status where the platform allows.
noreturn void arch_halt(int code);

// Fault-catching probes: return false instead of trapping when the access
// faults (used by self-tests; the user-copy routines use the same mechanism).
bool arch_probe_read(uintptr_t va, uint64_t *val);
bool arch_probe_write(uintptr_t va, uint64_t val);

// Self-test: fills the registers with patterns, waits until an interrupt
// handler changes *counter, returns 0 if every register kept its pattern,
// else the number of the first clobbered register.
int arch_selftest_trap_regs(volatile const uint64_t *counter);

// Kernel hooks the arch layer calls.
void clock_tick(void);                 // kernel/clock.c, on each timer interrupt
