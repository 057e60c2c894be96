// Decoding of scause into named exceptions and interrupts (Privileged Spec
// v1.12, "Supervisor Cause Register"), and classification of what a trap
// means to the kernel. Pure integer logic: unit-tested on the host.
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum { SCAUSE_INTERRUPT = 1ull << 63 };

enum trap_exception {
    EXC_INSN_MISALIGNED = 0,
    EXC_INSN_ACCESS = 1,
    EXC_ILLEGAL_INSN = 2,
    EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4,
    EXC_LOAD_ACCESS = 5,
    EXC_STORE_MISALIGNED = 6,
    EXC_STORE_ACCESS = 7,
    EXC_ECALL_U = 8,
    EXC_ECALL_S = 9,
    EXC_INSN_PAGE_FAULT = 12,
    EXC_LOAD_PAGE_FAULT = 13,
    EXC_STORE_PAGE_FAULT = 15,
};

enum trap_interrupt {
    IRQ_S_SOFT = 1,
    IRQ_S_TIMER = 5,
    IRQ_S_EXTERNAL = 9,
};

// What the kernel does with a trap.
enum trap_kind {
    TRAP_TIMER,       // supervisor timer interrupt
    TRAP_EXTERNAL,    // PLIC interrupt
    TRAP_SOFTWARE,    // inter-processor interrupt
    TRAP_SYSCALL,     // ecall from U-mode
    TRAP_PAGE_FAULT,  // instruction/load/store page fault
    TRAP_ACCESS,      // access fault (PMP or bus error)
    TRAP_ILLEGAL,     // illegal instruction
    TRAP_MISALIGNED,  // misaligned access the firmware did not emulate
    TRAP_BREAKPOINT,  // ebreak
    TRAP_UNKNOWN,     // reserved or unexpected cause
};

// Access type of a fault: what the faulting instruction tried to do.
enum trap_access { ACCESS_NONE, ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC };

static inline bool
trap_is_interrupt(uint64_t scause)
{
    return (scause & SCAUSE_INTERRUPT) != 0;
}

static inline uint64_t
trap_code(uint64_t scause)
{
    return scause & ~SCAUSE_INTERRUPT;
}

// Human-readable name, e.g. "store/AMO page fault"; never NULL.
const char *trap_cause_name(uint64_t scause);
enum trap_kind trap_classify(uint64_t scause);
enum trap_access trap_access_type(uint64_t scause);
