// RS, the reincarnation server: the signal manager of the system services.
// At boot it finds every process it manages (those whose signal manager it
// is) and runs the SEF init protocol with each (fresh). Every heartbeat
// period it pings each service (SEF answers); a service that misses two
// periods in a row is killed. When a service dies of a lethal signal (a
// crash, a kill, a missed heartbeat), RS reloads it from its boot-image
// module in place, so it keeps its endpoint, and initializes it with type
// RESTART and the restart count. A crash soon after a restart delays the
// next one (exponential back-off, which decays once the service stays up).
// RS publishes every service's label -> endpoint in DS; restarts keep the
// service's keep segment (SPAWN_KEEP: DS's store survives DS's crash), and
// after DS restarts RS publishes every label again, in case DS had to
// start empty. While DS waits out a back-off RS does not call it (it
// would block on the dead image); the labels follow when DS is back.
// Requests (the
// `service` command's): QUERY, LIST, UP (a boot-image module as a new
// service), DOWN (never pm, vm, rs or ds), REFRESH, FI (fault injection),
// UPDATE (live update, update.c; while one runs, the requests that change
// services are refused with EBUSY).
#include <stdbool.h>
#include <string.h>

#include <mirv/errors.h>
#include <mirv/rs.h>
#include <mirv/signal.h>
#include <mirv/vm.h>

#include "ds.h"
#include "policy.h"
#include "sef.h"
#include "service.h"
#include "syslib.h"
#include "update.h"

enum {
    MAX_SERVICES = 16,
    HEARTBEAT_TICKS = 10,      // default ping period (100 ms at 100 Hz)
    RS_TICK = 5,               // how often RS wakes to ping and restart
    MISSED_PINGS_LIMIT = 2,    // missed periods before a service is killed
};


static struct {
    struct service svc[MAX_SERVICES];
    unsigned count;
    uint64_t now;              // ticks, from the CLOCK notifications
} rs;

static struct service *
find_ep(endpoint_t ep)
{
    for (unsigned i = 0; i < rs.count; i++) {
        if (rs.svc[i].ep == ep) {
            return &rs.svc[i];
        }
    }
    return NULL;
}

uint64_t
rs_now(void)
{
    return rs.now;
}

int
rs_send_init(const struct service *s, enum sef_init_type type, const struct sef_init_req *lu)
{
    struct message m = {.type = SEF_INIT};

    if (lu != NULL) {
        m.u.sef_init = *lu;
    }
    m.u.sef_init.type = type;
    m.u.sef_init.restarts = s->restarts;
    m.u.sef_init.old_ep = s->ep;
    return ipc_send(s->ep, &m);
}

// Runs the SEF init protocol with s; returns its init status.
static int
init_service(struct service *s, enum sef_init_type type)
{
    struct message m;
    int r = rs_send_init(s, type, NULL);

    if (r == MX_OK) {
        r = ipc_receive(s->ep, &m);
    }
    if (r == MX_OK) {
        r = m.type == SEF_INIT_REPLY ? m.u.sef_init_rep.status : -MX_EINVAL;
    }
    if (r != MX_OK) {
        uprintf("rs: %s did not initialize (%d)\n", s->label, r);
    }
    return r;
}

static void publish_label(const struct service *s);
static struct service *find_label(const char *label);

int
rs_vm_call(uint32_t type, endpoint_t ep, endpoint_t ep2, uint32_t flags, bool *answered)
{
    const struct service *vm = find_label("vm");
    struct message m = {.type = type};

    *answered = false;
    if (vm == NULL || vm->ep == ep || vm->ep == ep2 || vm->restart_due != 0) {
        return -MX_ESRCH;
    }
    m.u.vm_req.ep = ep;
    m.u.vm_req.ep2 = ep2;
    m.u.vm_req.flags = flags;
    int r = ipc_sendrec(vm->ep, &m);
    if (r != MX_OK) {
        return r;
    }
    *answered = true;
    return m.u.vm_rep.status;
}
static void publish_all_labels(void);

static void
do_restart(struct service *s)
{
    struct message m = {0};

    s->restart_due = 0;
    s->restarts++;
    s->restarted_at = rs.now;
    s->awaiting_ping = false;
    s->missed_pings = 0;
    if (s->policy == RS_POLICY_RESET) {
        sys_kill(s->ep, MX_SIGKILL); // our own SIGKILL is final: the old one goes
        m.u.spawn.keep_ep = ENDPOINT_NONE;
    } else {
        bool answered;
        m.u.spawn.keep_ep = s->ep;
        // The image changes under the endpoint: VM makes its record anew.
        rs_vm_call(VM_EXEC, s->ep, ENDPOINT_NONE, 0, &answered);
    }
    m.u.spawn.start = SPAWN_START | SPAWN_FORCE | SPAWN_KEEP;
    memcpy(m.u.spawn.module, s->module, sizeof(m.u.spawn.module));
    int r = kcall(KC_SPAWN, &m);
    if (r != MX_OK) {
        uprintf("rs: cannot restart %s (%d)\n", s->label, r);
        return;
    }
    bool fresh = m.u.spawn.ep != s->ep;
    s->ep = m.u.spawn.ep;
    if (init_service(s, SEF_INIT_RESTART) == MX_OK) {
        uprintf("rs: %s restarted (restart %u), endpoint %d %s\n", s->label, s->restarts, s->ep,
                fresh ? "new" : "kept");
    }
    // Republished even when the endpoint is kept: subscribers (VFS) learn
    // that the service restarted and what it was doing is lost.
    if (strcmp(s->label, "ds") == 0) {
        publish_all_labels(); // DS may have refused its kept store
    } else {
        publish_label(s);
    }
}

// A service died: restart it now, or later if it is crashing repeatedly.
void
rs_restart(struct service *s, int sig)
{
    s->backoff = rs_backoff_next(s->backoff, s->restarts > 0, rs.now - s->restarted_at);
    uprintf("rs: %s (ep %d) died of signal %d; restarting", s->label, s->ep, sig);
    if (s->backoff == 0) {
        uprintf("\n");
        do_restart(s);
        return;
    }
    uprintf(" in %u ticks (back-off)\n", s->backoff);
    s->dead_signal = sig;
    s->restart_due = rs.now + s->backoff;
}

// Every heartbeat: run delayed restarts, kill services that stopped
// answering, and ping the rest.
static void
heartbeat(void)
{
    for (unsigned i = 0; i < rs.count; i++) {
        struct service *s = &rs.svc[i];
        if (lu_busy(s)) {
            continue; // its images are being swapped: no pings, no restarts
        }
        if (s->restart_due != 0) {
            if (rs.now >= s->restart_due) {
                do_restart(s);
            }
            continue;
        }
        if (rs.now < s->next_ping) {
            continue; // not its turn: its period is longer than RS's tick
        }
        s->next_ping = rs.now + (s->period != 0 ? s->period : HEARTBEAT_TICKS);
        if (s->awaiting_ping && ++s->missed_pings >= MISSED_PINGS_LIMIT) {
            uprintf("rs: %s missed %u heartbeats; killing it\n", s->label, s->missed_pings);
            rs_restart(s, MX_SIGKILL); // a forced reload: the hung image is replaced
            continue;
        }
        s->awaiting_ping = true;
        ipc_notify(s->ep);
    }
}

static void
ping_answered(endpoint_t ep)
{
    struct service *s = find_ep(ep);

    if (s != NULL) {
        s->awaiting_ping = false;
        s->missed_pings = 0;
    }
}

static enum sef_sig_decision
on_signal(endpoint_t target, int sig)
{
    struct service *s = find_ep(target);

    if (s == NULL && mx_sig_is_lethal(sig) && lu_signal(target, sig)) {
        return SEF_SIG_KEEP_STOPPED; // an image parked by an update
    }
    if (s == NULL || !mx_sig_is_lethal(sig)) {
        return sef_default_signal_manager(target, sig);
    }
    if (!lu_signal(target, sig)) {
        rs_restart(s, sig);
    }
    return SEF_SIG_KEEP_STOPPED; // RS took the process over: no endksig
}

// Every process whose signal manager is RS is one of its services.
static void
find_services(void)
{
    for (unsigned slot = 0; slot < 64 && rs.count < MAX_SERVICES; slot++) {
        struct message m = {0};
        m.u.getinfo.what = GETINFO_SLOT;
        m.u.getinfo.value[0] = slot;
        if (kcall(KC_GETINFO, &m) != MX_OK || m.u.getinfo.sig_mgr != sef_self()) {
            continue;
        }
        struct service *s = &rs.svc[rs.count++];
        memcpy(s->label, m.u.getinfo.name, sizeof(s->label));
        s->label[sizeof(s->label) - 1] = '\0';
        memcpy(s->module, s->label, sizeof(s->module));
        s->ep = m.u.getinfo.ep;
    }
}

static struct service *
find_label(const char *label)
{
    for (unsigned i = 0; i < rs.count; i++) {
        if (strcmp(rs.svc[i].label, label) == 0) {
            return &rs.svc[i];
        }
    }
    return NULL;
}

// True while DS is dead, waiting out a back-off: a call would block RS.
static bool
ds_down(void)
{
    const struct service *d = find_label("ds");

    return d != NULL && d->restart_due != 0;
}

static void
publish_label(const struct service *s)
{
    if (ds_down()) {
        return; // published with all the others when DS is back
    }
    int r = ds_publish_label(s->label, s->ep, DSC_OVERWRITE);
    if (r != MX_OK) {
        uprintf("rs: cannot publish label %s in DS (%d)\n", s->label, r);
    }
}

static void
publish_all_labels(void)
{
    for (unsigned i = 0; i < rs.count; i++) {
        publish_label(&rs.svc[i]);
    }
}

void
rs_describe(const struct service *s, struct rs_rep *rp)
{
    rp->ep = s->ep;
    rp->restarts = s->restarts;
    rp->backoff_ticks = s->backoff;
    rp->missed_pings = s->missed_pings;
    rp->restarting = s->restart_due != 0;
    memcpy(rp->label, s->label, sizeof(rp->label));
    rp->policy = s->policy;
    rp->period = s->period != 0 ? s->period : HEARTBEAT_TICKS;
}

static int
do_up(const struct rs_req *rq, struct rs_rep *rp)
{
    struct message m = {0};

    if (find_label(rq->label) != NULL) {
        return -MX_EEXIST;
    }
    if (rs.count == MAX_SERVICES) {
        return -MX_ENOSPC;
    }
    m.u.spawn.keep_ep = ENDPOINT_NONE;
    m.u.spawn.start = SPAWN_START;
    memcpy(m.u.spawn.module, rq->module, sizeof(m.u.spawn.module));
    int r = kcall(KC_SPAWN, &m);
    if (r != MX_OK) {
        return r;
    }
    struct service *s = &rs.svc[rs.count++];
    memset(s, 0, sizeof(*s));
    memcpy(s->label, rq->label, sizeof(s->label));
    memcpy(s->module, rq->module, sizeof(s->module));
    s->policy = rq->policy == RS_POLICY_RESET ? RS_POLICY_RESET : RS_POLICY_RESTART;
    s->period = rq->period;
    s->ep = m.u.spawn.ep;
    r = init_service(s, SEF_INIT_FRESH);
    publish_label(s);
    rs_describe(s, rp);
    return r;
}

static int
do_down(const struct rs_req *rq, struct rs_rep *rp)
{
    struct service *s = find_label(rq->label);

    (void)rp;
    if (rs_is_core(rq->label)) {
        return -MX_EPERM; // even rs itself, which is not in its own table
    }
    if (s == NULL) {
        return -MX_ESRCH;
    }
    int r = sys_kill(s->ep, MX_SIGKILL); // our own SIGKILL is final
    if (r != MX_OK) {
        return r;
    }
    if (!ds_down()) {
        ds_delete_key(s->label, DSC_LABEL);
    }
    *s = rs.svc[--rs.count];
    return MX_OK;
}

static int
do_refresh(const struct rs_req *rq, struct rs_rep *rp)
{
    struct service *s = find_label(rq->label);

    if (s == NULL) {
        return -MX_ESRCH;
    }
    if (rs_loses_state(s->label)) {
        return -MX_EPERM; // a fresh pm, vm or rs would not know what the old one knew
    }
    uprintf("rs: refreshing %s\n", s->label);
    do_restart(s);
    rs_describe(s, rp);
    return MX_OK;
}

static int
do_fi(const struct rs_req *rq, struct rs_rep *rp)
{
    struct service *s = find_label(rq->label);
    struct message m = {.type = SEF_FI};

    (void)rp;
    if (s == NULL) {
        return -MX_ESRCH;
    }
    return ipc_send(s->ep, &m); // SEF in the service crashes on it
}

static int
do_query(const struct rs_req *rq, struct rs_rep *rp)
{
    struct service *s = find_label(rq->label);

    if (s == NULL) {
        return -MX_ESRCH;
    }
    rs_describe(s, rp);
    return MX_OK;
}

static int
do_list(const struct rs_req *rq, struct rs_rep *rp)
{
    if (rq->index >= rs.count) {
        return -MX_ESRCH;
    }
    rs_describe(&rs.svc[rq->index], rp);
    return MX_OK;
}

static endpoint_t requester; // the client of the request being handled

static int
do_update(const struct rs_req *rq, struct rs_rep *rp)
{
    struct service *s = find_label(rq->label);

    (void)rp;
    return s != NULL ? lu_start(s, rq, requester) : -MX_ESRCH;
}

typedef int (*rs_handler)(const struct rs_req *rq, struct rs_rep *rp);

static const rs_handler handlers[] = {
    [RS_QUERY - RS_BASE] = do_query,     [RS_UP - RS_BASE] = do_up,
    [RS_DOWN - RS_BASE] = do_down,       [RS_REFRESH - RS_BASE] = do_refresh,
    [RS_FI - RS_BASE] = do_fi,           [RS_LIST - RS_BASE] = do_list,
    [RS_UPDATE - RS_BASE] = do_update,
};

// Runs request m and turns it into its reply; false if the reply comes
// later (an update in progress answers when it is over).
static bool
handle_request(struct message *m)
{
    struct rs_req rq = m->u.rs_req;
    unsigned call = m->type - RS_BASE;

    rq.label[sizeof(rq.label) - 1] = '\0';
    rq.module[sizeof(rq.module) - 1] = '\0';
    memset(&m->u, 0, sizeof(m->u));
    if (m->type < RS_BASE || call >= sizeof(handlers) / sizeof(handlers[0])) {
        m->u.rs_rep.status = -MX_ENOSYS;
    } else if (lu_busy(NULL) && m->type != RS_QUERY && m->type != RS_LIST) {
        m->u.rs_rep.status = -MX_EBUSY; // one change at a time while an update runs
    } else {
        m->u.rs_rep.status = handlers[call](&rq, &m->u.rs_rep);
    }
    return m->u.rs_rep.status != RS_REPLY_LATER;
}

int
main(void)
{
    struct message m;

    sef_setcb_signal_manager(on_signal);
    sef_startup();
    find_services();
    for (unsigned i = 0; i < rs.count; i++) {
        init_service(&rs.svc[i], SEF_INIT_FRESH);
    }
    publish_all_labels();
    uprintf("rs: %u services running\n", rs.count);
    sys_setalarm(RS_TICK, NULL);
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK) {
            continue;
        }
        if (m.type == MSG_NOTIFY && m.source == ENDPOINT_CLOCK) {
            rs.now = m.u.notify.timestamp;
            lu_tick();
            heartbeat();
            sys_setalarm(RS_TICK, NULL);
        } else if (m.type == MSG_NOTIFY) {
            ping_answered(m.source);
        } else if (!lu_message(&m)) {
            requester = m.source;
            if (handle_request(&m)) {
                ipc_send(requester, &m);
            }
        }
    }
}
