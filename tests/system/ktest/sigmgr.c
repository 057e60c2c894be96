// sigmgr: the signal manager of the test's crash processes and of sleeper.
// On SIGKSIG it fetches every managed process's signals (getksig), records
// them, and releases the process (endksig) unless a signal was lethal; on
// SIGMGR_QUERY it reports what it recorded (see ktest.h).
#include <mirv/signal.h>

#include "ktest.h"
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

static int
any_lethal(uint64_t set)
{
    for (int s = 1; s < MX_NSIG; s++) {
        if ((set & mx_sigbit(s)) && mx_sig_is_lethal(s)) {
            return 1;
        }
    }
    return 0;
}

static void
fetch_all(void)
{
    for (;;) {
        struct message g = {0};
        if (kcall(KC_GETKSIG, &g) != 0 || g.u.getksig.ep == ENDPOINT_NONE) {
            return;
        }
        unsigned i = slot_for(g.u.getksig.ep);
        seen[i].signals |= g.u.getksig.signals;
        if (!any_lethal(g.u.getksig.signals)) {
            struct message e = {0};
            e.u.endksig.target = g.u.getksig.ep;
            if (kcall(KC_ENDKSIG, &e) == 0) {
                seen[i].released++;
            }
        }
    }
}

int
main(void)
{
    struct message m;

    for (;;) {
        if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
            continue;
        }
        if (m.source == ENDPOINT_SYSTEM && (m.u.notify.signals & mx_sigbit(MX_SIGKSIG))) {
            fetch_all();
        } else if (m.type == SIGMGR_QUERY) {
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
}
