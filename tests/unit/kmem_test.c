// Unit tests for kernel memory requests (kernel/kmem.c, the SIGKMEM path)
// against the fake arch: a safecopy or vircopy into a range of its target
// that is not present suspends the caller and queues a request for the
// pager; the pager's answer resumes the caller, whose call then restarts.
// Also: no request without a pager or for the pager itself, no loop when
// the page stays absent, and cleanup when the caller or the target dies.
#define UTEST_SUITE "kmem"
#include "utest.h"

#include <string.h>

#include <mirv/errors.h>
#include <mirv/kcall.h>
#include <mirv/signal.h>

#include "fake_arch.h"
#include "ipc.h"
#include "kcall.h"
#include "kmem.h"
#include "pagefault.h"
#include "proc.h"
#include "sched.h"

enum {
    UBASE = 0x10000,
    TABLE = UBASE,         // grant table: 4 entries
    DATA = UBASE + 256,    // the granted data
    BUF = UBASE + 384,     // the caller's own buffer
};

static struct fake_as spaces[NR_PROCS];
static struct proc *pager;

// Fresh tables; the pager is always the first process (so that the
// pagefault module's registration stays valid across tests).
static void
reset(void)
{
    for (unsigned i = 0; i < NR_PROCS; i++) {
        kmem_forget(proc_at(i));
    }
    proc_table_init();
    sched_init();
    memset(spaces, 0, sizeof(spaces));
    pager = proc_alloc("vm");
    CHECK_EQ(pf_set_pager(pager), MX_OK);
}

static struct proc *
make(const char *name, uint8_t seed)
{
    struct proc *p = proc_alloc(name);
    struct fake_as *as = &spaces[p->slot];

    as->base = UBASE;
    as->size = sizeof(as->mem);
    as->writable = true;
    for (unsigned i = 0; i < 128; i++) {
        as->mem[DATA - UBASE + i] = (uint8_t)(seed + i);
    }
    p->as_root = (uint64_t)(uintptr_t)as;
    p->rts = 0; // running: its kernel call is in progress
    return p;
}

static void
absent(struct proc *p, uint64_t lo, uint64_t hi)
{
    spaces[p->slot].absent_lo = lo;
    spaces[p->slot].absent_hi = hi;
}

// g grants c read/write access to DATA (64 bytes); returns the id.
static grant_id_t
grant_to(struct proc *g, struct proc *c)
{
    struct message m = {0};
    m.u.setgrant.table = TABLE;
    m.u.setgrant.entries = 4;
    CHECK_EQ(kc_setgrant(g, &m), MX_OK);
    struct grant_entry e = {.flags = GF_USED | GF_VALID | GF_DIRECT | GF_READ | GF_WRITE,
                            .grantee = c->ep, .addr = DATA, .size = 64};
    memcpy(&spaces[g->slot].mem[TABLE - UBASE], &e, sizeof(e));
    return grant_id_make(0, 0);
}

static int
safecopy_to(struct proc *c, struct proc *g, grant_id_t id, uint64_t offset, uint64_t size)
{
    struct message m = {0};
    m.u.safecopy.op = SAFECOPY_TO;
    m.u.safecopy.granter = g->ep;
    m.u.safecopy.id = id;
    m.u.safecopy.offset = offset;
    m.u.safecopy.addr = BUF;
    m.u.safecopy.size = size;
    int r = kc_safecopy(c, &m);
    if (r != IPC_SUSPENDED) {
        kmem_call_done(c); // what kcall_from_user does after a call ends
    }
    return r;
}

static int
vmctl(uint32_t op, struct kc_vmctl *v)
{
    v->op = op;
    return kmem_vmctl(v);
}

static void
test_copy_into_absent_page_waits_and_restarts(void)
{
    reset();
    struct proc *g = make("client", 0x10), *c = make("driver", 0x40);
    grant_id_t id = grant_to(g, c);
    absent(g, DATA, DATA + 64); // the client never touched its buffer

    CHECK_EQ(safecopy_to(c, g, id, 8, 16), IPC_SUSPENDED);
    CHECK(c->rts & RTS_KMEM);
    CHECK_EQ(c->ctx.words[FAKE_RESTARTS], 1); // back to its ecall
    CHECK(pager->sig_self & mx_sigbit(MX_SIGKMEM));
    CHECK(kmem_pending());

    struct kc_vmctl v = {0};
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    CHECK_EQ(v.req_ep, c->ep);
    CHECK_EQ(v.ep, g->ep);
    CHECK_EQ(v.va, DATA + 8);
    CHECK_EQ(v.len, 16);
    CHECK_EQ(v.prot, VMCTL_W);
    CHECK(!kmem_pending());
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    CHECK_EQ(v.req_ep, ENDPOINT_NONE); // nothing else queued

    absent(g, 0, 0); // VM mapped it
    v.req_ep = c->ep;
    v.fail_sig = 0;
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), MX_OK);
    CHECK_EQ(c->rts, 0); // runnable: it runs its call again
    memset(&spaces[c->slot].mem[BUF - UBASE], 0xab, 16);
    CHECK_EQ(safecopy_to(c, g, id, 8, 16), MX_OK);
    CHECK_EQ(spaces[g->slot].mem[DATA - UBASE + 8], 0xab);
    CHECK_EQ(spaces[g->slot].mem[DATA - UBASE + 24], 0x10 + 24); // after the range: untouched
    CHECK_EQ(c->kmem_state, KMEM_IDLE);
    CHECK_EQ(c->kmem_rounds, 0);
}

static void
test_refused_request_is_efault(void)
{
    reset();
    struct proc *g = make("client", 0x10), *c = make("driver", 0x40);
    grant_id_t id = grant_to(g, c);
    absent(g, DATA, DATA + 64);

    CHECK_EQ(safecopy_to(c, g, id, 0, 8), IPC_SUSPENDED);
    struct kc_vmctl v = {0};
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    v.fail_sig = -MX_EFAULT; // no region there
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), MX_OK);
    CHECK_EQ(c->rts, 0);
    CHECK_EQ(safecopy_to(c, g, id, 0, 8), -MX_EFAULT); // the restart fails, once
    CHECK(!kmem_pending());
    CHECK(!(pager->rts & RTS_KMEM));
    CHECK_EQ(safecopy_to(c, g, id, 0, 8), IPC_SUSPENDED); // a new call asks again
}

static void
test_still_absent_after_done_is_efault(void)
{
    reset();
    struct proc *g = make("client", 0x10), *c = make("driver", 0x40);
    grant_id_t id = grant_to(g, c);
    absent(g, DATA, DATA + 64);

    CHECK_EQ(safecopy_to(c, g, id, 0, 8), IPC_SUSPENDED);
    struct kc_vmctl v = {0};
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    v.fail_sig = 0; // "done", but the page is still not there
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), MX_OK);
    CHECK_EQ(safecopy_to(c, g, id, 0, 8), -MX_EFAULT); // no second round: no loop
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), -MX_EINVAL); // nothing to answer any more
}

static void
test_vircopy_two_sides_two_rounds(void)
{
    reset();
    struct proc *s = make("src", 0x10), *d = make("dst", 0x40), *c = make("server", 0);
    absent(s, DATA, DATA + 32);
    absent(d, BUF, BUF + 32);
    struct message m = {0};
    m.u.vircopy.src_ep = s->ep;
    m.u.vircopy.src_va = DATA;
    m.u.vircopy.dst_ep = d->ep;
    m.u.vircopy.dst_va = BUF;
    m.u.vircopy.len = 32;
    struct kc_vmctl v = {0};

    CHECK_EQ(kc_vircopy(c, &m), IPC_SUSPENDED);
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    CHECK_EQ(v.ep, s->ep); // the source first, for reading
    CHECK_EQ(v.prot, VMCTL_R);
    absent(s, 0, 0);
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), MX_OK);
    CHECK_EQ(kc_vircopy(c, &m), IPC_SUSPENDED); // restarted: now the destination
    CHECK_EQ(c->kmem_rounds, 2);
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    CHECK_EQ(v.ep, d->ep);
    CHECK_EQ(v.va, BUF);
    CHECK_EQ(v.prot, VMCTL_W);
    absent(d, 0, 0);
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), MX_OK);
    CHECK_EQ(kc_vircopy(c, &m), MX_OK);
    CHECK_EQ(spaces[d->slot].mem[BUF - UBASE + 31], 0x10 + 31);
    CHECK_EQ(c->ctx.words[FAKE_RESTARTS], 2);
}

static void
test_requests_bounded(void)
{
    reset();
    struct proc *g = make("client", 0x10), *c = make("driver", 0x40);
    grant_id_t id = grant_to(g, c);
    absent(g, DATA, DATA + 64);

    c->kmem_rounds = KMEM_MAX_ROUNDS;
    CHECK_EQ(safecopy_to(c, g, id, 0, 8), -MX_EFAULT);
    CHECK(!kmem_pending());
}

static void
test_no_request_for_the_pager(void)
{
    reset();
    struct proc *c = make("driver", 0x40);
    spaces[pager->slot] = spaces[c->slot];
    pager->as_root = (uint64_t)(uintptr_t)&spaces[pager->slot];
    absent(pager, DATA, DATA + 64);
    absent(c, DATA, DATA + 64);

    CHECK_EQ(kmem_need(c, pager, DATA, 8, true), -MX_EFAULT); // the pager's own memory
    CHECK_EQ(kmem_need(pager, c, DATA, 8, true), -MX_EFAULT); // the pager cannot wait
    CHECK_EQ(kmem_need(c, c, BUF, 8, true), -MX_EFAULT);      // present: a permission matter
    CHECK(!kmem_pending());
    CHECK(!(pager->rts & RTS_KMEM) && !(c->rts & RTS_KMEM));
}

static void
test_caller_dies_while_waiting(void)
{
    reset();
    struct proc *g = make("client", 0x10), *c = make("driver", 0x40), *c2 = make("other", 0);
    grant_id_t id = grant_to(g, c);
    absent(g, DATA, DATA + 64);

    CHECK_EQ(safecopy_to(c, g, id, 0, 8), IPC_SUSPENDED);
    CHECK_EQ(kmem_need(c2, g, DATA + 32, 8, false), IPC_SUSPENDED);
    endpoint_t dead = c->ep;
    struct kc_vmctl v = {0};
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK); // VM takes the first...
    kmem_forget(c);                               // ...its caller is killed...
    proc_free(c);
    v.req_ep = dead;
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), -MX_ESRCH); // ...VM's answer finds nobody
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);    // the other request is intact
    CHECK_EQ(v.req_ep, c2->ep);
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), MX_OK);
    CHECK_EQ(c2->rts, 0);
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    CHECK_EQ(v.req_ep, ENDPOINT_NONE);
}

static void
test_target_dies_while_waiting(void)
{
    reset();
    struct proc *g = make("client", 0x10), *c = make("driver", 0x40);
    grant_id_t id = grant_to(g, c);
    absent(g, DATA, DATA + 64);

    CHECK_EQ(safecopy_to(c, g, id, 0, 8), IPC_SUSPENDED);
    struct kc_vmctl v = {0};
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    endpoint_t gone = g->ep;
    proc_free(g); // VM finds no such process and refuses
    CHECK_EQ(v.ep, gone);
    v.fail_sig = -MX_EFAULT;
    CHECK_EQ(vmctl(VMCTL_KMEM_DONE, &v), MX_OK);
    CHECK_EQ(c->rts, 0);
    struct message m = {0};
    m.u.safecopy.op = SAFECOPY_TO;
    m.u.safecopy.granter = gone;
    m.u.safecopy.id = id;
    m.u.safecopy.addr = BUF;
    m.u.safecopy.size = 8;
    CHECK_EQ(kc_safecopy(c, &m), -MX_EDEADSRCDST); // the restart sees the death
}

static void
test_new_pager_gets_fetched_requests_again(void)
{
    reset();
    struct proc *g = make("client", 0x10), *c = make("driver", 0x40);
    grant_id_t id = grant_to(g, c);
    absent(g, DATA, DATA + 64);

    CHECK_EQ(safecopy_to(c, g, id, 0, 8), IPC_SUSPENDED);
    struct kc_vmctl v = {0};
    CHECK_EQ(vmctl(VMCTL_KMEM_NEXT, &v), MX_OK);
    CHECK(!kmem_pending());
    pager->sig_self = 0;
    kmem_pager_changed(); // (a restarted VM registering again)
    CHECK(kmem_pending());
    CHECK(pager->sig_self & mx_sigbit(MX_SIGKMEM));
}

int
main(void)
{
    UTEST_RUN(test_copy_into_absent_page_waits_and_restarts);
    UTEST_RUN(test_refused_request_is_efault);
    UTEST_RUN(test_still_absent_after_done_is_efault);
    UTEST_RUN(test_vircopy_two_sides_two_rounds);
    UTEST_RUN(test_requests_bounded);
    UTEST_RUN(test_no_request_for_the_pager);
    UTEST_RUN(test_caller_dies_while_waiting);
    UTEST_RUN(test_target_dies_while_waiting);
    UTEST_RUN(test_new_pager_gets_fetched_requests_again);
    return utest_finish();
}
