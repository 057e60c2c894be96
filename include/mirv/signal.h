// Signal numbers (ABI). POSIX signals use the values of the C library the
// user programs link (picolibc); the kernel signals above them are for
// system processes: SIGKSIG tells a signal manager that processes it
// manages have signals to fetch (getksig), SIGKMEM and SIGKPF are for VM.
#pragma once

#include <stdint.h>

enum mirv_signal {
    MX_SIGHUP = 1,
    MX_SIGINT = 2,
    MX_SIGQUIT = 3,
    MX_SIGILL = 4,
    MX_SIGTRAP = 5,
    MX_SIGABRT = 6,
    MX_SIGFPE = 8,
    MX_SIGKILL = 9,
    MX_SIGBUS = 10,
    MX_SIGSEGV = 11,
    MX_SIGSYS = 12,
    MX_SIGPIPE = 13,
    MX_SIGALRM = 14,
    MX_SIGTERM = 15,
    MX_SIGURG = 16,
    MX_SIGSTOP = 17,
    MX_SIGTSTP = 18,
    MX_SIGCONT = 19,
    MX_SIGCHLD = 20,
    MX_SIGTTIN = 21,
    MX_SIGTTOU = 22,
    MX_SIGWINCH = 28,
    MX_SIGUSR1 = 30,
    MX_SIGUSR2 = 31,
    // kernel signals (never sent by users)
    MX_SIGKPF = 40,    // VM: page faults to handle
    MX_SIGKMEM = 41,   // VM: a kernel call needs memory made present
    MX_SIGKSIG = 42,   // a manager: managed processes have signals
    MX_NSIG = 64,
};

static inline uint64_t
mx_sigbit(int sig)
{
    return sig > 0 && sig < MX_NSIG ? 1ull << sig : 0;
}

// Signals that end a system process (the manager restarts it).
static inline int
mx_sig_is_lethal(int sig)
{
    return sig == MX_SIGILL || sig == MX_SIGBUS || sig == MX_SIGFPE || sig == MX_SIGSEGV ||
           sig == MX_SIGABRT || sig == MX_SIGKILL || sig == MX_SIGSYS || sig == MX_SIGTRAP;
}

// The frame the kernel pushes on a user process's stack when PM delivers a
// signal to a handler (KC_SIGSEND): the interrupted registers (RISC-V:
// regs[i] is x i, regs[0] unused) and pc. The handler runs as
// handler(sig) with sp at the frame and returns into the C library's
// trampoline, which asks PM to resume from it (KC_SIGRETURN).
enum { MX_SIGFRAME_MAGIC = 0x5349474652414d45ull >> 32 }; // "SIGF"

struct mx_sigframe {
    uint64_t magic;       // MX_SIGFRAME_MAGIC
    int64_t sig;
    uint64_t regs[32];
    uint64_t pc;
    uint64_t pad;         // keeps the frame a multiple of 16 bytes
};

