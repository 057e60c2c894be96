// lusrv: a server that holds open requests, for the live-update tests.
// LUSRV_WAIT requests stay open (received, not answered) until
// LUSRV_RELEASE. Its whole state is one block declared to SEF, so a live
// update (also `update self`) hands it over: the new version answers the
// requests the old one left open. Request free (state 1) means nothing
// held; protocol and work free (2, 3) are always reached.
#include <stdint.h>
#include <string.h>

#include <mirv/errors.h>

#include "ktest.h"
#include "sef.h"
#include "syslib.h"

enum { MAX_HELD = 8 };

static struct {
    uint32_t generation;      // live updates this state went through
    uint32_t nheld;
    endpoint_t held[MAX_HELD];
    uint32_t slow_init;       // ticks the next version's LU init sleeps
} st;

static int
prepare(int state)
{
    if (state == 1) {
        return st.nheld == 0 ? MX_OK : -MX_ENOTREADY;
    }
    return state == 2 || state == 3 ? MX_OK : -MX_EINVAL;
}

static void
sleep_ticks(uint64_t ticks)
{
    struct message m;
    sys_setalarm(ticks, NULL);
    ipc_receive(ENDPOINT_CLOCK, &m); // only the clock: clients stay queued
}

static int
init_lu(const struct sef_init_info *info)
{
    int r = sef_lu_copy_state(info, &st, sizeof(st));

    if (r != MX_OK) {
        return r;
    }
    st.generation++;
    if (st.slow_init != 0) {
        sleep_ticks(st.slow_init);
    }
    return MX_OK;
}

static void
release_all(struct message *m)
{
    uint32_t n = st.nheld;

    for (uint32_t i = 0; i < n; i++) {
        struct message r = {.type = LUSRV_WAIT};
        r.u.raw[0] = st.generation;
        ipc_send(st.held[i], &r);
    }
    st.nheld = 0;
    m->u.raw[0] = n;
}

// Answers m, unless it is held; returns false for a held request.
static bool
serve(struct message *m)
{
    switch (m->type) {
    case LUSRV_WAIT:
        if (st.nheld < MAX_HELD) {
            st.held[st.nheld++] = m->source;
            return false;
        }
        m->u.raw[0] = (uint64_t)-MX_ENOSPC;
        return true;
    case LUSRV_RELEASE:
        release_all(m);
        return true;
    case LUSRV_SLOW_INIT:
        st.slow_init = (uint32_t)m->u.raw[0];
        return true;
    default:
        m->u.raw[0] = st.generation;
        m->u.raw[1] = st.nheld;
        return true;
    }
}

int
main(void)
{
    struct message m;

    sef_lu_state_block(&st, sizeof(st));
    sef_setcb_lu_prepare(prepare);
    sef_setcb_init_lu(init_lu);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK || m.type == MSG_NOTIFY) {
            continue;
        }
        if (serve(&m)) {
            ipc_send(m.source, &m);
        }
    }
}
