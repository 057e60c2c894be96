// vm: a stand-in pager until the VM server exists. It registers as the
// pager and serves each page fault from the SIGKPF notification (which
// carries the oldest fault, so no call is needed to learn it): an address
// in the test region gets a zeroed read/write page and the process resumes,
// both in one kernel call, which SEF folds into the pager's next receive;
// any other address fails with SIGSEGV. While faults stay queued the kernel
// raises SIGKPF again, so each notification brings the next one.
#include <mirv/errors.h>
#include <mirv/signal.h>

#include "ktest.h"
#include "sef.h"
#include "syslib.h"

static void
on_signal(int sig)
{
    const struct message *n = sef_signal_message();
    struct message m = {.type = KC_VMCTL};

    if (sig != MX_SIGKPF || n == NULL || n->u.notify.pf_ep == ENDPOINT_NONE) {
        sef_default_signal_handler(sig);
        return;
    }
    uint64_t addr = n->u.notify.pf_addr;
    m.u.vmctl.ep = n->u.notify.pf_ep;
    if (addr >= PF_REGION_BASE && addr < PF_REGION_BASE + PF_REGION_PAGES * 4096ull) {
        m.u.vmctl.op = VMCTL_MAP;
        m.u.vmctl.va = addr;
        m.u.vmctl.prot = VMCTL_R | VMCTL_W;
        m.u.vmctl.resume = 1;
    } else {
        m.u.vmctl.op = VMCTL_FAIL;
    }
    sef_kcall_before_receive(&m); // map and resume, then wait: one trap
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
