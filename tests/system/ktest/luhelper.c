// luhelper: a client that lutest drives during live updates (commands in
// ktest.h): it reads hello or DS in a loop across updates, keeps a request
// open on lusrv, sends to lusrv or asks RS for an update at a given time,
// and sends the result to lutest when done.
#include <string.h>

#include <mirv/errors.h>
#include <mirv/hello.h>
#include <mirv/rs.h>

#include "ds.h"
#include "ktest.h"
#include "syslib.h"

static endpoint_t lutest, hello, lusrv;

enum { RING = 1024 };
static uint64_t reply_ring[RING]; // instret of the last RING replies
static uint64_t ring_next;

struct loop_stats {
    uint64_t reads, failed, breaks, switches, max_gap, gap_end;
};

// One read; *counter and *version are the reply's (hello only).
static int
read_once(uint64_t target, uint32_t *counter, char *version)
{
    if (target == LUH_TARGET_DS) {
        return ds_retrieve_u32("hello.counter", counter);
    }
    struct message m = {.type = HELLO_READ};
    int r = ipc_sendrec(hello, &m);
    if (r == MX_OK) {
        r = m.u.hello_rep.status;
        *counter = m.u.hello_rep.counter;
        *version = m.u.hello_rep.text[6]; // 'w' (world) or 'f' (from hello2)
    }
    return r;
}

static void
account(struct loop_stats *st, uint64_t target, uint32_t counter, char version, uint64_t now)
{
    static uint32_t prev_counter;
    static char prev_version;
    static uint64_t prev_time;

    if (st->reads > 0) {
        if (target == LUH_TARGET_HELLO && counter != prev_counter + 1) {
            st->breaks++;
        }
        st->switches += version != prev_version;
        if (now - prev_time > st->max_gap) {
            st->max_gap = now - prev_time;
            st->gap_end = now;
        }
    }
    reply_ring[ring_next++ % RING] = now;
    prev_counter = counter;
    prev_version = version;
    prev_time = now;
    st->reads++;
}

// The first reply after instant t among the last RING (0: none).
static uint64_t
first_reply_after(uint64_t t)
{
    uint64_t best = 0;

    for (uint64_t i = ring_next > RING ? ring_next - RING : 0; i < ring_next; i++) {
        uint64_t r = reply_ring[i % RING];
        if (r > t && (best == 0 || r < best)) {
            best = r;
        }
    }
    return best;
}

// Reads until lutest takes the result (it receives from us only then),
// then answers lutest's LUH_FIRST_AFTER question about the replies.
static void
read_loop(uint64_t target)
{
    struct loop_stats st = {0};
    struct message m;

    do {
        uint32_t counter = 0;
        char version = 0;
        if (read_once(target, &counter, &version) != MX_OK) {
            st.failed++;
        } else {
            account(&st, target, counter, version, rdinstret());
        }
        m = (struct message){.type = LUH_RESULT};
        m.u.raw[0] = st.reads;
        m.u.raw[1] = st.failed;
        m.u.raw[2] = st.breaks;
        m.u.raw[3] = st.switches;
        m.u.raw[4] = st.max_gap;
        m.u.raw[5] = st.gap_end;
    } while (ipc_sendnb(lutest, &m) != MX_OK);
    while (ipc_receive(lutest, &m) != MX_OK || m.type != LUH_FIRST_AFTER) {
    }
    m.u.raw[0] = first_reply_after(m.u.raw[0]);
    ipc_send(lutest, &m);
}

static void
sleep_ticks(uint64_t ticks)
{
    struct message m;
    sys_setalarm(ticks, NULL);
    ipc_receive(ENDPOINT_CLOCK, &m);
}

static void
lusrv_call(uint32_t type, struct message *out)
{
    struct message m = {.type = type};
    uint64_t t = rdtime_ticks();
    int r = ipc_sendrec(lusrv, &m);

    *out = (struct message){.type = LUH_RESULT};
    out->u.raw[0] = (uint64_t)(int64_t)r;
    out->u.raw[1] = m.u.raw[0];
    out->u.raw[2] = t;
}

static int
rs_request(uint32_t type, const char *label)
{
    struct message m = {.type = type};
    strncpy(m.u.rs_req.label, label, sizeof(m.u.rs_req.label) - 1);
    strncpy(m.u.rs_req.module, RS_UPDATE_SELF, sizeof(m.u.rs_req.module) - 1);
    m.u.rs_req.lu_state = 1;
    int r = ipc_sendrec(sys_lookup("rs"), &m);
    return r != MX_OK ? r : m.u.rs_rep.status;
}

int
main(void)
{
    struct message m;

    lutest = sys_lookup("lutest");
    hello = sys_lookup("hello");
    for (;;) {
        if (ipc_receive(lutest, &m) != MX_OK) {
            continue;
        }
        lusrv = sys_lookup("lusrv");
        uint64_t arg = m.u.raw[0];
        switch (m.type) {
        case LUH_READ_LOOP:
            ring_next = 0;
            read_loop(arg);
            continue; // the result is sent already
        case LUH_WAIT:
            lusrv_call(LUSRV_WAIT, &m);
            break;
        case LUH_PING_LATER:
            sleep_ticks(arg);
            lusrv_call(LUSRV_PING, &m);
            break;
        case LUH_UPDATE_LATER: {
            sleep_ticks(arg);
            int u = rs_request(RS_UPDATE, "hello");
            int q = rs_request(RS_QUERY, "hello");
            m = (struct message){.type = LUH_RESULT};
            m.u.raw[0] = (uint64_t)(int64_t)u;
            m.u.raw[1] = (uint64_t)(int64_t)q;
            break;
        }
        default:
            continue;
        }
        ipc_send(lutest, &m);
    }
}
