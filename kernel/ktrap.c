// Dispatch of traps from U-mode: IPC and kernel calls, clock ticks, and
// faults. A faulting process is stopped and reported; the others go on.
// (The signals issue routes faults to the process's signal manager.)
#include "ktrap.h"

#include "clock.h"
#include "console.h"
#include "frame.h"
#include "ipc.h"
#include "pagefault.h"
#include "panic.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"

#include <mirv/signal.h>

static const char *
trap_name(enum user_trap why)
{
    switch (why) {
    case UTRAP_PAGE_FAULT:
        return "page fault";
    case UTRAP_ACCESS_FAULT:
        return "access fault";
    case UTRAP_ILLEGAL:
        return "illegal instruction";
    case UTRAP_MISALIGNED:
        return "misaligned access";
    case UTRAP_BREAKPOINT:
        return "breakpoint";
    default:
        return "unexpected trap";
    }
}

// The signal a CPU exception of a user process becomes.
static int
fault_signal(enum user_trap why)
{
    switch (why) {
    case UTRAP_ILLEGAL:
        return MX_SIGILL;
    case UTRAP_MISALIGNED:
        return MX_SIGBUS;
    case UTRAP_BREAKPOINT:
        return MX_SIGTRAP;
    default:
        return MX_SIGSEGV; // page and access faults
    }
}

// A CPU exception of a user process: reported, and a signal for its
// manager (stopped if it has none). The pager (VM) is different: nobody can
// serve its faults and every process's memory depends on it, so a fault
// there halts the system with a diagnostic rather than limp on.
static void
user_fault(struct proc *p, enum user_trap why, uint64_t addr, int access)
{
    if (p == pf_pager()) {
        panic("the pager %s (ep %d) faulted: %s%s at pc %#lx, address %#lx", p->name, p->ep,
              trap_name(why),
              access == 'w' ? " (write)" : access == 'x' ? " (execute)" : access ? " (read)" : "",
              (unsigned long)arch_context_pc(&p->ctx), (unsigned long)addr);
    }
    kprintf("%s (ep %d) %s: %s", p->name, p->ep,
            proc_lookup(p->priv.sig_mgr) != NULL ? "signalled" : "stopped", trap_name(why));
    if (access != 0) {
        kprintf(" (%s)", access == 'w' ? "write" : access == 'x' ? "execute" : "read");
    }
    kprintf(" at pc %#lx, address %#lx\n", (unsigned long)arch_context_pc(&p->ctx),
            (unsigned long)addr);
    if (proc_lookup(p->priv.sig_mgr) != NULL && p->priv.sig_mgr != p->ep) {
        sig_cause(p, fault_signal(why));
    } else {
        proc_set_flags(p, RTS_STOPPED);
    }
}

noreturn void
kernel_trap_user(struct arch_context *ctx, enum user_trap why, uint64_t addr, int access)
{
    struct proc *p = proc_from_context(ctx);

    switch (why) {
    case UTRAP_SYSCALL:
        ipc_syscall(p);
        break;
    case UTRAP_TIMER:
        p->user_ticks++;
        clock_tick();
        break;
    case UTRAP_INTERRUPT:
        break;
    case UTRAP_PAGE_FAULT:
        if (addr < ARCH_USER_VA_END) {
            struct proc *pager = pf_raise_fast(p, addr, access);
            if (pager != NULL) {
                arch_enter_user(&pager->ctx, pager->as_root); // straight to VM
            }
            if (pf_raise(p, addr, access)) {
                break; // the pager (VM) serves it
            }
        }
        user_fault(p, why, addr, access);
        break;
    default:
        user_fault(p, why, addr, access);
        break;
    }
    kernel_resume();
}

noreturn void
kernel_resume(void)
{
    for (;;) {
        struct proc *p = sched_pick();
        if (p != NULL) {
            arch_as_switch(p->as_root); // the copy-out below is then a direct copy
            ipc_finish_copyout(p);
            arch_enter_user(&p->ctx, p->as_root);
        }
        while (!arch_intr_pending() && frame_zero_idle()) {
            // nothing to run: zero free frames ahead of the page faults
        }
        arch_idle(); // an interrupt may make someone runnable
    }
}
