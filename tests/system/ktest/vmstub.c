// vm: a stand-in pager until the VM server exists. It registers as the
// pager and serves each page fault from the SIGKPF notification (which
// carries the oldest fault, so no call is needed to learn it): an address
// in the test region gets a zeroed read/write page and the process resumes,
// both in one kernel call; any other address fails with SIGSEGV. Queued
// faults are drained in the same pass.
#include <mirv/errors.h>
#include <mirv/signal.h>

#include "ktest.h"
#include "sef.h"
#include "syslib.h"

// Serves one fault; returns whether more are queued.
static int
serve(endpoint_t ep, uint64_t addr)
{
    struct message m = {0};

    m.u.vmctl.ep = ep;
    if (addr >= PF_REGION_BASE && addr < PF_REGION_BASE + PF_REGION_PAGES * 4096ull) {
        m.u.vmctl.op = VMCTL_MAP;
        m.u.vmctl.va = addr;
        m.u.vmctl.prot = VMCTL_R | VMCTL_W;
        m.u.vmctl.resume = 1;
    } else {
        m.u.vmctl.op = VMCTL_FAIL;
    }
    if (kcall(KC_VMCTL, &m) != MX_OK) {
        uprintf("vm: cannot serve the fault of %d at %#lx\n", ep, (unsigned long)addr);
    }
    return (int)m.u.vmctl.more;
}

static void
on_signal(int sig)
{
    const struct message *n = sef_signal_message();

    if (sig != MX_SIGKPF || n == NULL) {
        sef_default_signal_handler(sig);
        return;
    }
    int more = n->u.notify.pf_ep != ENDPOINT_NONE ? serve(n->u.notify.pf_ep, n->u.notify.pf_addr)
                                                   : 1;
    while (more) {
        struct message q = {0};
        q.u.vmctl.op = VMCTL_NEXT_FAULT;
        if (kcall(KC_VMCTL, &q) != MX_OK || q.u.vmctl.ep == ENDPOINT_NONE) {
            break;
        }
        more = serve(q.u.vmctl.ep, q.u.vmctl.va);
    }
}

static int
init_fresh(const struct sef_init_info *info)
{
    struct message m = {0};

    (void)info;
    m.u.vmctl.op = VMCTL_SET_PAGER;
    return kcall(KC_VMCTL, &m);
}

int
main(void)
{
    struct message m;

    sef_setcb_init_fresh(init_fresh);
    sef_setcb_signal_handler(on_signal);
    sef_startup();
    for (;;) {
        sef_receive(ENDPOINT_ANY, &m);
    }
}
