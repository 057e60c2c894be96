// SEF: startup, the receive loop, and dispatch of SEF-internal traffic
// to the callbacks (see sef.h).
#include "sef.h"

#include <stdbool.h>
#include <stdint.h>
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
    const void *lu_state_base;  // the block a new version copies (sef_lu_state_block)
    size_t lu_state_len;
    uint32_t lu_pending;        // a prepare request waiting for its state (0: none)
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
sef_lu_state_block(const void *base, size_t len)
{
    sef.lu_state_base = base;
    sef.lu_state_len = len;
}

int
sef_lu_copy_state(const struct sef_init_info *info, void *dst, size_t len)
{
    if (info->type != SEF_INIT_LU || info->state_va == 0) {
        return -MX_ESRCH; // the old version declared no state block
    }
    if (info->state_len != len) {
        return -MX_EINVAL; // the layout changed: the state cannot be taken as is
    }
    return sys_vircopy(info->state_ep, info->state_va, sef.self, (uint64_t)(uintptr_t)dst, len);
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

// The debug switches of a live update (-x, -y, -z): misbehave on purpose.
static int
debug_init(uint32_t debug)
{
    if (debug & SEF_DEBUG_INIT_CRASH) {
        *(volatile int *)0 = 0; // -x: a crash, as a real bug would
    }
    if (debug & SEF_DEBUG_INIT_HANG) {
        for (;;) { // -z: never answer; RS gives up after maxtime
        }
    }
    return (debug & SEF_DEBUG_INIT_FAIL) ? -MX_ENOSYS : MX_OK; // -y
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
                                 .lu_state = m.u.sef_init.lu_state,
                                 .state_ep = m.u.sef_init.state_ep,
                                 .state_va = m.u.sef_init.state_va,
                                 .state_len = m.u.sef_init.state_len};
    int r = info.type == SEF_INIT_LU ? debug_init(m.u.sef_init.debug) : MX_OK;
    if (r == MX_OK) {
        r = run_init(&info);
    }
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

static struct message *signal_message;
static struct message deferred_kcall;
static bool have_deferred_kcall;
static bool deferred_in_place; // the call is in the receive buffer already

void
sef_kcall_before_receive(const struct message *m)
{
    deferred_kcall = *m;
    have_deferred_kcall = true;
    deferred_in_place = false;
}

struct message *
sef_kcall_in_place(void)
{
    if (signal_message == NULL) {
        return NULL;
    }
    have_deferred_kcall = true;
    deferred_in_place = true;
    return signal_message;
}

// The next receive, with a deferred kernel call folded in when possible.
static int
next_receive(endpoint_t src, struct message *m)
{
    if (!have_deferred_kcall) {
        return ipc_receive(src, m);
    }
    have_deferred_kcall = false;
    if (!deferred_in_place) {
        *m = deferred_kcall;
    }
    deferred_in_place = false;
    uint32_t type = m->type;
    if (src != ENDPOINT_ANY) {
        int r = kcall(type, m);
        if (r != MX_OK) {
            uprintf("sef: kernel call %#x failed (%d)\n", (unsigned)type, r);
        }
        return ipc_receive(src, m);
    }
    int r = ipc_kcallrecv(ENDPOINT_SYSTEM, m);
    if (r != MX_OK && m->source == ENDPOINT_SYSTEM) {
        uprintf("sef: kernel call %#x failed (%d)\n", (unsigned)type, r);
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

// Live update, old version, ready: tell RS where the state block is and
// wait in the same call (sendrec), so RS never finds this image running
// between the two: it must be blocked for the swap. If the update goes
// ahead this image never runs again; on SEF_LU_ABORT it carries on.
static void
lu_ready(void)
{
    struct message m = {.type = SEF_LU_READY};

    sef.lu_pending = 0;
    do {
        m.type = SEF_LU_READY;
        m.u.sef_lu_ready.status = MX_OK;
        m.u.sef_lu_ready.state_va = (uint64_t)(uintptr_t)sef.lu_state_base;
        m.u.sef_lu_ready.state_len = (uint32_t)sef.lu_state_len;
        m.u.sef_lu_ready.ready_insn = rdinstret();
    } while (ipc_sendrec(sef.rs, &m) != MX_OK || m.type != SEF_LU_ABORT);
}

// Asks the prepare callback whether the requested state is reached: ready
// (answer and wait), not yet (-MX_ENOTREADY: keep serving, ask again before
// the next receive), or never (any other error, told to RS).
static void
lu_check_state(void)
{
    sef_cb_lu_prepare_t cb = sef.lu_prepare != NULL ? sef.lu_prepare : default_lu_prepare;
    int r = cb((int)sef.lu_pending);

    if (r == MX_OK) {
        lu_ready();
    } else if (r != -MX_ENOTREADY) {
        struct message m = {.type = SEF_LU_READY};
        m.u.sef_lu_ready.status = r;
        sef.lu_pending = 0;
        ipc_send(sef.rs, &m);
    }
}

// True if m was SEF's own business (and has been dealt with).
static bool
handle_internal(struct message *m)
{
    if (m->type == MSG_NOTIFY && m->source == ENDPOINT_SYSTEM) { // first: a pager's hot case
        signal_message = m;
        handle_kernel_signals(m->u.notify.signals);
        signal_message = NULL;
        return true;
    }
    if (m->type == SEF_LU_PREPARE && m->source == sef.rs && sef.rs != ENDPOINT_NONE) {
        sef.lu_pending = m->u.sef_lu.state != 0 ? m->u.sef_lu.state : ~0u;
        lu_check_state();
        return true;
    }
    if (m->type == SEF_LU_ABORT && m->source == sef.rs && sef.rs != ENDPOINT_NONE) {
        sef.lu_pending = 0; // RS gave up waiting for the state: serve on
        return true;
    }
    if (m->type == SEF_FI && m->source == sef.rs && sef.rs != ENDPOINT_NONE) {
        *(volatile int *)0 = 0; // fault injection: crash as a real bug would
    }
    if (m->type != MSG_NOTIFY) {
        return false;
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
        if (sef.lu_pending != 0) {
            lu_check_state(); // the last message may have brought the state
        }
        int r = next_receive(src, m);
        if (r != MX_OK || !handle_internal(m)) {
            return r;
        }
    }
}
