// SEF: startup, the receive loop, and dispatch of SEF-internal traffic
// to the callbacks (see sef.h).
#include "sef.h"

#include <stdbool.h>
#include <string.h>

#include <mirv/errors.h>
#include <mirv/signal.h>

#include "syslib.h"

static int
default_init(const struct sef_init_info *info)
{
    (void)info;
    return MX_OK;
}

static struct {
    endpoint_t self;
    endpoint_t rs;       // ENDPOINT_NONE when the system has no RS
    endpoint_t sig_mgr;
    enum sef_init_type init_type;
    sef_cb_init_t init[4];  // indexed by enum sef_init_type
    sef_cb_signal_handler_t signal_handler;
    sef_cb_signal_manager_t signal_manager;
    sef_cb_lu_prepare_t lu_prepare;
} sef = {
    .init = {NULL, default_init, default_init, default_init},
    .signal_handler = sef_default_signal_handler,
    .signal_manager = sef_default_signal_manager,
};

void
sef_setcb_init_fresh(sef_cb_init_t cb)
{
    sef.init[SEF_INIT_FRESH] = cb != NULL ? cb : default_init;
}

void
sef_setcb_init_restart(sef_cb_init_t cb)
{
    sef.init[SEF_INIT_RESTART] = cb != NULL ? cb : default_init;
}

void
sef_setcb_init_lu(sef_cb_init_t cb)
{
    sef.init[SEF_INIT_LU] = cb != NULL ? cb : default_init;
}

void
sef_setcb_signal_handler(sef_cb_signal_handler_t cb)
{
    sef.signal_handler = cb != NULL ? cb : sef_default_signal_handler;
}

void
sef_setcb_signal_manager(sef_cb_signal_manager_t cb)
{
    sef.signal_manager = cb != NULL ? cb : sef_default_signal_manager;
}

// Between requests a SEF process is always request free; protocol and
// work free are what a service with longer work must define itself.
static int
default_lu_prepare(int state)
{
    return state >= 1 && state <= 3 ? MX_OK : -MX_EINVAL;
}

void
sef_setcb_lu_prepare(sef_cb_lu_prepare_t cb)
{
    sef.lu_prepare = cb;
}

void
sef_default_signal_handler(int sig)
{
    if (sig == MX_SIGTERM) {
        sys_exit(0); // an orderly end, not a crash
    }
}

enum sef_sig_decision
sef_default_signal_manager(endpoint_t target, int sig)
{
    (void)target;
    return mx_sig_is_lethal(sig) ? SEF_SIG_KEEP_STOPPED : SEF_SIG_FORWARD;
}

endpoint_t
sef_self(void)
{
    return sef.self;
}

enum sef_init_type
sef_init_type(void)
{
    return sef.init_type;
}

// Runs the init callback for info; a failed init ends the process.
static int
run_init(const struct sef_init_info *info)
{
    unsigned t = (unsigned)info->type;
    int r = t < 4 && sef.init[t] != NULL ? sef.init[t](info) : -MX_EINVAL;
    sef.init_type = info->type;
    return r;
}

void
sef_startup(void)
{
    struct message m = {0};

    m.u.getinfo.what = GETINFO_SELF;
    kcall(KC_GETINFO, &m);
    sef.self = m.u.getinfo.ep;
    sef.sig_mgr = m.u.getinfo.sig_mgr;
    sef.rs = sys_lookup("rs");
    if (sef.rs < 0 || sef.rs == sef.self || sef.sig_mgr != sef.rs) {
        // Not managed by RS (or no RS): initialize on our own.
        sef.rs = ENDPOINT_NONE;
        struct sef_init_info fresh = {.type = SEF_INIT_FRESH};
        int r = run_init(&fresh);
        if (r != MX_OK) {
            sys_exit(r);
        }
        return;
    }
    // With RS: wait for its init request and answer it.
    do {
        ipc_receive(sef.rs, &m);
    } while (m.type != SEF_INIT);
    struct sef_init_info info = {.type = (enum sef_init_type)m.u.sef_init.type,
                                 .restarts = m.u.sef_init.restarts,
                                 .old_ep = m.u.sef_init.old_ep,
                                 .lu_state = m.u.sef_init.lu_state};
    int r = (m.u.sef_init.debug & SEF_DEBUG_INIT_FAIL) ? -MX_ENOSYS : run_init(&info);
    m.type = SEF_INIT_REPLY;
    m.u.sef_init_rep.status = r;
    if (r != MX_OK && info.type == SEF_INIT_LU) {
        // Failed live update: answer and wait in one step (sendrec), so RS
        // finds this image blocked when it swaps the old version back.
        for (;;) {
            ipc_sendrec(sef.rs, &m);
        }
    }
    ipc_send(sef.rs, &m);
    if (r != MX_OK) {
        sys_exit(r);
    }
}

// As a signal manager: fetch every managed process's signals, let the
// callback decide on each, then release the process with the signals to
// forward, unless one decision keeps it stopped.
static void
manage_signals(void)
{
    for (;;) {
        struct message g = {0};
        if (kcall(KC_GETKSIG, &g) != 0 || g.u.getksig.ep == ENDPOINT_NONE) {
            return;
        }
        endpoint_t target = g.u.getksig.ep;
        uint64_t forward = 0;
        bool keep_stopped = false;
        for (int sig = 1; sig < MX_NSIG; sig++) {
            if (!(g.u.getksig.signals & mx_sigbit(sig))) {
                continue;
            }
            enum sef_sig_decision d = sef.signal_manager(target, sig);
            forward |= d == SEF_SIG_FORWARD ? mx_sigbit(sig) : 0;
            if (d == SEF_SIG_KEEP_STOPPED) {
                keep_stopped = true;
                break; // the rest of the set is moot: it is being killed or restarted
            }
        }
        if (!keep_stopped) {
            struct message e = {0};
            e.u.endksig.target = target;
            e.u.endksig.forward = forward;
            kcall(KC_ENDKSIG, &e);
        }
    }
}

static const struct message *signal_message;
static struct message deferred_kcall;
static bool have_deferred_kcall;

void
sef_kcall_before_receive(const struct message *m)
{
    deferred_kcall = *m;
    have_deferred_kcall = true;
}

// The next receive, with a deferred kernel call folded in when possible.
static int
next_receive(endpoint_t src, struct message *m)
{
    if (!have_deferred_kcall) {
        return ipc_receive(src, m);
    }
    have_deferred_kcall = false;
    *m = deferred_kcall;
    if (src != ENDPOINT_ANY) {
        int r = kcall(m->type, m);
        if (r != MX_OK) {
            uprintf("sef: kernel call %#x failed (%d)\n", (unsigned)deferred_kcall.type, r);
        }
        return ipc_receive(src, m);
    }
    int r = ipc_kcallrecv(ENDPOINT_SYSTEM, m);
    if (r != MX_OK && m->source == ENDPOINT_SYSTEM) {
        uprintf("sef: kernel call %#x failed (%d)\n", (unsigned)deferred_kcall.type, r);
    }
    return r;
}

const struct message *
sef_signal_message(void)
{
    return signal_message;
}

// Walks only the set bits: a pager gets a SIGKPF notification per fault.
static void
handle_kernel_signals(uint64_t set)
{
    if (set & mx_sigbit(MX_SIGKSIG)) {
        manage_signals();
        set &= ~mx_sigbit(MX_SIGKSIG);
    }
    if (set & mx_sigbit(MX_SIGKPF)) {
        sef.signal_handler(MX_SIGKPF); // the hot case, first
        set &= ~mx_sigbit(MX_SIGKPF);
    }
    for (int sig = 1; set != 0 && sig < MX_NSIG; sig++) {
        if (set & mx_sigbit(sig)) {
            set &= ~mx_sigbit(sig);
            sef.signal_handler(sig);
        }
    }
}

// Live update, old version: get ready, tell RS, and wait. If the update
// goes ahead this image never runs again; on SEF_LU_ABORT it carries on.
static void
lu_prepare(struct message *m)
{
    sef_cb_lu_prepare_t cb = sef.lu_prepare != NULL ? sef.lu_prepare : default_lu_prepare;
    int r = cb((int)m->u.sef_lu.state);

    m->type = SEF_LU_READY;
    m->u.sef_init_rep.status = r;
    if (r != MX_OK) {
        ipc_send(sef.rs, m);
        return;
    }
    // Ready and waiting in one step (sendrec), so RS never finds this image
    // running between the two: it must be blocked for the swap.
    while (ipc_sendrec(sef.rs, m) != MX_OK || m->type != SEF_LU_ABORT) {
        m->type = SEF_LU_READY;
        m->u.sef_init_rep.status = MX_OK;
    }
}

// True if m was SEF's own business (and has been dealt with).
static bool
handle_internal(struct message *m)
{
    if (m->type == SEF_LU_PREPARE && m->source == sef.rs && sef.rs != ENDPOINT_NONE) {
        lu_prepare(m);
        return true;
    }
    if (m->type == SEF_FI && m->source == sef.rs && sef.rs != ENDPOINT_NONE) {
        *(volatile int *)0 = 0; // fault injection: crash as a real bug would
    }
    if (m->type != MSG_NOTIFY) {
        return false;
    }
    if (m->source == ENDPOINT_SYSTEM) {
        signal_message = m;
        handle_kernel_signals(m->u.notify.signals);
        signal_message = NULL;
        return true;
    }
    if (m->source == sef.rs && sef.rs != ENDPOINT_NONE && sef.sig_mgr == sef.rs) {
        ipc_notify(sef.rs); // heartbeat: answer RS's ping
        return true;
    }
    return false;
}

int
sef_receive(endpoint_t src, struct message *m)
{
    for (;;) {
        int r = next_receive(src, m);
        if (r != MX_OK || !handle_internal(m)) {
            return r;
        }
    }
}
