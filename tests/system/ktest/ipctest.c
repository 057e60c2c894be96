// ipctest: the kernel-core system test driver. Exercises IPC between boot
// processes in separate address spaces, permissions, dead endpoints, bad
// pointers, deadlock refusal, notification coalescing, alarms, vircopy,
// kernel-call masks and fault isolation, and measures the sendrec round
// trip in instructions. Prints "PASS: ipc/<name>" or "FAIL: ipc/<name>: why"
// per test, then stops the machine with status 0 (all passed) or 1.
#include <string.h>

#include <mirv/signal.h>

#include "ktest.h"
#include "syslib.h"

// Scheduling flags as getinfo reports them (kernel/proc.h).
enum {
    RTS_RECEIVING_FLAG = 1u << 2,
    RTS_STOPPED_FLAG = 1u << 3,
    RTS_SIGNALED_FLAG = 1u << 5,
    RTS_SIG_PENDING_FLAG = 1u << 6,
    PERF_ROUNDS = 1000,
};

static int failures;
static endpoint_t pong;

static void
report(const char *name, const char *why)
{
    failures += ktest_report("ipc", name, why);
}

static int
ping(uint64_t value, uint64_t *answer)
{
    struct message m = {.type = PONG_PING};
    m.u.raw[0] = value;
    int r = ipc_sendrec(pong, &m);
    *answer = m.u.raw[0];
    return r;
}

static const char *
test_pingpong(void)
{
    for (uint64_t i = 0; i < 100; i++) {
        uint64_t answer = 0;
        if (ping(i * 7, &answer) != 0) {
            return "sendrec failed";
        }
        if (answer != i * 7 + 1) {
            return "wrong reply";
        }
    }
    return NULL;
}

// After an ecall, the caller-saved registers hold nothing of the other
// process (its fill pattern, its buffer address) or of the kernel, in both
// directions.
static const char *
test_registers_clean(void)
{
    struct message m = {.type = PONG_WHERE};
    uint64_t regs[KTEST_TRAP_REGS];

    m.u.raw[0] = (uint64_t)(uintptr_t)&m;
    if (ipc_sendrec(pong, &m) != 0) {
        return "PONG_WHERE failed";
    }
    uint64_t pong_buf = m.u.raw[0];
    m = (struct message){.type = PONG_DIRTY};
    if (ktest_dirty_ecall(IPC_SENDREC, pong, &m, KTEST_CLIENT_FILL, regs) != 0) {
        return "sendrec failed";
    }
    if (ktest_foreign_regs(regs, KTEST_SERVER_FILL, pong_buf) != 0) {
        return "the server's or the kernel's values reached the client";
    }
    m.type = PONG_DIRTY_REPORT;
    if (ktest_dirty_ecall(IPC_SENDREC, pong, &m, KTEST_CLIENT_FILL, regs) != 0) {
        return "second sendrec failed";
    }
    if (m.u.raw[0] != 0) {
        return "the client's or the kernel's values reached the server";
    }
    if (ktest_foreign_regs(regs, KTEST_SERVER_FILL, pong_buf) != 0) {
        return "the server's values reached the client (second call)";
    }
    return NULL;
}

// Average instructions per sendrec round trip, minus the loop's own cost.
static const char *
test_roundtrip_perf(void)
{
    struct message m = {.type = PONG_PING};
    uint64_t best = ~0ull;

    for (int pass = 0; pass < 3; pass++) {
        uint64_t t0 = rdinstret();
        for (int i = 0; i < PERF_ROUNDS; i++) {
            m.type = PONG_PING;
            if (ipc_sendrec(pong, &m) != 0) {
                return "sendrec failed";
            }
        }
        uint64_t t1 = rdinstret();
        uint64_t per = (t1 - t0) / PERF_ROUNDS;
        best = per < best ? per : best;
    }
    uprintf("PERF ipc_roundtrip_insns %lu\n", (unsigned long)best);
    if (best == 0) {
        return "instret did not advance";
    }
    return NULL;
}

static const char *
test_notify_coalesce(void)
{
    struct message m = {.type = PONG_NOTIFY3};

    if (ipc_sendrec(pong, &m) != 0 || m.source != pong) {
        return "request failed";
    }
    if (ipc_receive(ENDPOINT_ANY, &m) != 0 || m.type != MSG_NOTIFY || m.source != pong) {
        return "no notification from pong";
    }
    // Three notifies must have coalesced into one: the next message is the alarm.
    sys_setalarm(2, NULL);
    if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
        return "receive failed";
    }
    if (m.source != ENDPOINT_CLOCK || m.type != MSG_NOTIFY) {
        return "a second notification was pending";
    }
    return NULL;
}

static const char *
test_forbidden_target(void)
{
    struct message m = {.type = 1};
    endpoint_t f = sys_lookup("forbidden");

    if (f < 0) {
        return "no forbidden process";
    }
    if (ipc_send(f, &m) != -MX_EPERM) {
        return "send to a target outside the mask was not EPERM";
    }
    if (ipc_notify(f) != -MX_EPERM) {
        return "notify to a target outside the mask was not EPERM";
    }
    return NULL;
}

static const char *
test_dead_endpoint(void)
{
    struct message m = {.type = 1};
    endpoint_t stale = endpoint_make(endpoint_slot(pong), endpoint_generation(pong) + 1);
    endpoint_t exiter = sys_lookup("exiter");

    if (ipc_send(stale, &m) != -MX_EDEADSRCDST) {
        return "stale generation not refused";
    }
    if (ipc_send(endpoint_make(60, 1), &m) != -MX_EDEADSRCDST) {
        return "free slot not refused";
    }
    if (exiter < 0 || ipc_send(exiter, &m) != 0) {
        return "could not reach exiter";
    }
    int r = ipc_sendrec(exiter, &m); // exiter exits instead of answering
    if (r != -MX_EDEADSRCDST) {
        return "sendrec to an exiting process did not fail with EDEADSRCDST";
    }
    if (ipc_send(exiter, &m) != -MX_EDEADSRCDST) {
        return "send to a dead process not refused";
    }
    return NULL;
}

static const char *
test_bad_pointers(void)
{
    if (ipc_sendrec(pong, (struct message *)0x90000000ul) != -MX_EFAULT) {
        return "kernel address accepted";
    }
    if (ipc_sendrec(pong, (struct message *)0x40000000ul) != -MX_EFAULT) {
        return "unmapped address accepted";
    }
    if (ipc_receive(ENDPOINT_ANY, (struct message *)(uintptr_t)&test_bad_pointers) !=
        -MX_EFAULT) {
        return "receive into read-only text accepted";
    }
    if (ipc_sendrec(ENDPOINT_SYSTEM, (struct message *)0x50ul) != -MX_EFAULT) {
        return "kernel call with a bad pointer accepted";
    }
    if (ipc_sendrec(pong, (struct message *)(0x80000000ul - 32)) != -MX_EFAULT) {
        return "message straddling the user limit accepted";
    }
    uint64_t answer = 0;
    if (ping(41, &answer) != 0 || answer != 42) {
        return "pong hurt by bad pointers";
    }
    return NULL;
}

static const char *
test_deadlock_refused(void)
{
    struct message m = {.type = PONG_SENDBACK};

    if (ipc_sendrec(pong, &m) != 0) {
        return "request failed";
    }
    // pong now blocks sending to us; sending to pong would close the cycle.
    m.type = PONG_PING;
    if (ipc_send(pong, &m) != -MX_ELOCKED) {
        return "send closing a cycle was not refused with ELOCKED";
    }
    if (ipc_receive(pong, &m) != 0 || m.type != PONG_PUSHED) {
        return "pushed message not received";
    }
    return NULL;
}

static const char *
test_sendnb_not_ready(void)
{
    struct message m = {.type = 1};
    endpoint_t sleeper = sys_lookup("sleeper");

    if (sleeper < 0) {
        return "no sleeper";
    }
    if (ipc_sendnb(sleeper, &m) != -MX_ENOTREADY) {
        return "sendnb to a process not receiving from us was not ENOTREADY";
    }
    return NULL;
}

static const char *
test_bad_endpoints(void)
{
    struct message m = {.type = 1};

    if (ipc_send(ENDPOINT_ANY, &m) != -MX_EBADSRCDST || ipc_send(sys_self(), &m) != -MX_EBADSRCDST) {
        return "ANY or self accepted as a destination";
    }
    return NULL;
}

static const char *
test_kcall_denied(void)
{
    if (sys_privctl(sys_self(), KCALL_MASK_ALL) != -MX_ECALLDENIED) {
        return "privctl without the right was not ECALLDENIED";
    }
    struct message m = {0};
    if (kcall(0x1234, &m) != -MX_ENOSYS) {
        return "unknown kernel call was not ENOSYS";
    }
    return NULL;
}

static const char *
test_vircopy(void)
{
    struct message m = {.type = PONG_BUFADDR};
    static uint64_t word = 0x1122334455667788ull;

    if (ipc_sendrec(pong, &m) != 0) {
        return "BUFADDR failed";
    }
    uint64_t remote = m.u.raw[0];
    if (sys_vircopy(sys_self(), (uint64_t)(uintptr_t)&word, pong, remote, 8) != 0) {
        return "vircopy failed";
    }
    m.type = PONG_READBUF;
    if (ipc_sendrec(pong, &m) != 0 || m.u.raw[0] != word) {
        return "pong did not see the copied word";
    }
    if (sys_vircopy(sys_self(), (uint64_t)(uintptr_t)&word, pong, 0x40000000ul, 8) !=
        -MX_EFAULT) {
        return "vircopy to an unmapped address not EFAULT";
    }
    return NULL;
}

static const char *
test_faults_isolated(void)
{
    static const char *const names[] = {"crash_ill", "crash_kmem", "crash_unmapped"};

    for (unsigned i = 0; i < 3; i++) {
        uint32_t state = 0;
        endpoint_t ep = sys_lookup(names[i]);
        if (ep < 0 || sys_proc_state(ep, &state) != 0) {
            return "crash process missing";
        }
        if (!(state & (RTS_STOPPED_FLAG | RTS_SIG_PENDING_FLAG))) {
            return "crash process not stopped";
        }
    }
    uint64_t answer = 0;
    if (ping(1, &answer) != 0 || answer != 2) {
        return "pong not answering after the crashes";
    }
    return NULL;
}

// What sigmgr recorded for ep: signals fetched and times released.
static int
sigmgr_query(endpoint_t ep, uint64_t *signals, uint64_t *released)
{
    struct message m = {.type = SIGMGR_QUERY};
    m.u.raw[0] = (uint64_t)(int64_t)ep;
    int r = ipc_sendrec(sys_lookup("sigmgr"), &m);
    *signals = m.u.raw[0];
    *released = m.u.raw[1];
    return r;
}

static const char *
test_faults_reach_manager(void)
{
    static const struct {
        const char *name;
        int sig;
    } want[] = {{"crash_ill", MX_SIGILL}, {"crash_kmem", MX_SIGSEGV}, {"crash_unmapped", MX_SIGSEGV}};
    uint64_t signals, released;

    for (unsigned i = 0; i < 3; i++) {
        if (sigmgr_query(sys_lookup(want[i].name), &signals, &released) != 0) {
            return "sigmgr not answering";
        }
        if (signals != mx_sigbit(want[i].sig)) {
            return "manager did not get the right signal for a fault";
        }
        if (released != 0) {
            return "a lethal signal was released";
        }
    }
    return NULL;
}

static const char *
test_kill_via_manager(void)
{
    endpoint_t sleeper = sys_lookup("sleeper");
    uint64_t signals = 0, released = 0;
    uint32_t state = 0;
    struct message m = {0};

    if (sys_kill(sleeper, MX_SIGUSR1) != 0) {
        return "kill failed";
    }
    if (sigmgr_query(sleeper, &signals, &released) != 0 || signals != mx_sigbit(MX_SIGUSR1) ||
        released != 1) {
        return "manager did not fetch and release SIGUSR1";
    }
    if (sys_proc_state(sleeper, &state) != 0 || state != RTS_RECEIVING_FLAG) {
        return "sleeper not back to waiting after endksig";
    }
    m.u.endksig.target = sleeper;
    if (kcall(KC_ENDKSIG, &m) != -MX_EPERM) {
        return "endksig by a non-manager was not EPERM";
    }
    if (kcall(KC_GETKSIG, &m) != 0 || m.u.getksig.ep != ENDPOINT_NONE) {
        return "getksig for a non-manager returned a process";
    }
    if (sys_kill(sleeper, 0) != -MX_EINVAL || sys_kill(endpoint_make(61, 1), MX_SIGTERM) !=
                                                  -MX_ESRCH) {
        return "bad signal or dead target not refused";
    }
    return NULL;
}

static const char *
test_sef_signal_forwarding(void)
{
    endpoint_t ep = sys_lookup("sefproc");
    struct message m = {.type = SEFPROC_QUERY};

    if (ep < 0 || sys_kill(ep, MX_SIGUSR2) != 0) {
        return "kill of sefproc failed";
    }
    if (ipc_sendrec(ep, &m) != 0 || m.u.raw[0] != mx_sigbit(MX_SIGUSR2)) {
        return "SEF handler did not get the forwarded SIGUSR2";
    }
    if (sys_kill(ep, MX_SIGTERM) != 0) {
        return "SIGTERM not accepted";
    }
    m.type = SEFPROC_QUERY;
    if (ipc_sendrec(ep, &m) != -MX_EDEADSRCDST) {
        return "SIGTERM did not end the SEF process in order";
    }
    return NULL;
}

int
main(void)
{
    pong = sys_lookup("pong");
    if (pong < 0) {
        uprintf("FAIL: ipc/setup: pong not found\n");
        sys_abort(1);
    }
    report("faults_isolated", test_faults_isolated());
    report("pingpong", test_pingpong());
    report("roundtrip_perf", test_roundtrip_perf());
    report("registers_clean", test_registers_clean());
    report("notify_coalesce", test_notify_coalesce());
    report("forbidden_target", test_forbidden_target());
    report("dead_endpoint", test_dead_endpoint());
    report("bad_pointers", test_bad_pointers());
    report("deadlock_refused", test_deadlock_refused());
    report("sendnb_not_ready", test_sendnb_not_ready());
    report("bad_endpoints", test_bad_endpoints());
    report("kcall_denied", test_kcall_denied());
    report("vircopy", test_vircopy());
    report("faults_reach_manager", test_faults_reach_manager());
    report("kill_via_manager", test_kill_via_manager());
    report("sef_signal_forwarding", test_sef_signal_forwarding());
    struct message done = {.type = DSTEST_DONE};
    if (ipc_sendrec(sys_lookup("dstest"), &done) != 0) {
        uprintf("FAIL: ipc/dstest_finished: dstest did not answer\n");
        failures++;
    }
    struct message gdone = {.type = GTEST_DONE};
    if (ipc_sendrec(sys_lookup("gtest"), &gdone) != 0) {
        uprintf("FAIL: ipc/gtest_finished: gtest did not answer\n");
        failures++;
    }
    uprintf("TESTS DONE fail=%d\n", failures + (int)done.u.raw[0] + (int)gdone.u.raw[0]);
    sys_abort(failures == 0 ? 0 : 1);
}
