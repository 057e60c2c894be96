// sefproc: a service built on SEF. Its signal handler records every signal
// it is given and then falls back to SEF's default (SIGTERM: exit 0).
// SEFPROC_QUERY answers raw[0] = the signals its handler has seen.
#include <mirv/signal.h>

#include "ktest.h"
#include "sef.h"
#include "syslib.h"

static uint64_t handled;

static void
on_signal(int sig)
{
    handled |= mx_sigbit(sig);
    sef_default_signal_handler(sig);
}

int
main(void)
{
    struct message m;

    sef_setcb_signal_handler(on_signal);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) == 0 && m.type == SEFPROC_QUERY) {
            m.u.raw[0] = handled;
            ipc_send(m.source, &m);
        }
    }
}
