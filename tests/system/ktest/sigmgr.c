// sigmgr: the signal manager of the test's crash processes, sleeper and
// sefproc, built on SEF. Its manager callback records each (process,
// signal) and keeps SEF's default decision (lethal: stays stopped; other
// signals: forwarded to the process's own handler). SIGMGR_QUERY reports
// what it recorded (see ktest.h).
#include <mirv/signal.h>

#include "ktest.h"
#include "sef.h"
#include "syslib.h"

enum { MAX_SEEN = 16 };

static struct {
    endpoint_t ep;
    uint64_t signals;
    uint64_t released;
} seen[MAX_SEEN];

static unsigned
slot_for(endpoint_t ep)
{
    for (unsigned i = 0; i < MAX_SEEN; i++) {
        if (seen[i].ep == ep || seen[i].ep == 0) {
            seen[i].ep = ep;
            return i;
        }
    }
    return MAX_SEEN - 1;
}

static enum sef_sig_decision
on_signal(endpoint_t target, int sig)
{
    unsigned i = slot_for(target);
    enum sef_sig_decision d = sef_default_signal_manager(target, sig);

    seen[i].signals |= mx_sigbit(sig);
    if (d == SEF_SIG_FORWARD) {
        seen[i].released++;
    }
    return d;
}

int
main(void)
{
    struct message m;

    sef_setcb_signal_manager(on_signal);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != 0 || m.type != SIGMGR_QUERY) {
            continue;
        }
        endpoint_t who = (endpoint_t)m.u.raw[0];
        m.u.raw[0] = m.u.raw[1] = 0;
        for (unsigned i = 0; i < MAX_SEEN; i++) {
            if (seen[i].ep == who) {
                m.u.raw[0] = seen[i].signals;
                m.u.raw[1] = seen[i].released;
            }
        }
        ipc_send(m.source, &m);
    }
}
