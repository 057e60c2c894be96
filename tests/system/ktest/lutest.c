// lutest: live update end to end, after rstest's tests (LUTEST_RUN from
// rstest, answered with the failure count). Drives RS_UPDATE as `service
// update` will: hello to itself and to hello2, each forced failure (-x, -y,
// -z, a state never reached within maxtime) rolled back with the old
// version serving on, a server with open requests (lusrv) and senders
// queued across the swap, DS with its store, refusals (ESRCH, EBUSY), the
// unavailability window while luhelp1 reads in a loop, and 100 updates in
// a row with no lost read. Prints "PASS: recovery/lu_<name>" lines.
#include <string.h>

#include <mirv/errors.h>
#include <mirv/hello.h>
#include <mirv/rs.h>
#include <mirv/sef.h>

#include "ds.h"
#include "ktest.h"
#include "syslib.h"

static int failures;
static endpoint_t hello, rs, lusrv, help1, help2;
static struct rs_rep last; // RS's last answer

static void
report(const char *name, const char *why)
{
    failures += ktest_report("recovery", name, why);
}

struct lu_args {
    const char *module;
    uint32_t state, maxtime, debug;
};

static int
rs_call(uint32_t call, const char *label, const struct lu_args *a)
{
    struct message m = {.type = call};
    strncpy(m.u.rs_req.label, label, sizeof(m.u.rs_req.label) - 1);
    if (a != NULL) {
        strncpy(m.u.rs_req.module, a->module, sizeof(m.u.rs_req.module) - 1);
        m.u.rs_req.lu_state = a->state;
        m.u.rs_req.maxtime = a->maxtime;
        m.u.rs_req.debug = a->debug;
    }
    int r = ipc_sendrec(rs, &m);
    last = m.u.rs_rep;
    return r != MX_OK ? r : m.u.rs_rep.status;
}

static int
update(const char *label, const char *module, uint32_t state, uint32_t maxtime, uint32_t debug)
{
    struct lu_args a = {module, state, maxtime, debug};
    return rs_call(RS_UPDATE, label, &a);
}

static void
sleep_ticks(uint64_t ticks)
{
    struct message m;
    sys_setalarm(ticks, NULL);
    ipc_receive(ENDPOINT_CLOCK, &m);
}

static char greeting[48];

static int
hello_read(uint32_t *counter)
{
    struct message m = {.type = HELLO_READ};
    int r = ipc_sendrec(hello, &m);
    if (r == MX_OK) {
        r = m.u.hello_rep.status;
        *counter = m.u.hello_rep.counter;
        memcpy(greeting, m.u.hello_rep.text, sizeof(greeting));
        greeting[sizeof(greeting) - 1] = '\0';
    }
    return r;
}

// Endpoint and restart count of label, as RS_QUERY and RS_LIST tell them.
static const char *
same_service(const char *label, endpoint_t ep, uint32_t restarts)
{
    if (rs_call(RS_QUERY, label, NULL) != MX_OK || last.ep != ep || last.restarts != restarts) {
        return "endpoint or restart count changed";
    }
    for (uint32_t i = 0;; i++) {
        struct message m = {.type = RS_LIST};
        m.u.rs_req.index = i;
        if (ipc_sendrec(rs, &m) != MX_OK || m.u.rs_rep.status != MX_OK) {
            return "not in RS's list";
        }
        if (strcmp(m.u.rs_rep.label, label) == 0) {
            return m.u.rs_rep.ep == ep && m.u.rs_rep.restarts == restarts
                       ? NULL
                       : "RS_LIST shows another endpoint or restart count";
        }
    }
}

// One hello update with a forced outcome: the answer must be want, hello
// must answer with the counter going on and greeting `version`, and its
// endpoint and restart count must not change.
static const char *
hello_update_case(const char *module, uint32_t maxtime, uint32_t debug, int want,
                  const char *version)
{
    uint32_t c0 = 0, c1 = 0;

    if (hello_read(&c0) != MX_OK || rs_call(RS_QUERY, "hello", NULL) != MX_OK) {
        return "hello not answering";
    }
    uint32_t restarts = last.restarts;
    if (update("hello", module, 1, maxtime, debug) != want) {
        return "wrong answer from RS";
    }
    if (hello_read(&c1) != MX_OK || c1 != c0 + 1) {
        return "hello does not count on after the update";
    }
    if (strstr(greeting, version) == NULL) {
        return "the wrong version answers";
    }
    return same_service("hello", hello, restarts);
}

static const char *
test_self(void)
{
    return hello_update_case(RS_UPDATE_SELF, 0, 0, MX_OK, "Hello, world");
}

static const char *
test_init_crash(void)
{
    return hello_update_case("hello2", 0, SEF_DEBUG_INIT_CRASH, -MX_ERESTART, "Hello, world");
}

static const char *
test_init_fail(void)
{
    return hello_update_case("hello2", 0, SEF_DEBUG_INIT_FAIL, -MX_ENOSYS, "Hello, world");
}

static const char *
test_init_hang(void)
{
    return hello_update_case("hello2", 10, SEF_DEBUG_INIT_HANG, -MX_EINTR, "Hello, world");
}

static const char *
test_refusals(void)
{
    if (update("nosuch", "hello2", 1, 0, 0) != -MX_ESRCH ||
        update("nosuch", RS_UPDATE_SELF, 1, 0, 0) != -MX_ESRCH) {
        return "update of an unknown label not ESRCH";
    }
    if (update("hello", "hello2", 0, 0, 0) != -MX_EINVAL ||
        update("hello", "hello2", 4, 0, 0) != -MX_EINVAL) {
        return "states outside 1..3 not EINVAL";
    }
    if (update("hello", "nosuchmodule", 1, 0, 0) != -MX_ENOENT) {
        return "update to an unknown module not ENOENT";
    }
    return NULL;
}

// Sends a command to a helper (it runs it, then sends LUH_RESULT).
static void
helper_cmd(endpoint_t h, uint32_t cmd, uint64_t arg)
{
    struct message m = {.type = cmd};
    m.u.raw[0] = arg;
    ipc_send(h, &m);
}

static void
helper_result(endpoint_t h, struct message *m)
{
    *m = (struct message){0};
    ipc_receive(h, m);
}

// After a read loop: the reader's first reply after instant t (0: none).
static uint64_t
first_reply_after(uint64_t t)
{
    struct message m = {.type = LUH_FIRST_AFTER};
    m.u.raw[0] = t;
    return ipc_sendrec(help1, &m) == MX_OK ? m.u.raw[0] : 0;
}

static int
lusrv_call(uint32_t type, uint64_t arg, struct message *m)
{
    *m = (struct message){.type = type};
    m->u.raw[0] = arg;
    return ipc_sendrec(lusrv, m);
}

// Waits until lusrv holds n requests; its generation in *gen.
static const char *
wait_held(uint64_t n, uint64_t *gen)
{
    struct message m;

    for (int i = 0; i < 100; i++) {
        if (lusrv_call(LUSRV_PING, 0, &m) != MX_OK) {
            return "lusrv does not answer";
        }
        *gen = m.u.raw[0];
        if (m.u.raw[1] == n) {
            return NULL;
        }
        sleep_ticks(1);
    }
    return "lusrv does not hold the request";
}

// A request lusrv holds open moves to the new version with the state
// (protocol free), which answers it.
static const char *
test_open_requests_survive(void)
{
    struct message m;
    uint64_t gen = 0, gen2 = 0;
    const char *why;

    helper_cmd(help1, LUH_WAIT, 0);
    if ((why = wait_held(1, &gen)) != NULL) {
        return why;
    }
    if (update("lusrv", RS_UPDATE_SELF, 2, 0, 0) != MX_OK || last.ep != lusrv) {
        return "update self of lusrv failed";
    }
    if ((why = wait_held(1, &gen2)) != NULL || gen2 != gen + 1) {
        return why != NULL ? why : "the open request or the generation did not move over";
    }
    if (lusrv_call(LUSRV_RELEASE, 0, &m) != MX_OK || m.u.raw[0] != 1) {
        return "the new version did not release the open request";
    }
    helper_result(help1, &m);
    if (m.u.raw[0] != MX_OK || m.u.raw[1] != gen + 1) {
        return "the client's open request was not answered by the new version";
    }
    return NULL;
}

// A sender that arrives while the new version initializes waits on the
// endpoint and is served by the new version.
static const char *
test_queued_sender_served(void)
{
    struct message m;
    uint64_t gen = 0;
    const char *why = wait_held(0, &gen);

    if (why != NULL) {
        return why;
    }
    lusrv_call(LUSRV_SLOW_INIT, 4, &m); // the next LU init sleeps 4 ticks
    helper_cmd(help2, LUH_PING_LATER, 1);
    int r = update("lusrv", RS_UPDATE_SELF, 1, 0, 0);
    uint64_t done = rdtime_ticks();
    lusrv_call(LUSRV_SLOW_INIT, 0, &m);
    helper_result(help2, &m);
    if (r != MX_OK) {
        return "update failed";
    }
    if (m.u.raw[2] >= done) {
        return "the sender did not send during the update";
    }
    if (m.u.raw[0] != MX_OK || m.u.raw[1] != gen + 1) {
        return "the queued sender was not served by the new version";
    }
    return NULL;
}

static int busy_status = 1, busy_query = 1; // what the second requester got

// State 1 (request free) is never reached while a request is held: after
// maxtime RS gives up (EINTR) and the old version serves on. Meanwhile
// another update is refused (EBUSY) and RS still answers queries.
static const char *
test_unreachable_state(void)
{
    struct message m;
    uint64_t gen = 0, gen2 = 0;
    const char *why;

    helper_cmd(help1, LUH_WAIT, 0);
    if ((why = wait_held(1, &gen)) != NULL) {
        return why;
    }
    uint32_t restarts = (rs_call(RS_QUERY, "lusrv", NULL), last.restarts);
    helper_cmd(help2, LUH_UPDATE_LATER, 2);
    int r = update("lusrv", RS_UPDATE_SELF, 1, 15, 0);
    helper_result(help2, &m);
    busy_status = (int)m.u.raw[0];
    busy_query = (int)m.u.raw[1];
    if (r != -MX_EINTR || last.lu_ready_insn != 0) {
        return "an unreachable state did not give EINTR";
    }
    if ((why = wait_held(1, &gen2)) != NULL || gen2 != gen) {
        return why != NULL ? why : "the old version does not serve on";
    }
    if ((why = same_service("lusrv", lusrv, restarts)) != NULL) {
        return why;
    }
    lusrv_call(LUSRV_RELEASE, 0, &m);
    helper_result(help1, &m);
    return m.u.raw[0] == MX_OK && m.u.raw[1] == gen ? NULL : "the held request was lost";
}

static const char *
test_busy_refused(void)
{
    if (busy_status != -MX_EBUSY) {
        return "a second update during an update was not EBUSY";
    }
    return busy_query == MX_OK ? NULL : "RS did not answer a query during an update";
}

// DS hands its whole store to the new version: values, owners,
// subscriptions and their queued changes.
static const char *
test_ds_store_survives(void)
{
    endpoint_t ds = sys_lookup("ds");
    char key[DS_PROTO_KEY_LEN], s[16];
    int type, change;
    uint32_t v = 0;
    endpoint_t ep = ENDPOINT_NONE;

    if (rs_call(RS_QUERY, "ds", NULL) != MX_OK) {
        return "RS does not know ds";
    }
    uint32_t restarts = last.restarts;
    if (ds_publish_u32("lutest.u", 77, 0) != MX_OK || ds_subscribe_keys("lutest.*", 0) != MX_OK ||
        ds_publish_str("lutest.s", "kept", 0) != MX_OK) {
        return "DS refused the test keys";
    }
    if (update("ds", RS_UPDATE_SELF, 1, 0, 0) != MX_OK) {
        return "update of DS failed";
    }
    if (ds_retrieve_u32("lutest.u", &v) != MX_OK || v != 77 ||
        ds_retrieve_str("lutest.s", s, sizeof(s), NULL) != MX_OK || strcmp(s, "kept") != 0) {
        return "values lost across the update";
    }
    if (ds_check_change(key, &type, &change) != MX_OK || strcmp(key, "lutest.s") != 0) {
        return "the subscription's queued change was lost";
    }
    if (ds_publish_u32("lutest.u", 78, 0) != -MX_EEXIST) {
        return "the key's owner and rules were lost";
    }
    if (ds_retrieve_label("hello", &ep) != MX_OK || ep != hello) {
        return "RS's labels were lost";
    }
    return same_service("ds", ds, restarts);
}

// One update while luhelp1 reads target in a loop; the window from the old
// version's READY to the first reply after it, in instructions.
static const char *
measured_update(uint64_t target, const char *label, const char *module, uint64_t *window)
{
    struct message m;

    helper_cmd(help1, LUH_READ_LOOP, target);
    sleep_ticks(1); // let it read a while
    int r = update(label, module, 1, 0, 0);
    uint64_t ready = last.lu_ready_insn;
    helper_result(help1, &m);
    uint64_t first = first_reply_after(ready);
    if (r != MX_OK) {
        return "update failed";
    }
    if (m.u.raw[1] != 0 || m.u.raw[2] != 0) {
        return "a read failed or the counter broke";
    }
    if (ready == 0 || first == 0) {
        return "the reader did not read across the update";
    }
    *window = first - ready;
    return NULL;
}

static const char *
test_window_hello(void)
{
    uint64_t w = 0, w2 = 0;
    const char *why = measured_update(LUH_TARGET_HELLO, "hello", "hello2", &w);

    if (why == NULL) {
        why = measured_update(LUH_TARGET_HELLO, "hello", "hello", &w2);
    }
    if (why == NULL) {
        uprintf("PERF lu_window_hello_insns %lu\n", (unsigned long)w);
        uprintf("PERF lu_window_hello_back_insns %lu\n", (unsigned long)w2);
    }
    return why;
}

static const char *
test_window_ds(void)
{
    uint64_t w = 0;
    const char *why = measured_update(LUH_TARGET_DS, "ds", RS_UPDATE_SELF, &w);

    if (why == NULL) {
        uprintf("PERF lu_window_ds_insns %lu\n", (unsigned long)w);
    }
    return why;
}

enum { UPDATES_IN_A_ROW = 100 };

// 100 updates (hello2, hello, ...) while luhelp1 reads: none fails, no
// read fails, the counter never breaks, the endpoint stays.
static const char *
test_100_updates(void)
{
    struct message m;
    int failed = 0;

    if (rs_call(RS_QUERY, "hello", NULL) != MX_OK) {
        return "RS does not know hello";
    }
    uint32_t restarts = last.restarts;
    uint64_t i0 = rdinstret();
    helper_cmd(help1, LUH_READ_LOOP, LUH_TARGET_HELLO);
    for (int i = 0; i < UPDATES_IN_A_ROW; i++) {
        failed += update("hello", i % 2 == 0 ? "hello2" : "hello", 1, 0, 0) != MX_OK;
    }
    helper_result(help1, &m);
    first_reply_after(0);
    uint64_t insns = rdinstret() - i0;
    uprintf("PERF lu_100_updates_reads %lu\n", (unsigned long)m.u.raw[0]);
    uprintf("PERF lu_100_updates_version_changes_seen %lu\n", (unsigned long)m.u.raw[3]);
    uprintf("PERF lu_100_updates_insns_per_update %lu\n",
            (unsigned long)(insns / UPDATES_IN_A_ROW));
    if (failed != 0) {
        return "an update failed";
    }
    if (m.u.raw[1] != 0 || m.u.raw[2] != 0) {
        return "a read failed or the counter broke (a lost request)";
    }
    if (m.u.raw[0] < UPDATES_IN_A_ROW || m.u.raw[3] == 0) {
        return "the reader did not read across the updates";
    }
    return same_service("hello", hello, restarts);
}

static void
run_all(void)
{
    report("lu_self", test_self());
    report("lu_init_crash_erestart", test_init_crash());
    report("lu_init_fail_enosys", test_init_fail());
    report("lu_init_hang_eintr", test_init_hang());
    report("lu_refusals", test_refusals());
    report("lu_open_requests_survive", test_open_requests_survive());
    report("lu_queued_sender_served", test_queued_sender_served());
    report("lu_unreachable_state_eintr", test_unreachable_state());
    report("lu_second_update_ebusy", test_busy_refused());
    report("lu_ds_store_survives", test_ds_store_survives());
    report("lu_window_hello", test_window_hello());
    report("lu_window_ds", test_window_ds());
    report("lu_100_updates", test_100_updates());
}

int
main(void)
{
    struct message m;

    hello = sys_lookup("hello");
    rs = sys_lookup("rs");
    help1 = sys_lookup("luhelp1");
    help2 = sys_lookup("luhelp2");
    lusrv = sys_lookup("lusrv");
    while (ipc_receive(ENDPOINT_ANY, &m) != MX_OK || m.type != LUTEST_RUN) {
    }
    endpoint_t caller = m.source;
    run_all();
    m.u.raw[0] = (uint64_t)failures;
    ipc_send(caller, &m);
    for (;;) {
        ipc_receive(ENDPOINT_ANY, &m);
    }
}
