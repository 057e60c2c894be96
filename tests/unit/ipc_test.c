// Unit tests for the portable kernel core: endpoints and generations
// (kernel/proc.c), IPC queueing, notification coalescing, permissions,
// deadlock refusal and cleanup (kernel/ipc.c), and the ready queues
// (kernel/sched.c), the live-update swap (kernel/kcall/kc_update.c), and
// the page-fault fast path (kernel/pagefault.c: the same notification as
// the generic path, or nothing changed), against the fake arch layer in
// fake_arch.c.
#define UTEST_SUITE "ipc"
#include "utest.h"

#include <string.h>

#include <mirv/errors.h>

#include "fake_arch.h"
#include "ipc.h"
#include "kcall.h"
#include "pagefault.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"

#include <mirv/signal.h>

enum { UBASE = 0x10000 };

static struct fake_as spaces[8];

static void
reset(void)
{
    proc_table_init();
    sched_init();
    memset(spaces, 0, sizeof(spaces));
    pf_state = (struct pf_state){ENDPOINT_NONE, NULL, NULL, NULL, NULL}; // no pager, no faults
}

// A runnable process with its own fake address space and full IPC rights.
static struct proc *
make(const char *name, unsigned prio)
{
    struct proc *p = proc_alloc(name);
    struct fake_as *as = &spaces[p->slot];

    as->base = UBASE;
    as->size = sizeof(as->mem);
    as->writable = true;
    p->as_root = (uint64_t)(uintptr_t)as;
    memset(p->priv.ipc_to, 0xff, sizeof(p->priv.ipc_to));
    sched_set_priority(p, prio, 0);
    proc_clear_flags(p, RTS_NEW);
    return p;
}

static struct message *
umsg(struct proc *p)
{
    return (struct message *)(void *)spaces[p->slot].mem;
}

static int64_t
retval(struct proc *p)
{
    return (int64_t)p->ctx.words[FAKE_RETVAL];
}

static void
test_endpoint_generations(void)
{
    reset();
    struct proc *a = make("a", 3);
    endpoint_t old = a->ep;
    unsigned slot = a->slot;

    CHECK(endpoint_is_process(old));
    CHECK_EQ(endpoint_slot(old), slot);
    CHECK(proc_lookup(old) == a);
    proc_free(a);
    CHECK(proc_lookup(old) == NULL);
    struct proc *b = make("b", 3);
    CHECK_EQ(b->slot, slot); // the slot is reused...
    CHECK(b->ep != old);     // ...under a new generation
    CHECK_EQ(endpoint_generation(b->ep), endpoint_generation(old) + 1);
    CHECK(proc_lookup(old) == NULL);
    CHECK(proc_lookup(ENDPOINT_ANY) == NULL && proc_lookup(0) == NULL);
    CHECK(proc_lookup(endpoint_make(NR_PROCS + 3, 1)) == NULL);
}

static void
test_send_to_waiting_receiver_delivers(void)
{
    reset();
    struct proc *a = make("a", 3), *b = make("b", 3);

    CHECK_EQ(ipc_receive(b, ENDPOINT_ANY, UBASE), IPC_SUSPENDED);
    CHECK(b->rts & RTS_RECEIVING);
    umsg(a)->type = 42;
    umsg(a)->u.raw[0] = 0x1234;
    CHECK_EQ(ipc_send(a, b->ep, UBASE, false, false), MX_OK);
    CHECK_EQ(b->rts, 0);
    ipc_finish_copyout(b);
    CHECK_EQ(retval(b), 0);
    CHECK_EQ(umsg(b)->type, 42);
    CHECK_EQ(umsg(b)->u.raw[0], 0x1234);
    CHECK_EQ(umsg(b)->source, a->ep); // stamped by the kernel
}

static void
test_copyout_path_when_buffer_not_directly_reachable(void)
{
    reset();
    struct proc *a = make("a", 3), *b = make("b", 3);

    spaces[b->slot].no_kptr = true;
    CHECK_EQ(ipc_receive(b, ENDPOINT_ANY, UBASE), IPC_SUSPENDED);
    umsg(a)->type = 9;
    CHECK_EQ(ipc_send(a, b->ep, UBASE, false, false), MX_OK);
    CHECK(b->copyout_pending);
    CHECK_EQ(umsg(b)->type, 0); // not there before the copy-out
    ipc_finish_copyout(b);
    CHECK_EQ(umsg(b)->type, 9);
    CHECK_EQ(umsg(b)->source, a->ep);
}

static void
test_senders_queue_in_order(void)
{
    reset();
    struct proc *srv = make("srv", 3), *c1 = make("c1", 3), *c2 = make("c2", 3);

    umsg(c1)->type = 1;
    umsg(c2)->type = 2;
    CHECK_EQ(ipc_send(c1, srv->ep, UBASE, false, false), IPC_SUSPENDED);
    CHECK_EQ(ipc_send(c2, srv->ep, UBASE, false, false), IPC_SUSPENDED);
    CHECK(c1->rts & RTS_SENDING);
    CHECK_EQ(ipc_receive(srv, ENDPOINT_ANY, UBASE), MX_OK);
    CHECK_EQ(umsg(srv)->type, 1);
    CHECK_EQ(c1->rts, 0);
    CHECK_EQ(retval(c1), 0);
    CHECK_EQ(ipc_receive(srv, c2->ep, UBASE), MX_OK);
    CHECK_EQ(umsg(srv)->type, 2);
    CHECK_EQ(c2->rts, 0);
}

static void
test_sendrec_waits_for_reply_not_notifications(void)
{
    reset();
    struct proc *cl = make("cl", 3), *srv = make("srv", 3), *other = make("other", 3);

    CHECK_EQ(ipc_receive(srv, ENDPOINT_ANY, UBASE), IPC_SUSPENDED);
    CHECK_EQ(ipc_send(cl, srv->ep, UBASE, true, false), IPC_SUSPENDED);
    CHECK(cl->rts & RTS_RECEIVING);
    CHECK(cl->reply_pending);
    CHECK_EQ(ipc_notify(other, cl->ep), MX_OK); // must not end the sendrec
    CHECK(cl->rts & RTS_RECEIVING);
    CHECK_EQ(ipc_send(other, cl->ep, UBASE, false, true), -MX_ENOTREADY); // only srv may reply
    umsg(srv)->type = 77;
    CHECK_EQ(ipc_send(srv, cl->ep, UBASE, false, false), MX_OK);
    ipc_finish_copyout(cl);
    CHECK_EQ(umsg(cl)->type, 77);
    CHECK_EQ(ipc_receive(cl, ENDPOINT_ANY, UBASE), MX_OK); // now the notification
    CHECK_EQ(umsg(cl)->type, MSG_NOTIFY);
    CHECK_EQ(umsg(cl)->source, other->ep);
}

static void
test_notifications_coalesce(void)
{
    reset();
    struct proc *a = make("a", 3), *b = make("b", 3);

    for (int i = 0; i < 3; i++) {
        CHECK_EQ(ipc_notify(a, b->ep), MX_OK);
    }
    CHECK_EQ(ipc_receive(b, ENDPOINT_ANY, UBASE), MX_OK);
    CHECK_EQ(umsg(b)->source, a->ep);
    CHECK_EQ(ipc_receive(b, ENDPOINT_ANY, UBASE), IPC_SUSPENDED); // only one was pending
}

static void
test_permission_mask_enforced(void)
{
    reset();
    struct proc *a = make("a", 3), *b = make("b", 3);

    memset(a->priv.ipc_to, 0, sizeof(a->priv.ipc_to));
    CHECK_EQ(ipc_send(a, b->ep, UBASE, false, false), -MX_EPERM);
    CHECK_EQ(ipc_notify(a, b->ep), -MX_EPERM);
    priv_allow_send(&a->priv, b->slot);
    CHECK_EQ(ipc_notify(a, b->ep), MX_OK);
}

static void
test_deadlock_cycles_refused(void)
{
    reset();
    struct proc *a = make("a", 3), *b = make("b", 3), *c = make("c", 3);

    CHECK_EQ(ipc_send(a, b->ep, UBASE, false, false), IPC_SUSPENDED);   // a waits for b
    CHECK_EQ(ipc_send(b, a->ep, UBASE, false, false), -MX_ELOCKED);     // 2-cycle
    CHECK_EQ(ipc_send(b, c->ep, UBASE, false, false), IPC_SUSPENDED);   // b waits for c
    CHECK_EQ(ipc_send(c, a->ep, UBASE, true, false), -MX_ELOCKED);      // 3-cycle
    CHECK_EQ(ipc_receive(c, a->ep, UBASE), -MX_ELOCKED);                // c waits for a: cycle
    CHECK(c->rts == 0);                                                 // c was not blocked
}

static void
test_dead_and_bad_endpoints(void)
{
    reset();
    struct proc *a = make("a", 3), *b = make("b", 3);
    endpoint_t bep = b->ep;

    CHECK_EQ(ipc_send(a, a->ep, UBASE, false, false), -MX_EBADSRCDST);
    CHECK_EQ(ipc_send(a, ENDPOINT_ANY, UBASE, false, false), -MX_EBADSRCDST);
    CHECK_EQ(ipc_send(a, endpoint_make(b->slot, b->generation + 1), UBASE, false, false),
             -MX_EDEADSRCDST);
    proc_free(b);
    CHECK_EQ(ipc_send(a, bep, UBASE, false, false), -MX_EDEADSRCDST);
    CHECK_EQ(ipc_receive(a, bep, UBASE), -MX_EDEADSRCDST);
}

static void
test_cleanup_releases_waiters(void)
{
    reset();
    struct proc *srv = make("srv", 3), *c1 = make("c1", 3), *c2 = make("c2", 3);

    CHECK_EQ(ipc_send(c1, srv->ep, UBASE, true, false), IPC_SUSPENDED); // queued sendrec
    CHECK_EQ(ipc_receive(c2, srv->ep, UBASE), IPC_SUSPENDED);           // waits on srv
    CHECK_EQ(ipc_notify(srv, c2->ep), MX_OK);                           // delivered to c2
    ipc_finish_copyout(c2);
    CHECK_EQ(ipc_receive(c2, srv->ep, UBASE), IPC_SUSPENDED);
    ipc_cleanup(srv);
    proc_free(srv);
    CHECK_EQ(c1->rts, 0);
    CHECK_EQ(retval(c1), -MX_EDEADSRCDST);
    CHECK_EQ(c2->rts, 0);
    CHECK_EQ(retval(c2), -MX_EDEADSRCDST);
}

static void
test_bad_user_buffers_refused(void)
{
    reset();
    struct proc *a = make("a", 3), *b = make("b", 3);

    CHECK_EQ(ipc_send(a, b->ep, UBASE - 8, false, false), -MX_EFAULT);
    CHECK_EQ(ipc_send(a, b->ep, UBASE + 500, false, false), -MX_EFAULT); // runs past the end
    CHECK_EQ(ipc_send(a, b->ep, ~0ull - 10, false, false), -MX_EFAULT);  // wraps around
    spaces[b->slot].writable = false;
    CHECK_EQ(ipc_receive(b, ENDPOINT_ANY, UBASE), -MX_EFAULT);
    CHECK(b->rts == 0);
}

static void
test_sched_priorities_and_round_robin(void)
{
    reset();
    struct proc *lo = make("lo", 5), *hi1 = make("hi1", 2), *hi2 = make("hi2", 2);

    sched_set_priority(hi1, 2, 2);
    sched_set_priority(hi2, 2, 2);
    hi1->ticks_left = hi2->ticks_left = 2;
    CHECK(sched_pick() == hi1);
    sched_tick();
    CHECK(sched_pick() == hi1); // quantum not used up yet
    sched_tick();
    CHECK(sched_pick() == hi2); // rotated to the tail
    proc_set_flags(hi1, RTS_RECEIVING);
    proc_set_flags(hi2, RTS_SENDING);
    CHECK(sched_pick() == lo);
    proc_set_flags(lo, RTS_STOPPED);
    CHECK(sched_pick() == NULL);
    proc_clear_flags(hi2, RTS_SENDING);
    CHECK(sched_pick() == hi2);
}

static void
test_signals_go_to_the_manager(void)
{
    reset();
    struct proc *mgr = make("mgr", 1), *p = make("p", 3), *other = make("other", 3);
    uint64_t set = 0;

    p->priv.sig_mgr = mgr->ep;
    CHECK_EQ(ipc_receive(mgr, ENDPOINT_ANY, UBASE), IPC_SUSPENDED);
    sig_cause(p, MX_SIGSEGV);
    sig_cause(p, MX_SIGUSR1); // coalesces: one SIGKSIG, one fetch
    CHECK(p->rts & RTS_SIG_PENDING);
    CHECK(sched_pick() != p);
    CHECK_EQ(mgr->rts, 0); // woken by SYSTEM's notification
    CHECK_EQ(umsg(mgr)->source, ENDPOINT_SYSTEM);
    CHECK_EQ(umsg(mgr)->u.notify.signals, mx_sigbit(MX_SIGKSIG));
    CHECK(sig_fetch(mgr, &set) == p);
    CHECK_EQ(set, mx_sigbit(MX_SIGSEGV) | mx_sigbit(MX_SIGUSR1));
    CHECK(sig_fetch(mgr, &set) == NULL);
    CHECK_EQ(sig_end(other, p, 0), -MX_EPERM); // only p's manager may release it
    CHECK(p->rts & RTS_SIG_PENDING);
    CHECK_EQ(sig_end(mgr, p, 0), MX_OK);
    CHECK_EQ(p->rts, 0);
    CHECK_EQ(sig_end(mgr, p, 0), -MX_EINVAL); // nothing pending any more
}

// KC_UPDATE: the images swap; the endpoint, its queue of blocked senders
// and the signals for the process itself stay; signals for the manager
// move with the stopped image; a running image is refused.
static void
test_update_swaps_images_keeps_endpoint(void)
{
    reset();
    struct proc *mgr = make("mgr", 1), *old = make("old", 3), *nu = make("nu", 4),
                *client = make("client", 3);
    struct message m = {0};
    endpoint_t old_ep = old->ep;

    old->priv.sig_mgr = nu->priv.sig_mgr = mgr->ep;
    m.u.update.old_ep = old->ep;
    m.u.update.new_ep = nu->ep;
    CHECK_EQ(kc_update(mgr, &m), -MX_EBUSY); // both runnable: not updatable
    CHECK_EQ(ipc_receive(old, mgr->ep, UBASE), IPC_SUSPENDED); // the old one waits on mgr
    proc_set_flags(nu, RTS_NEW);                               // the new one never ran
    umsg(client)->type = 7;
    CHECK_EQ(ipc_send(client, old_ep, UBASE, false, false), IPC_SUSPENDED);
    old->sig_self = mx_sigbit(MX_SIGTERM);
    m.u.update.start = 1;
    CHECK_EQ(kc_update(mgr, &m), MX_OK);
    CHECK_EQ(old->ep, old_ep);
    CHECK(strcmp(old->name, "nu") == 0 && strcmp(nu->name, "old") == 0);
    CHECK_EQ(old->prio, 4);
    CHECK_EQ(old->rts, 0);                       // started: runnable
    CHECK(nu->rts & RTS_RECEIVING);              // the old image, still waiting
    CHECK(old->senders == client);               // the queue stayed with the endpoint
    CHECK_EQ(old->sig_self, mx_sigbit(MX_SIGTERM));
    CHECK_EQ(ipc_receive(old, ENDPOINT_ANY, UBASE), MX_OK);
    CHECK_EQ(umsg(nu)->type, 7); // spaces[nu->slot] is the new image's memory: served by it
    // The new image crashes: its signal moves with it when swapped back.
    sig_cause(old, MX_SIGSEGV);
    m.u.update.start = 0;
    CHECK_EQ(kc_update(mgr, &m), MX_OK);
    CHECK(strcmp(old->name, "old") == 0);
    CHECK(nu->rts & RTS_SIG_PENDING);
    CHECK_EQ(nu->sig_pending, mx_sigbit(MX_SIGSEGV));
    CHECK_EQ(old->sig_pending, 0);
    CHECK_EQ(kc_update(client, &m), -MX_EBUSY); // not their manager
}

// The pager (VM) swaps on behalf of the manager, so that its records of
// the two images follow them in one step; nobody else may.
// Runs last: the pager registration outlives reset().
static void
test_update_by_pager_for_manager(void)
{
    reset();
    struct proc *mgr = make("mgr", 1), *vm = make("vm", 1), *old = make("old", 3),
                *nu = make("nu", 4);
    struct message m = {0};

    old->priv.sig_mgr = nu->priv.sig_mgr = mgr->ep;
    proc_set_flags(old, RTS_NEW);
    proc_set_flags(nu, RTS_NEW);
    m.u.update.old_ep = old->ep;
    m.u.update.new_ep = nu->ep;
    m.u.update.on_behalf = 1;
    m.u.update.mgr = mgr->ep;
    CHECK_EQ(kc_update(vm, &m), -MX_EPERM); // vm is not the pager yet
    CHECK_EQ(pf_set_pager(vm), MX_OK);
    CHECK_EQ(kc_update(mgr, &m), -MX_EPERM); // only the pager acts for others
    m.u.update.mgr = vm->ep;
    CHECK_EQ(kc_update(vm, &m), -MX_EBUSY); // vm does not manage them
    m.u.update.mgr = ENDPOINT_NONE;
    CHECK_EQ(kc_update(vm, &m), -MX_ESRCH);
    m.u.update.mgr = mgr->ep;
    CHECK_EQ(kc_update(vm, &m), MX_OK);
    CHECK(strcmp(old->name, "nu") == 0 && strcmp(nu->name, "old") == 0);
}

static void
test_signal_without_manager_stops(void)
{
    reset();
    struct proc *p = make("p", 3);

    sig_cause(p, MX_SIGILL);
    CHECK(p->rts & RTS_STOPPED);
    CHECK(!(p->rts & RTS_SIGNALED));
}

static void
test_new_signal_during_handling_keeps_it_stopped(void)
{
    reset();
    struct proc *mgr = make("mgr", 1), *p = make("p", 3);
    uint64_t set = 0;

    p->priv.sig_mgr = mgr->ep;
    sig_cause(p, MX_SIGUSR1);
    CHECK(sig_fetch(mgr, &set) == p);
    sig_cause(p, MX_SIGUSR2); // arrives before endksig
    CHECK_EQ(sig_end(mgr, p, 0), MX_OK);
    CHECK(p->rts & RTS_SIG_PENDING); // still stopped for the new one
    CHECK(sig_fetch(mgr, &set) == p && set == mx_sigbit(MX_SIGUSR2));
    CHECK_EQ(sig_end(mgr, p, 0), MX_OK);
    CHECK_EQ(p->rts, 0);
}

// The pager (prio 1) waits in receive; p (prio 3) is the one running.
static void
pager_waits_for_fault(struct proc **vm, struct proc **p)
{
    reset();
    *vm = make("vm", 1);
    *p = make("p", 3);
    CHECK_EQ(pf_set_pager(*vm), MX_OK);
    CHECK_EQ(ipc_receive(*vm, ENDPOINT_ANY, UBASE), IPC_SUSPENDED);
    CHECK(sched_pick() == *p);
}

static void
test_fault_fast_path_same_notification(void)
{
    struct proc *vm, *p;
    struct message generic, fast;

    pager_waits_for_fault(&vm, &p);
    vm->sig_self = mx_sigbit(MX_SIGKPF); // something pending: the fast path declines
    CHECK(pf_raise_fast(p, 0x5008, 'w') == NULL);
    CHECK_EQ(p->rts, 0); // nothing changed
    CHECK(pf_peek() == NULL);
    vm->sig_self = 0;
    CHECK(pf_raise(p, 0x5008, 'w')); // the generic path
    ipc_finish_copyout(vm);
    generic = *umsg(vm);
    CHECK_EQ(generic.u.notify.pf_ep, p->ep);

    pager_waits_for_fault(&vm, &p);
    memset(umsg(vm), 0xa5, sizeof(struct message)); // every byte must be written
    CHECK(pf_raise_fast(p, 0x5008, 'w') == vm);
    fast = *umsg(vm);
    CHECK(memcmp(&fast, &generic, sizeof(fast)) == 0);
    CHECK_EQ(fast.source, ENDPOINT_SYSTEM);
    CHECK_EQ(fast.u.notify.signals, mx_sigbit(MX_SIGKPF));
    CHECK_EQ(fast.u.notify.pf_addr, 0x5008);
    CHECK_EQ(fast.u.notify.pf_access, 'w');
    CHECK_EQ(retval(vm), MX_OK);
    CHECK_EQ(vm->rts, 0);
    CHECK_EQ(p->rts, RTS_PAGEFAULT);
    CHECK(pf_peek() == p);
    CHECK(sched_pick() == vm); // the switch was made
    CHECK(pf_raise_fast(make("q", 3), 0x6000, 'r') == NULL); // vm is busy now
}

static void
test_fault_fast_path_declines(void)
{
    struct proc *vm, *p;

    pager_waits_for_fault(&vm, &p);
    struct proc *hi = make("hi", 0); // someone more urgent is ready
    CHECK(pf_raise_fast(p, 0x5000, 'w') == NULL);
    CHECK_EQ(p->rts, 0);
    proc_set_flags(hi, RTS_STOPPED);

    ipc_receive(vm, p->ep, UBASE); // vm waits for p only: not for a fault
    CHECK(pf_raise_fast(p, 0x5000, 'w') == NULL);
    CHECK(pf_raise_fast(vm, 0x5000, 'w') == NULL); // the pager's own fault

    pager_waits_for_fault(&vm, &p);
    CHECK(pf_raise(p, 0x5000, 'w')); // a fault already queued goes first
    struct proc *q = make("q", 3);
    CHECK(sched_pick() == vm);
    CHECK(pf_raise_fast(q, 0x6000, 'w') == NULL);
}

static void
test_fault_fast_resolve(void)
{
    struct proc *vm, *p;

    pager_waits_for_fault(&vm, &p);
    CHECK(pf_raise_fast(p, 0x5000, 'w') == vm);
    CHECK(pf_resolve_fast(vm, p->ep + 1) == NULL); // another process
    CHECK(pf_resolve_fast(p, p->ep) == NULL);      // not from the pager
    CHECK(pf_resolve_fast(vm, p->ep) == p);
    pf_resolved_fast(p);
    CHECK_EQ(p->rts, 0);
    CHECK(pf_peek() == NULL);
}

int
main(void)
{
    UTEST_RUN(test_fault_fast_path_same_notification);
    UTEST_RUN(test_fault_fast_path_declines);
    UTEST_RUN(test_fault_fast_resolve);
    UTEST_RUN(test_endpoint_generations);
    UTEST_RUN(test_send_to_waiting_receiver_delivers);
    UTEST_RUN(test_copyout_path_when_buffer_not_directly_reachable);
    UTEST_RUN(test_senders_queue_in_order);
    UTEST_RUN(test_sendrec_waits_for_reply_not_notifications);
    UTEST_RUN(test_notifications_coalesce);
    UTEST_RUN(test_permission_mask_enforced);
    UTEST_RUN(test_deadlock_cycles_refused);
    UTEST_RUN(test_dead_and_bad_endpoints);
    UTEST_RUN(test_cleanup_releases_waiters);
    UTEST_RUN(test_bad_user_buffers_refused);
    UTEST_RUN(test_sched_priorities_and_round_robin);
    UTEST_RUN(test_signals_go_to_the_manager);
    UTEST_RUN(test_signal_without_manager_stops);
    UTEST_RUN(test_update_swaps_images_keeps_endpoint);
    UTEST_RUN(test_new_signal_during_handling_keeps_it_stopped);
    UTEST_RUN(test_update_by_pager_for_manager);
    return utest_finish();
}
