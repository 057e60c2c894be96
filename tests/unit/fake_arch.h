// Fake arch layer for host unit tests: simulated user memory and contexts.
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

struct proc;

enum { FAKE_RETVAL = 0, FAKE_RETVAL_SET = 1, FAKE_OP = 2, FAKE_A0 = 3, FAKE_A1 = 4,
       FAKE_RESTARTS = 5 }; // arch_syscall_restart calls

// One simulated address space: len bytes of user memory at user address base.
struct fake_as {
    uint64_t base;
    uint64_t size;
    bool writable;
    bool no_kptr;   // make arch_user_kptr fail: exercises the copy-out path
    // [absent_lo, absent_hi): not present (never touched): copies touching
    // it fail and arch_as_is_mapped says no, as for a page VM has not mapped.
    uint64_t absent_lo, absent_hi;
    _Alignas(8) uint8_t mem[512];
};

extern uint64_t fake_now;

enum { FAKE_IRQ_LINES = 64 };
extern unsigned fake_irq_line_count;          // 0: no interrupt controller
extern bool fake_irq_unmasked[FAKE_IRQ_LINES];

int kcall_from_user(struct proc *caller, uint64_t va);
int kcall_from_user_status(struct proc *caller, uint64_t va, int *status);
