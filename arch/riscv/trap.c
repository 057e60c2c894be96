// C side of trap handling: decodes scause by name and dispatches.
// Kernel-mode traps: timer interrupts tick the clock; a fault at a pc listed
// in the fixup table resumes at its fixup; anything else is a panic that
// prints cause, sepc, stval and all registers, then stops the machine.
#include "trapframe.h"

#include <stddef.h>

#include "arch.h"
#include "console.h"
#include "csr.h"
#include "panic.h"
#include "plic.h"
#include "trapcause.h"

_Static_assert(offsetof(struct trapframe, sepc) == TF_SEPC, "TF_SEPC");
_Static_assert(offsetof(struct trapframe, sstatus) == TF_SSTATUS, "TF_SSTATUS");
_Static_assert(offsetof(struct trapframe, scause) == TF_SCAUSE, "TF_SCAUSE");
_Static_assert(offsetof(struct trapframe, stval) == TF_STVAL, "TF_STVAL");
_Static_assert(offsetof(struct trapframe, kernel_sp) == TF_KSP, "TF_KSP");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE");
_Static_assert(TF_SIZE % 16 == 0, "stack alignment");

struct fixup {
    uint64_t fault_pc;
    uint64_t resume_pc;
};

// Linker-script symbols bounding the fixup table.
extern const struct fixup __fixup_start[], __fixup_end[];

void trap_from_kernel(struct trapframe *tf);
void trap_from_user(struct trapframe *tf);

static const char *const reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static void
dump_frame(const struct trapframe *tf)
{
    kprintf("  scause  %016lx (%s)\n", (unsigned long)tf->scause, trap_cause_name(tf->scause));
    kprintf("  sepc    %016lx  stval %016lx\n", (unsigned long)tf->sepc,
            (unsigned long)tf->stval);
    kprintf("  sstatus %016lx  from %s-mode\n", (unsigned long)tf->sstatus,
            (tf->sstatus & SSTATUS_SPP) ? "S" : "U");
    for (int i = 1; i < 32; i++) {
        kprintf("  %-4s %016lx%s", reg_names[i], (unsigned long)tf->regs[i],
                i % 3 == 0 ? "\n" : "");
    }
    kprintf("\n");
}

static const struct fixup *
find_fixup(uint64_t pc)
{
    for (const struct fixup *f = __fixup_start; f < __fixup_end; f++) {
        if (f->fault_pc == pc) {
            return f;
        }
    }
    return NULL;
}

static void
kernel_fault(struct trapframe *tf)
{
    const struct fixup *f = find_fixup(tf->sepc);

    if (f != NULL) {
        tf->sepc = f->resume_pc;
        return;
    }
    kprintf("\nPANIC: unexpected trap in kernel: %s\n", trap_cause_name(tf->scause));
    dump_frame(tf);
    panic_halt();
}

void
trap_from_kernel(struct trapframe *tf)
{
    switch (trap_classify(tf->scause)) {
    case TRAP_TIMER:
        clock_tick();
        return;
    case TRAP_EXTERNAL: // while idle
        plic_dispatch();
        return;
    default:
        kernel_fault(tf);
        return;
    }
}

static enum user_trap
user_trap_kind(enum trap_kind kind)
{
    switch (kind) {
    case TRAP_TIMER:
        return UTRAP_TIMER;
    case TRAP_EXTERNAL:
    case TRAP_SOFTWARE:
        return UTRAP_INTERRUPT;
    case TRAP_SYSCALL:
        return UTRAP_SYSCALL;
    case TRAP_PAGE_FAULT:
        return UTRAP_PAGE_FAULT;
    case TRAP_ACCESS:
        return UTRAP_ACCESS_FAULT;
    case TRAP_MISALIGNED:
        return UTRAP_MISALIGNED;
    case TRAP_BREAKPOINT:
        return UTRAP_BREAKPOINT;
    default:
        return UTRAP_ILLEGAL;
    }
}

static int
access_letter(uint64_t scause)
{
    switch (trap_access_type(scause)) {
    case ACCESS_READ:
        return 'r';
    case ACCESS_WRITE:
        return 'w';
    case ACCESS_EXEC:
        return 'x';
    default:
        return 0;
    }
}

void
trap_from_user(struct trapframe *tf)
{
    if (tf->scause == EXC_ECALL_U) { // the hot path: IPC
        tf->sepc += 4;               // resume after the ecall
        kernel_syscall_trap((struct arch_context *)tf);
    }
    if (tf->scause == EXC_STORE_PAGE_FAULT) { // the next hottest: a first touch
        kernel_trap_user((struct arch_context *)tf, UTRAP_PAGE_FAULT, tf->stval, 'w');
    }
    enum trap_kind kind = trap_classify(tf->scause);
    if (kind == TRAP_EXTERNAL) {
        plic_dispatch();
    }
    enum user_trap why = user_trap_kind(kind);
    kernel_trap_user((struct arch_context *)tf, why, tf->stval, access_letter(tf->scause));
}
