// rstest: crash recovery end to end. Reads /dev/hello's protocol directly
// (no VFS yet), crashes the driver in several ways (fault injection with a
// segfault and an illegal instruction, SIGKILL), and checks after each that
// RS restarted it with its endpoint kept and the restart count up, that it
// answers again, and that the counter it keeps in DS goes on. Measures the
// time from a crash to the restarted driver's first answer. Prints
// "PASS: recovery/<name>" lines, then stops the machine (0 = all passed).
// At the end (after lutest) DS itself crashes: once with its store intact,
// which it keeps, and twice with a damaged one (DS_TEST_BREAK), which it
// refuses.
#include <string.h>

#include <mirv/ds.h>
#include <mirv/errors.h>
#include <mirv/hello.h>
#include <mirv/rs.h>
#include <mirv/sef.h>
#include <mirv/signal.h>

#include "ds.h"
#include "ktest.h"
#include "syslib.h"

static int failures;
static endpoint_t hello, rs;

static void
report(const char *name, const char *why)
{
    failures += ktest_report("recovery", name, why);
}

static char greeting[48]; // the last greeting read

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

static struct rs_rep last; // RS's last answer

static int
rs_query(const char *label, endpoint_t *ep, uint32_t *restarts)
{
    struct message m = {.type = RS_QUERY};
    strncpy(m.u.rs_req.label, label, sizeof(m.u.rs_req.label) - 1);
    int r = ipc_sendrec(rs, &m);
    if (r == MX_OK) {
        r = m.u.rs_rep.status;
        last = m.u.rs_rep;
        *ep = m.u.rs_rep.ep;
        *restarts = m.u.rs_rep.restarts;
    }
    return r;
}

static void
sleep_ticks(uint64_t ticks)
{
    struct message m;
    sys_setalarm(ticks, NULL);
    ipc_receive(ENDPOINT_CLOCK, &m);
}

// Waits (up to 5 s) until RS has restarted hello; returns the restart count.
static uint32_t
wait_up(void)
{
    endpoint_t ep;
    uint32_t restarts = 0;

    for (int i = 0; i < 500; i++) {
        if (rs_query("hello", &ep, &restarts) == MX_OK && !last.restarting) {
            break;
        }
        sleep_ticks(1);
    }
    return restarts;
}

// Checks the state after a crash: endpoint kept, restarts == want_restarts,
// answering again with the counter following want_counter.
static const char *
check_recovered(uint32_t want_restarts, uint32_t want_counter)
{
    endpoint_t ep = ENDPOINT_NONE;
    uint32_t restarts = 0, counter = 0;

    wait_up();
    if (rs_query("hello", &ep, &restarts) != MX_OK) {
        return "RS does not know hello";
    }
    if (ep != hello) {
        return "endpoint changed across the restart";
    }
    if (restarts != want_restarts) {
        return "restart count did not go up by one";
    }
    if (hello_read(&counter) != MX_OK) {
        return "restarted hello does not answer";
    }
    if (counter != want_counter) {
        return "counter kept in DS was lost";
    }
    return NULL;
}

static const char *
test_reads_count(void)
{
    uint32_t a = 0, b = 0;

    if (hello_read(&a) != MX_OK || hello_read(&b) != MX_OK) {
        return "read failed";
    }
    return a == 1 && b == 2 ? NULL : "counter does not start at 1 and count";
}

// Sends a crash request; the sender must get an error, not hang.
static const char *
crash(uint32_t how)
{
    struct message m = {.type = how};
    int r = ipc_sendrec(hello, &m);
    return r == -MX_EDEADSRCDST ? NULL : "the caller of the crashed driver did not get EDEADSRCDST";
}

static const char *
test_segfault_recovered(void)
{
    uint64_t i0 = rdinstret(), t0 = rdtime_ticks();
    const char *why = crash(HELLO_CRASH);
    uint32_t counter = 0;

    if (why != NULL) {
        return why;
    }
    if (hello_read(&counter) != MX_OK) {
        return "no answer after the crash";
    }
    uint64_t insns = rdinstret() - i0, ticks = rdtime_ticks() - t0;
    uprintf("PERF recovery_insns %lu\n", (unsigned long)insns);
    uprintf("PERF recovery_us %lu\n", (unsigned long)(ticks / 10)); // 10 MHz timebase
    return counter == 3 ? check_recovered(1, 4) : "counter lost across the crash";
}

static const char *
test_illegal_instruction_recovered(void)
{
    const char *why = crash(HELLO_CRASH_ILL);
    return why != NULL ? why : check_recovered(2, 5);
}

static const char *
test_kill9_recovered(void)
{
    if (sys_kill(hello, MX_SIGKILL) != MX_OK) {
        return "kill failed";
    }
    return check_recovered(3, 6);
}

static const char *
test_hang_detected_by_heartbeat(void)
{
    struct message m = {.type = HELLO_HANG};
    uint64_t t0 = rdtime_ticks();

    if (ipc_sendrec(hello, &m) != -MX_EDEADSRCDST) {
        return "the caller of the hung driver did not get EDEADSRCDST";
    }
    uprintf("PERF hang_detect_us %lu\n", (unsigned long)((rdtime_ticks() - t0) / 10));
    return check_recovered(4, 7);
}

// The crashes above followed each other closely: each restart after the
// first waited twice as long as the one before.
static const char *
test_backoff_grows(void)
{
    endpoint_t ep;
    uint32_t restarts;

    if (rs_query("hello", &ep, &restarts) != MX_OK || last.backoff_ticks != 8) {
        return "back-off did not double to 8 ticks over four quick crashes";
    }
    return NULL;
}

static uint32_t up_policy, up_period; // what the next RS_UP asks for
static uint32_t lu_state = 1, lu_debug; // what the next RS_UPDATE asks for

// An RS request about label (and module, for RS_UP); RS's reply in last.
static int
rs_call(uint32_t call, const char *label, const char *module, uint32_t index)
{
    struct message m = {.type = call};
    strncpy(m.u.rs_req.label, label, sizeof(m.u.rs_req.label) - 1);
    strncpy(m.u.rs_req.module, module, sizeof(m.u.rs_req.module) - 1);
    m.u.rs_req.index = index;
    m.u.rs_req.policy = up_policy;
    m.u.rs_req.period = up_period;
    m.u.rs_req.lu_state = lu_state;
    m.u.rs_req.debug = lu_debug;
    int r = ipc_sendrec(rs, &m);
    last = m.u.rs_rep;
    return r != MX_OK ? r : m.u.rs_rep.status;
}

static const char *
test_labels_in_ds(void)
{
    endpoint_t ep = ENDPOINT_NONE;

    if (ds_retrieve_label("hello", &ep) != MX_OK || ep != hello) {
        return "RS did not publish hello's label in DS";
    }
    if (ds_retrieve_label("ds", &ep) != MX_OK || ep != sys_lookup("ds")) {
        return "RS did not publish ds's label in DS";
    }
    return NULL;
}

static const char *
test_core_down_refused(void)
{
    if (rs_call(RS_DOWN, "ds", "", 0) != -MX_EPERM || rs_call(RS_DOWN, "rs", "", 0) != -MX_EPERM) {
        return "taking down a core service was not EPERM";
    }
    if (rs_call(RS_DOWN, "nosuch", "", 0) != -MX_ESRCH) {
        return "down of an unknown service not ESRCH";
    }
    return NULL;
}

static const char *
test_fi_and_refresh_recover(void)
{
    if (rs_call(RS_FI, "hello", "", 0) != MX_OK) {
        return "fault injection refused";
    }
    const char *why = check_recovered(5, 8);
    if (why != NULL) {
        return why;
    }
    if (rs_call(RS_REFRESH, "hello", "", 0) != MX_OK) {
        return "refresh refused";
    }
    return check_recovered(6, 9);
}

static const char *
test_up_and_down(void)
{
    if (rs_call(RS_UP, "hello", "hello", 0) != -MX_EEXIST) {
        return "up of an existing label not EEXIST";
    }
    if (rs_call(RS_UP, "spare", "nosuchmodule", 0) != -MX_ENOENT) {
        return "up of an unknown module not ENOENT";
    }
    if (rs_call(RS_UP, "spare", "spare", 0) != MX_OK || !endpoint_is_process(last.ep)) {
        return "up of a module failed";
    }
    endpoint_t spare = last.ep;
    int listed = 0;
    for (uint32_t i = 0; rs_call(RS_LIST, "", "", i) == MX_OK; i++) {
        listed += strcmp(last.label, "spare") == 0 && last.ep == spare;
    }
    if (listed != 1) {
        return "the new service is not in the list";
    }
    if (rs_call(RS_DOWN, "spare", "", 0) != MX_OK) {
        return "down failed";
    }
    uint32_t state;
    if (rs_call(RS_QUERY, "spare", "", 0) != -MX_ESRCH || sys_proc_state(spare, &state) == 0) {
        return "the service is still there after down";
    }
    return NULL;
}

// A user process's fatal signal goes to its manager (pmstub stands in for
// PM), never to RS.
static const char *
test_user_fault_goes_to_pm(void)
{
    struct message m = {.type = SIGMGR_QUERY};
    endpoint_t ucrash = sys_lookup("ucrash");

    m.u.raw[0] = (uint64_t)(int64_t)ucrash;
    if (ucrash < 0 || ipc_sendrec(sys_lookup("pmstub"), &m) != MX_OK) {
        return "stand-in manager not reachable";
    }
    if (m.u.raw[0] != mx_sigbit(MX_SIGSEGV)) {
        return "the user process's SIGSEGV did not reach its manager";
    }
    if (rs_call(RS_QUERY, "ucrash", "", 0) != -MX_ESRCH) {
        return "RS knows the user process";
    }
    return NULL;
}

// A reset-policy service comes back as a fresh process with a new
// endpoint, which RS publishes in DS; its heartbeat period is its own.
static const char *
test_reset_policy_new_endpoint(void)
{
    endpoint_t in_ds = ENDPOINT_NONE;

    up_policy = RS_POLICY_RESET;
    up_period = 20;
    int r = rs_call(RS_UP, "spare2", "spare", 0);
    up_policy = up_period = 0;
    if (r != MX_OK) {
        return "up with the reset policy failed";
    }
    endpoint_t first = last.ep;
    if (last.policy != RS_POLICY_RESET || last.period != 20) {
        return "policy or period not kept";
    }
    if (rs_call(RS_FI, "spare2", "", 0) != MX_OK) {
        return "fault injection refused";
    }
    for (int i = 0; i < 500 && (rs_call(RS_QUERY, "spare2", "", 0) != MX_OK || last.restarting ||
                                last.restarts == 0);
         i++) {
        sleep_ticks(1);
    }
    if (last.restarts != 1 || last.ep == first || !endpoint_is_process(last.ep)) {
        return "reset did not give a fresh endpoint";
    }
    uint32_t state;
    if (sys_proc_state(first, &state) == 0) {
        return "the old instance is still there";
    }
    if (ds_retrieve_label("spare2", &in_ds) != MX_OK || in_ds != last.ep) {
        return "DS does not have the new endpoint";
    }
    return rs_call(RS_DOWN, "spare2", "", 0) == MX_OK ? NULL : "down failed";
}

// One live update of hello to module; the counter must go on from `before`,
// the endpoint and restart count must not change, and the greeting must
// contain `want`.
static const char *
update_to(const char *module, uint32_t before, const char *want)
{
    uint32_t restarts_before, counter = 0;
    endpoint_t ep;

    if (rs_query("hello", &ep, &restarts_before) != MX_OK) {
        return "RS does not know hello";
    }
    if (rs_call(RS_UPDATE, "hello", module, 0) != MX_OK) {
        return "update refused";
    }
    if (last.ep != hello || last.restarts != restarts_before) {
        return "endpoint or restart count changed by the update";
    }
    if (hello_read(&counter) != MX_OK || counter != before + 1) {
        return "counter not continuous across the update";
    }
    return strstr(greeting, want) != NULL ? NULL : "the new version's greeting is not there";
}

static const char *
test_live_update(void)
{
    uint32_t c = 0;
    const char *why;

    if (hello_read(&c) != MX_OK) {
        return "hello not answering";
    }
    if ((why = update_to("hello2", c, "hello2")) != NULL ||
        (why = update_to("hello", c + 1, "Hello, world")) != NULL) {
        return why;
    }
    return NULL;
}

static const char *
test_live_update_failures_roll_back(void)
{
    uint32_t c = 0, c2 = 0, restarts = 0;
    endpoint_t ep;

    if (hello_read(&c) != MX_OK || rs_query("hello", &ep, &restarts) != MX_OK) {
        return "hello not answering";
    }
    lu_debug = SEF_DEBUG_INIT_FAIL; // -y: the new version's init fails
    int r = rs_call(RS_UPDATE, "hello", "hello2", 0);
    lu_debug = 0;
    if (r != -MX_ENOSYS) {
        return "a failed init did not give ENOSYS";
    }
    if (hello_read(&c2) != MX_OK || c2 != c + 1 || strstr(greeting, "Hello, world") == NULL) {
        return "the old version did not carry on after the rollback";
    }
    uint32_t restarts2 = 0;
    if (rs_query("hello", &ep, &restarts2) != MX_OK || ep != hello || restarts2 != restarts) {
        return "rollback changed the endpoint or the restart count";
    }
    lu_state = 7;
    r = rs_call(RS_UPDATE, "hello", "hello2", 0);
    lu_state = 1;
    if (r != -MX_EINVAL || rs_call(RS_UPDATE, "nosuch", "hello2", 0) != -MX_ESRCH) {
        return "bad state or unknown label not refused";
    }
    return NULL;
}

static const char *
test_others_unaffected(void)
{
    endpoint_t ep = ENDPOINT_NONE;
    uint32_t restarts = 1;

    if (rs_query("ds", &ep, &restarts) != MX_OK || restarts != 0) {
        return "DS was restarted too";
    }
    return NULL;
}

// Waits (up to 5 s) until RS reports label up again after its restart
// number `restarts`; false if it does not come back.
static bool
wait_restarted(const char *label, uint32_t restarts)
{
    for (int i = 0; i < 500; i++) {
        if (rs_call(RS_QUERY, label, "", 0) == MX_OK && !last.restarting &&
            last.restarts >= restarts) {
            return true;
        }
        sleep_ticks(1);
    }
    return false;
}

// Drains rstest's pending DS changes; returns how many there were, and
// the last key that was overwritten in *key.
static int
drain_changes(char key[DS_PROTO_KEY_LEN], int *last_change)
{
    int type = 0, change = 0, n = 0;

    while (n < 100 && ds_check_change(key, &type, &change) == MX_OK) {
        *last_change = change;
        n++;
    }
    return n;
}

// DS crashes (a segfault by fault injection, then kill -9): RS reloads it
// in place with its keep segment, so the keys, their owners and the
// subscriptions are still there, and hello gets its counter back from DS
// after a restart.
static const char *
test_ds_crash_keeps_store(void)
{
    endpoint_t ds = sys_lookup("ds"), ep = ENDPOINT_NONE;
    char key[DS_PROTO_KEY_LEN], str[16];
    uint32_t v = 0, c = 0, c2 = 0, stored = 0;
    int change = 0;

    if (ds_publish_u32("rstest.n", 42, DSC_OVERWRITE) != MX_OK ||
        ds_publish_str("rstest.s", "kept", DSC_OVERWRITE) != MX_OK ||
        ds_subscribe_keys("rstest.*", 0) != MX_OK || hello_read(&c) != MX_OK ||
        rs_call(RS_QUERY, "ds", "", 0) != MX_OK) {
        return "setting up keys, subscription or hello failed";
    }
    uint32_t restarts = last.restarts;
    drain_changes(key, &change);
    if (rs_call(RS_FI, "ds", "", 0) != MX_OK || !wait_restarted("ds", restarts + 1)) {
        return "DS did not come back after its crash";
    }
    if (last.ep != ds || last.restarts != restarts + 1) {
        return "DS's endpoint changed or its restart count did not go up by one";
    }
    if (ds_retrieve_u32("rstest.n", &v) != MX_OK || v != 42 ||
        ds_retrieve_str("rstest.s", str, sizeof(str), NULL) != MX_OK ||
        strcmp(str, "kept") != 0) {
        return "keys published before the crash are gone";
    }
    if (ds_retrieve_u32("hello.counter", &stored) != MX_OK || stored != c) {
        return "hello's counter in DS did not survive DS's crash";
    }
    if (ds_publish_u32("rstest.n", 43, 0) != -MX_EEXIST ||
        ds_publish_u32("rstest.n", 43, DSC_OVERWRITE) != MX_OK) {
        return "ownership or overwrite rules broken after the restart";
    }
    if (drain_changes(key, &change) != 1 || strcmp(key, "rstest.n") != 0 ||
        change != DSC_OVERWRITTEN) {
        return "the subscription did not survive DS's crash";
    }
    if (ds_retrieve_label("hello", &ep) != MX_OK || ep != hello) {
        return "hello's label is gone";
    }
    if (rs_call(RS_REFRESH, "hello", "", 0) != MX_OK || hello_read(&c2) != MX_OK ||
        c2 != c + 1) {
        return "hello restarted after DS's crash did not recover its counter";
    }
    // kill -9: the same, through RS's SIGKILL path.
    if (sys_kill(ds, MX_SIGKILL) != MX_OK || !wait_restarted("ds", restarts + 2) ||
        last.ep != ds) {
        return "DS did not come back after kill -9";
    }
    if (ds_retrieve_u32("rstest.n", &v) != MX_OK || v != 43 ||
        ds_retrieve_u32("hello.counter", &stored) != MX_OK || stored != c2) {
        return "keys lost across kill -9 of DS";
    }
    return NULL;
}

// DS crashes with its store damaged: in the middle of a change (busy), and
// with a duplicate key. Each time the restarted DS refuses the store and
// starts empty (the console says why), keeps its endpoint, and RS
// publishes every label again; the rest of the system carries on.
static const char *
break_ds(uint32_t how)
{
    endpoint_t ds = sys_lookup("ds"), ep = ENDPOINT_NONE;
    struct message m = {.type = DS_TEST_BREAK};
    uint32_t v = 0, c = 0;
    char key[DS_PROTO_KEY_LEN];
    int change = 0;

    if (ds_publish_u32("rstest.n", 7, DSC_OVERWRITE) != MX_OK ||
        ds_subscribe_keys("rstest.*", 0) != MX_OK || rs_call(RS_QUERY, "ds", "", 0) != MX_OK) {
        return "setting up a key failed";
    }
    uint32_t restarts = last.restarts;
    drain_changes(key, &change);
    m.u.ds_req.flags = how;
    if (ipc_sendrec(ds, &m) != -MX_EDEADSRCDST) {
        return "DS_TEST_BREAK did not crash DS";
    }
    if (!wait_restarted("ds", restarts + 1) || last.ep != ds) {
        return "DS did not come back with its endpoint";
    }
    if (ds_retrieve_u32("rstest.n", &v) != -MX_ESRCH) {
        return "the damaged store was used";
    }
    if (ds_check_change(key, (int *)&v, &change) != -MX_ENOENT) {
        return "a subscription of the refused store is still there";
    }
    if (ds_retrieve_label("hello", &ep) != MX_OK || ep != hello ||
        ds_retrieve_label("ds", &ep) != MX_OK || ep != ds) {
        return "RS did not publish the labels again";
    }
    if (ds_publish_u32("rstest.n", 8, 0) != MX_OK || ds_retrieve_u32("rstest.n", &v) != MX_OK ||
        v != 8) {
        return "the empty store does not work";
    }
    return hello_read(&c) == MX_OK ? NULL : "hello stopped answering";
}

static const char *
test_ds_corrupt_store_refused(void)
{
    const char *why = break_ds(DS_BREAK_BUSY);
    return why != NULL ? why : break_ds(DS_BREAK_DUPLICATE);
}

int
main(void)
{
    hello = sys_lookup("hello");
    rs = sys_lookup("rs");
    report("reads_count", test_reads_count());
    report("segfault_recovered", test_segfault_recovered());
    report("illegal_instruction_recovered", test_illegal_instruction_recovered());
    report("kill9_recovered", test_kill9_recovered());
    report("hang_detected_by_heartbeat", test_hang_detected_by_heartbeat());
    report("backoff_grows", test_backoff_grows());
    report("labels_in_ds", test_labels_in_ds());
    report("core_down_refused", test_core_down_refused());
    report("fi_and_refresh_recover", test_fi_and_refresh_recover());
    report("up_and_down", test_up_and_down());
    report("user_fault_goes_to_pm", test_user_fault_goes_to_pm());
    report("reset_policy_new_endpoint", test_reset_policy_new_endpoint());
    report("live_update", test_live_update());
    report("live_update_failures_roll_back", test_live_update_failures_roll_back());
    report("others_unaffected", test_others_unaffected());
    struct message m = {.type = LUTEST_RUN}; // then the live-update tests
    if (ipc_sendrec(sys_lookup("lutest"), &m) != MX_OK) {
        report("lutest_ran", "lutest not reachable");
    } else {
        failures += (int)m.u.raw[0];
    }
    report("ds_crash_keeps_store", test_ds_crash_keeps_store());
    report("ds_corrupt_store_refused", test_ds_corrupt_store_refused());
    uprintf("TESTS DONE fail=%d\n", failures);
    sys_abort(failures == 0 ? 0 : 1);
}
