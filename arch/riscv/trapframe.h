// The register frame saved on every trap (Privileged Spec v1.12, "Supervisor
// Trap Handling"). Offsets are used by trapentry.S; trap.c checks them with
// static asserts. Assembly includes this file with __ASSEMBLY__ defined.
#pragma once

#define TF_REG(n) ((n) * 8)    // x0..x31; the x0 slot is unused
#define TF_SEPC 256
#define TF_SSTATUS 264
#define TF_SCAUSE 272
#define TF_STVAL 280
#define TF_KSP 288             // kernel stack to switch to (user frames)
#define TF_SIZE 304            // multiple of 16 for the stack ABI

#ifndef __ASSEMBLY__
#include <stdint.h>

struct trapframe {
    uint64_t regs[32];  // regs[2] is sp, regs[10] is a0, ...
    uint64_t sepc;      // pc to resume at
    uint64_t sstatus;
    uint64_t scause;
    uint64_t stval;
    uint64_t kernel_sp; // only meaningful in a process's frame
    uint64_t pad;
};

enum { REG_RA = 1, REG_SP = 2, REG_GP = 3, REG_TP = 4, REG_A0 = 10, REG_A7 = 17 };
#endif
