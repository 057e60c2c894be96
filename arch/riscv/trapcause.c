// Names and classes for scause values (Privileged Spec v1.12, table
// "Supervisor cause register (scause) values after trap").
#include "trapcause.h"

#include <stddef.h>

static const char *const exception_names[] = {
    [EXC_INSN_MISALIGNED] = "instruction address misaligned",
    [EXC_INSN_ACCESS] = "instruction access fault",
    [EXC_ILLEGAL_INSN] = "illegal instruction",
    [EXC_BREAKPOINT] = "breakpoint",
    [EXC_LOAD_MISALIGNED] = "load address misaligned",
    [EXC_LOAD_ACCESS] = "load access fault",
    [EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
    [EXC_STORE_ACCESS] = "store/AMO access fault",
    [EXC_ECALL_U] = "environment call from U-mode",
    [EXC_ECALL_S] = "environment call from S-mode",
    [EXC_INSN_PAGE_FAULT] = "instruction page fault",
    [EXC_LOAD_PAGE_FAULT] = "load page fault",
    [EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
};

static const char *const interrupt_names[] = {
    [IRQ_S_SOFT] = "supervisor software interrupt",
    [IRQ_S_TIMER] = "supervisor timer interrupt",
    [IRQ_S_EXTERNAL] = "supervisor external interrupt",
};

enum { N_EXC = sizeof(exception_names) / sizeof(exception_names[0]) };
enum { N_IRQ = sizeof(interrupt_names) / sizeof(interrupt_names[0]) };

const char *
trap_cause_name(uint64_t scause)
{
    uint64_t code = trap_code(scause);
    const char *name = NULL;

    if (trap_is_interrupt(scause)) {
        name = code < N_IRQ ? interrupt_names[code] : NULL;
        return name != NULL ? name : "unknown interrupt";
    }
    name = code < N_EXC ? exception_names[code] : NULL;
    return name != NULL ? name : "unknown exception";
}

static enum trap_kind
classify_interrupt(uint64_t code)
{
    switch (code) {
    case IRQ_S_TIMER:
        return TRAP_TIMER;
    case IRQ_S_EXTERNAL:
        return TRAP_EXTERNAL;
    case IRQ_S_SOFT:
        return TRAP_SOFTWARE;
    default:
        return TRAP_UNKNOWN;
    }
}

enum trap_kind
trap_classify(uint64_t scause)
{
    uint64_t code = trap_code(scause);

    if (trap_is_interrupt(scause)) {
        return classify_interrupt(code);
    }
    switch (code) {
    case EXC_ECALL_U:
        return TRAP_SYSCALL;
    case EXC_INSN_PAGE_FAULT:
    case EXC_LOAD_PAGE_FAULT:
    case EXC_STORE_PAGE_FAULT:
        return TRAP_PAGE_FAULT;
    case EXC_INSN_ACCESS:
    case EXC_LOAD_ACCESS:
    case EXC_STORE_ACCESS:
        return TRAP_ACCESS;
    case EXC_ILLEGAL_INSN:
        return TRAP_ILLEGAL;
    case EXC_INSN_MISALIGNED:
    case EXC_LOAD_MISALIGNED:
    case EXC_STORE_MISALIGNED:
        return TRAP_MISALIGNED;
    case EXC_BREAKPOINT:
        return TRAP_BREAKPOINT;
    default:
        return TRAP_UNKNOWN;
    }
}

enum trap_access
trap_access_type(uint64_t scause)
{
    if (trap_is_interrupt(scause)) {
        return ACCESS_NONE;
    }
    switch (trap_code(scause)) {
    case EXC_INSN_MISALIGNED:
    case EXC_INSN_ACCESS:
    case EXC_INSN_PAGE_FAULT:
        return ACCESS_EXEC;
    case EXC_LOAD_MISALIGNED:
    case EXC_LOAD_ACCESS:
    case EXC_LOAD_PAGE_FAULT:
        return ACCESS_READ;
    case EXC_STORE_MISALIGNED:
    case EXC_STORE_ACCESS:
    case EXC_STORE_PAGE_FAULT:
        return ACCESS_WRITE;
    default:
        return ACCESS_NONE;
    }
}
