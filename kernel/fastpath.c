// IPC fast path (see fastpath.h). The conditions mirror what the generic
// path would do, so taking or not taking the fast path changes nothing but
// the instruction count; the kernel-core system tests run through both.
// On RISC-V the same decision is made first in assembly at the ecall entry
// (arch/riscv/trapentry.S, ipc_fastpath): keep the two in step.
#include "fastpath.h"

#include <mirv/errors.h>
#include <mirv/ipc.h>

#include "ipc.h"
#include "kcall.h"
#include "ktrap.h"
#include "pagefault.h"
#include "proc.h"
#include "sched.h"

static bool
no_pending_input(const struct proc *p)
{
    if (p->senders != NULL || p->notify_kernel != 0) {
        return false;
    }
    for (unsigned w = 0; w < IPC_MASK_WORDS; w++) {
        if (p->notify_pending[w] != 0) {
            return false;
        }
    }
    return true;
}

// The receiver for a fast sendrec/replyrecv, or NULL to take the generic path.
static struct proc *
fast_target(struct proc *caller, uint64_t op, uint64_t a0, uint64_t va)
{
    endpoint_t ep = (endpoint_t)a0;

    if ((int64_t)a0 != (int64_t)ep || caller->kptr_cache == NULL || caller->kptr_cache_va != va) {
        return NULL;
    }
    struct proc *dst = proc_lookup(ep);
    if (dst == NULL || dst == caller || dst->rts != RTS_RECEIVING || dst->msg_kptr == NULL ||
        !priv_may_send(&caller->priv, dst->slot)) {
        return NULL;
    }
    if (op == IPC_SENDREC) {
        if (dst->recv_from != ENDPOINT_ANY && dst->recv_from != caller->ep) {
            return NULL;
        }
    } else if (dst->recv_from != caller->ep || !no_pending_input(caller)) {
        return NULL; // replyrecv: dst must await our reply, and we nothing else
    }
    return caller->rts == 0 ? dst : NULL;
}

// The pager's usual answer to a fault, IPC_KCALLRECV with VMCTL_MAP and
// resume for the only queued fault, when its receive would block and the
// scheduler would then run the faulting process: map the page, block the
// pager in receive and switch straight to the process. The request is read
// through the pager's cached buffer pointer (known writable, so the receive
// needs no check) and no reply is written: a blocking receive overwrites it
// later anyway. Returns only if the generic path must do it (nothing changed).
// On RISC-V the ecall entry calls it first (arch/riscv/trapentry.S).
void
fault_end_fast(struct proc *caller, uint64_t va)
{
    const struct message *m = caller->kptr_cache;

    if (m == NULL || caller->kptr_cache_va != va || m->type != KC_VMCTL ||
        m->u.vmctl.op != VMCTL_MAP || m->u.vmctl.resume == 0 || !no_pending_input(caller) || !priv_may_call(&caller->priv, KC_VMCTL, KC_BASE, KC_COUNT)) {
        return;
    }
    struct proc *p = pf_resolve_fast(caller, m->u.vmctl.ep);
    if (p == NULL || !sched_may_switch(caller, p) || vmctl_map_fault(&m->u.vmctl, p) != MX_OK) {
        return;
    }
    pf_resolved_fast(p);
    sched_switch(caller, p);
    caller->recv_from = ENDPOINT_ANY; // the pager: waiting for the next message
    caller->reply_pending = false;
    caller->msg_va = va;
    caller->msg_kptr = caller->kptr_cache;
    caller->rts = RTS_RECEIVING;
    arch_enter_user(&p->ctx, p->as_root);
}

noreturn void
kernel_syscall_trap(struct arch_context *ctx)
{
    struct proc *caller = proc_from_context(ctx);
    uint64_t op, a0, va;

    arch_syscall_args(ctx, &op, &a0, &va);
    if (op == IPC_KCALLRECV) {
        fault_end_fast(caller, va);
    }
    if (op == IPC_SENDREC || op == IPC_REPLYRECV) {
        struct proc *dst = fast_target(caller, op, a0, va);
        struct message *out = dst != NULL ? dst->msg_kptr : NULL;
        // Copy first: if the switch is then refused, dst still waits and the
        // generic path delivers the same message again.
        if (out != NULL && arch_copy_msg_from_current(out, va) == 0 &&
            sched_direct_switch(caller, dst)) {
            out->source = caller->ep;
            // caller: wait for the reply (sendrec) or for the next request
            caller->recv_from = op == IPC_SENDREC ? dst->ep : ENDPOINT_ANY;
            caller->reply_pending = op == IPC_SENDREC;
            caller->msg_va = va;
            caller->msg_kptr = caller->kptr_cache;
            caller->rts = RTS_RECEIVING;
            // dst: its receive is done
            arch_set_retval(&dst->ctx, MX_OK);
            dst->reply_pending = false;
            dst->recv_from = ENDPOINT_NONE;
            dst->msg_kptr = NULL;
            dst->rts = 0;
            arch_enter_user(&dst->ctx, dst->as_root);
        }
    }
    ipc_syscall(caller);
    kernel_resume();
}
