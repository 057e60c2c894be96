// RS, the reincarnation server: the signal manager of the system services.
// At boot it finds every process it manages (those whose signal manager it
// is) and runs the SEF init protocol with each (fresh). Every heartbeat
// period it pings each service (SEF answers); a service that misses two
// periods in a row is killed. When a service dies of a lethal signal (a
// crash, a kill, a missed heartbeat), RS reloads it from its boot-image
// module in place, so it keeps its endpoint, and initializes it with type
// RESTART and the restart count. A crash soon after a restart delays the
// next one (exponential back-off, which decays once the service stays up).
// RS_QUERY reports a service.
#include <stdbool.h>
#include <string.h>

#include <mirv/errors.h>
#include <mirv/rs.h>
#include <mirv/signal.h>

#include "sef.h"
#include "syslib.h"

enum {
    MAX_SERVICES = 16,
    HEARTBEAT_TICKS = 10,      // ping period (100 ms at 100 Hz)
    MISSED_PINGS_LIMIT = 2,    // missed periods before a service is killed
    BACKOFF_FIRST_TICKS = 2,   // delay after a crash that follows a restart closely
    BACKOFF_MAX_TICKS = 64,
    STABLE_TICKS = 200,        // up this long: the back-off starts over
};

struct service {
    char label[16];
    endpoint_t ep;
    uint32_t restarts;
    bool awaiting_ping;        // pinged, no answer yet
    uint32_t missed_pings;
    uint64_t restarted_at;     // tick of the last restart
    uint32_t backoff;          // delay before the next restart, ticks
    uint64_t restart_due;      // 0, or the tick at which a delayed restart runs
    int dead_signal;
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

// Runs the SEF init protocol with s; returns its init status.
static int
init_service(struct service *s, enum sef_init_type type)
{
    struct message m = {.type = SEF_INIT};

    m.u.sef_init.type = type;
    m.u.sef_init.restarts = s->restarts;
    m.u.sef_init.old_ep = s->ep;
    int r = ipc_send(s->ep, &m);
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

static void
do_restart(struct service *s)
{
    struct message m = {0};

    s->restart_due = 0;
    s->restarts++;
    s->restarted_at = rs.now;
    s->awaiting_ping = false;
    s->missed_pings = 0;
    m.u.spawn.keep_ep = s->ep;
    m.u.spawn.start = 1;
    memcpy(m.u.spawn.module, s->label, sizeof(m.u.spawn.module));
    int r = kcall(KC_SPAWN, &m);
    if (r != MX_OK) {
        uprintf("rs: cannot restart %s (%d)\n", s->label, r);
        return;
    }
    if (init_service(s, SEF_INIT_RESTART) == MX_OK) {
        uprintf("rs: %s restarted (restart %u), endpoint %d kept\n", s->label, s->restarts, s->ep);
    }
}

// A service died: restart it now, or later if it is crashing repeatedly.
static void
restart(struct service *s, int sig)
{
    bool soon_after = s->restarts > 0 && rs.now - s->restarted_at < STABLE_TICKS;

    s->backoff = !soon_after ? 0
                 : s->backoff == 0 ? BACKOFF_FIRST_TICKS
                 : s->backoff * 2 > BACKOFF_MAX_TICKS ? BACKOFF_MAX_TICKS
                                                     : s->backoff * 2;
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
        if (s->restart_due != 0) {
            if (rs.now >= s->restart_due) {
                do_restart(s);
            }
            continue;
        }
        if (s->awaiting_ping && ++s->missed_pings >= MISSED_PINGS_LIMIT) {
            uprintf("rs: %s missed %u heartbeats; killing it\n", s->label, s->missed_pings);
            sys_kill(s->ep, MX_SIGKILL); // comes back to us as a lethal signal
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

    if (s == NULL || !mx_sig_is_lethal(sig)) {
        return sef_default_signal_manager(target, sig);
    }
    restart(s, sig);
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
        s->ep = m.u.getinfo.ep;
    }
}

static void
answer_query(struct message *m)
{
    char label[16];

    memcpy(label, m->u.rs_req.label, sizeof(label));
    label[sizeof(label) - 1] = '\0';
    memset(&m->u, 0, sizeof(m->u));
    m->u.rs_rep.status = -MX_ESRCH;
    for (unsigned i = 0; i < rs.count; i++) {
        if (strcmp(rs.svc[i].label, label) == 0) {
            m->u.rs_rep.status = MX_OK;
            m->u.rs_rep.ep = rs.svc[i].ep;
            m->u.rs_rep.restarts = rs.svc[i].restarts;
            m->u.rs_rep.backoff_ticks = rs.svc[i].backoff;
            m->u.rs_rep.missed_pings = rs.svc[i].missed_pings;
            m->u.rs_rep.restarting = rs.svc[i].restart_due != 0;
        }
    }
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
    uprintf("rs: %u services running\n", rs.count);
    sys_setalarm(HEARTBEAT_TICKS, NULL);
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK) {
            continue;
        }
        if (m.type == MSG_NOTIFY && m.source == ENDPOINT_CLOCK) {
            rs.now = m.u.notify.timestamp;
            heartbeat();
            sys_setalarm(HEARTBEAT_TICKS, NULL);
        } else if (m.type == MSG_NOTIFY) {
            ping_answered(m.source);
        } else if (m.type == RS_QUERY) {
            answer_query(&m);
            ipc_send(m.source, &m);
        }
    }
}
