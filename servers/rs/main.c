// RS, the reincarnation server: the signal manager of the system services.
// At boot it finds every process it manages (those whose signal manager it
// is), runs the SEF init protocol with each (fresh), and then waits. When a
// service dies of a lethal signal (a crash, a kill), RS reloads it from its
// boot-image module in place, so it keeps its endpoint, and initializes
// it with type RESTART and the restart count. RS_QUERY reports a service.
#include <string.h>

#include <mirv/errors.h>
#include <mirv/rs.h>
#include <mirv/signal.h>

#include "sef.h"
#include "syslib.h"

enum { MAX_SERVICES = 16 };

struct service {
    char label[16];
    endpoint_t ep;
    uint32_t restarts;
};

static struct {
    struct service svc[MAX_SERVICES];
    unsigned count;
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
restart(struct service *s, int sig)
{
    struct message m = {0};

    uprintf("rs: %s (ep %d) died of signal %d; restarting\n", s->label, s->ep, sig);
    s->restarts++;
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
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK || m.type != RS_QUERY) {
            continue;
        }
        answer_query(&m);
        ipc_send(m.source, &m);
    }
}
