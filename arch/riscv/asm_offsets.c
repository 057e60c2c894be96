// Offsets and constants of the portable kernel's structures for the
// assembly IPC fast path (trapentry.S). Not linked: the build compiles it
// to assembly and turns each "->NAME value" marker into a #define in
// $(BUILD)/gen/asm_offsets.h, so the assembly follows every change of
// struct proc or struct sched_state without hand-kept numbers.
#include <stddef.h>

#include <mirv/endpoint.h>
#include <mirv/errors.h>
#include <mirv/ipc.h>
#include <mirv/kcall.h>
#include <mirv/msg.h>
#include <mirv/signal.h>

#include "csr.h"
#include "trapcause.h"
#include "userpte.h"

#include "pagefault.h"
#include "proc.h"
#include "sched.h"

#define DEFINE(name, value) __asm__ volatile(".ascii \"->" #name " %0\\n\"" : : "i"(value))
#define OFFSET(name, type, field) DEFINE(name, offsetof(struct type, field))

// The fast path finds a slot by masking the endpoint, and reads one word
// of the send mask and of the pending notifications.
_Static_assert((NR_PROCS & (NR_PROCS - 1)) == 0, "NR_PROCS must be a power of two");
_Static_assert(NR_PROCS <= (1 << ENDPOINT_SLOT_BITS), "slot bits");
_Static_assert(IPC_MASK_WORDS == 1, "the fast path reads one mask word");
_Static_assert(sizeof(((struct proc *)0)->rts) == 4, "rts is read with lw");
_Static_assert(sizeof(((struct proc *)0)->prio) == 4, "prio is read with lw");
_Static_assert(sizeof(((struct proc *)0)->ticks_left) == 4, "ticks_left is read with lw");
_Static_assert(sizeof(((struct proc *)0)->recv_from) == 4, "endpoints are words");
_Static_assert(sizeof(((struct proc *)0)->notify_kernel) == 4, "read with lw");
_Static_assert(sizeof(((struct proc *)0)->on_ready_queue) == 1, "bools are bytes");
_Static_assert(sizeof(((struct proc *)0)->reply_pending) == 1, "bools are bytes");
_Static_assert(sizeof(((struct sched_state *)0)->nonempty) == 4, "read with lw");
_Static_assert(offsetof(struct proc, ctx) == 0, "the trap frame starts struct proc");
_Static_assert(offsetof(struct message, source) == 0, "source is the first word");
_Static_assert(sizeof(struct message) == 64, "eight double words");
// The store-fault fast path writes the notification as double words.
_Static_assert(offsetof(struct message, type) == 4, "type is the second word");
_Static_assert(offsetof(struct message, u.notify.timestamp) == 8, "notify layout");
_Static_assert(offsetof(struct message, u.notify.signals) == 16, "notify layout");
_Static_assert(offsetof(struct message, u.notify.pf_ep) == 24, "notify layout");
_Static_assert(offsetof(struct message, u.notify.pf_access) == 28, "notify layout");
_Static_assert(offsetof(struct message, u.notify.pf_addr) == 32, "notify layout");
_Static_assert(sizeof(((struct proc *)0)->pf_access) == 4, "read with sw");
_Static_assert(sizeof(((struct pf_state *)0)->pager) == 4, "read with lw");
// The map half reads the pager's VMCTL_MAP request in place, as words.
_Static_assert(sizeof(((struct message *)0)->type) == 4, "read with lw");
_Static_assert(sizeof(((struct kc_vmctl *)0)->op) == 4, "read with lw");
_Static_assert(sizeof(((struct kc_vmctl *)0)->ep) == 4, "read with lw");
_Static_assert(sizeof(((struct kc_vmctl *)0)->resume) == 4, "read with lw");
_Static_assert(KC_VMCTL - KC_BASE < 64, "one bit of kcall_mask");
_Static_assert(sizeof(((struct kc_vmctl *)0)->prot) == 4, "read with lw");
// The map half builds a user PTE from the request's prot: R, W, X one bit
// below the PTE's, and a writable page is readable (W -> R, one bit lower).
_Static_assert((int)VMCTL_R << 1 == (int)PTE_R && (int)VMCTL_W << 1 == (int)PTE_W &&
                   (int)VMCTL_X << 1 == (int)PTE_X,
               "prot");
_Static_assert((int)VMCTL_W == (int)PTE_R, "W also sets R");
_Static_assert(((USER_PTE_BASE | PTE_V | PTE_R) & ~0x7ff) == 0, "an immediate");

void asm_offsets(void);

void
asm_offsets(void)
{
    DEFINE(PROC_SIZE, sizeof(struct proc));
    DEFINE(PROC_SLOT_MASK, NR_PROCS - 1);
    OFFSET(P_EP, proc, ep);
    OFFSET(P_RTS, proc, rts);
    OFFSET(P_IPC_TO, proc, priv.ipc_to);
    OFFSET(P_AS_ROOT, proc, as_root);
    OFFSET(P_PRIO, proc, prio);
    OFFSET(P_QUANTUM, proc, quantum);
    OFFSET(P_TICKS_LEFT, proc, ticks_left);
    OFFSET(P_READY_NEXT, proc, ready_next);
    OFFSET(P_ON_READY, proc, on_ready_queue);
    OFFSET(P_MSG_VA, proc, msg_va);
    OFFSET(P_MSG_KPTR, proc, msg_kptr);
    OFFSET(P_KPTR_CACHE_VA, proc, kptr_cache_va);
    OFFSET(P_KPTR_CACHE, proc, kptr_cache);
    OFFSET(P_RECV_FROM, proc, recv_from);
    OFFSET(P_REPLY_PENDING, proc, reply_pending);
    OFFSET(P_SENDERS, proc, senders);
    OFFSET(P_NOTIFY_PENDING, proc, notify_pending);
    OFFSET(P_NOTIFY_KERNEL, proc, notify_kernel);
    OFFSET(P_SIG_SELF, proc, sig_self);
    OFFSET(P_PF_ADDR, proc, pf_addr);
    OFFSET(P_PF_ACCESS, proc, pf_access);
    OFFSET(P_PF_NEXT, proc, pf_next);
    OFFSET(P_KCALL_MASK, proc, priv.kcall_mask);
    OFFSET(M_TYPE, message, type);
    OFFSET(M_VMCTL, message, u.vmctl);
    OFFSET(M_VMCTL_OP, message, u.vmctl.op);
    OFFSET(M_VMCTL_EP, message, u.vmctl.ep);
    OFFSET(M_VMCTL_RESUME, message, u.vmctl.resume);
    DEFINE(KC_VMCTL_NR, KC_VMCTL);
    DEFINE(KC_VMCTL_BIT, KC_VMCTL - KC_BASE);
    DEFINE(VMCTL_MAP_OP, VMCTL_MAP);
    OFFSET(M_VMCTL_PROT, message, u.vmctl.prot);
    OFFSET(M_VMCTL_VA, message, u.vmctl.va);
    DEFINE(VMCTL_RWX, VMCTL_R | VMCTL_W | VMCTL_X);
    DEFINE(VMCTL_W_BIT, VMCTL_W);
    DEFINE(VMCTL_X_BIT, VMCTL_X);
    DEFINE(VMCTL_ZERO_BIT, VMCTL_ZERO);
    DEFINE(PTE_USER_LEAF, USER_PTE_BASE | PTE_V);
    DEFINE(PTE_USER_READ, USER_PTE_BASE | PTE_V | PTE_R);
    DEFINE(PTE_COW_BITS, PTE_COW);
    DEFINE(PTE_KIND_MASK, PTE_V | PTE_R | PTE_W | PTE_X);
    DEFINE(PTE_VALID, PTE_V);
    DEFINE(PAGES_SLOT_OFFSET, PAGES_SLOT * 8);
    DEFINE(PAGES_ONE, 1 << 1); // one page in the root's count
    OFFSET(PF_PAGER, pf_state, pager);
    OFFSET(PF_PAGER_P, pf_state, pager_p);
    OFFSET(PF_HEAD, pf_state, head);
    OFFSET(PF_TAIL, pf_state, tail);
    OFFSET(PF_TICKS, pf_state, ticks);
    DEFINE(RTS_PAGEFAULT_FLAG, RTS_PAGEFAULT);
    DEFINE(NOTIFY_SYSTEM_HEADER, (uint64_t)(uint32_t)ENDPOINT_SYSTEM | (uint64_t)MSG_NOTIFY << 32);
    DEFINE(SIGKPF_BIT, mx_sigbit(MX_SIGKPF));
    DEFINE(CAUSE_STORE_PAGE_FAULT, EXC_STORE_PAGE_FAULT);
    DEFINE(CAUSE_LOAD_PAGE_FAULT, EXC_LOAD_PAGE_FAULT);
    DEFINE(USER_VA_END, ARCH_USER_VA_END);
    OFFSET(S_HEAD, sched_state, head);
    OFFSET(S_TAIL, sched_state, tail);
    OFFSET(S_CURRENT, sched_state, current);
    OFFSET(S_NONEMPTY, sched_state, nonempty);
    DEFINE(RTS_RECEIVING_FLAG, RTS_RECEIVING);
    DEFINE(EP_ANY, ENDPOINT_ANY);
    DEFINE(EP_NONE, ENDPOINT_NONE);
    DEFINE(OP_SENDREC, IPC_SENDREC);
    DEFINE(OP_REPLYRECV, IPC_REPLYRECV);
    DEFINE(OP_KCALLRECV, IPC_KCALLRECV);
    DEFINE(RESULT_OK, MX_OK);
    DEFINE(CAUSE_ECALL_U, EXC_ECALL_U);
    DEFINE(SUM_BIT, SSTATUS_SUM);
    DEFINE(SATP_SV39_SHIFTED, SATP_MODE_SV39 >> 60); // the mode field is bits 63..60
}
