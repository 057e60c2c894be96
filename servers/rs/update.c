// RS's live update of a service (`service update`), as a state machine
// driven by RS's receive loop:
//   start    load the new version from its module without letting it run
//            (KC_SPAWN), send SEF_LU_PREPARE(state) to the old version;
//   PREPARE  the old version keeps serving until it reaches the state, then
//            answers SEF_LU_READY with sendrec (so it is blocked) and tells
//            where its state block is; RS swaps the images (KC_UPDATE: the
//            new one takes over the endpoint and whoever waits on it) and
//            sends SEF_INIT(LU) with the old image's endpoint and state block;
//   INIT     the new version copies the state and answers SEF_INIT_REPLY.
//            Success: the old image is removed. Failure (ENOSYS), a crash
//            (ERESTART) or no answer within maxtime (EINTR): the images are
//            swapped back, the new one removed, and the old version gets
//            SEF_LU_ABORT and serves on: same endpoint, same restart count.
//            Images the update no longer needs are discarded with KC_CLEAR
//            (quietly: no service went down).
// An old version that does not reach the state within maxtime gets
// SEF_LU_ABORT too (EINTR). The requester is answered when it is over.
#include "update.h"

#include <string.h>

#include <mirv/errors.h>
#include <mirv/signal.h>
#include <mirv/vm.h>

#include "syslib.h"

enum lu_phase { LU_IDLE, LU_PREPARE, LU_INIT };

static struct {
    enum lu_phase phase;
    struct service *s;
    endpoint_t client;         // who asked; answered when the update is over
    endpoint_t other;          // the new image's slot; after the swap, the old image's
    char module[16];           // the new version's module
    uint32_t state, debug, maxtime;
    uint64_t deadline;         // tick by which the current phase must be over
    uint64_t ready_insn;       // instret when the old version was ready
} lu;

bool
lu_busy(const struct service *s)
{
    return lu.phase != LU_IDLE && (s == NULL || s == lu.s);
}

// VM swaps the images, so that its records of them follow in the same
// step; the kernel directly when there is no VM (or VM is the service).
static int
swap_images(endpoint_t a, endpoint_t b, uint32_t start)
{
    struct message m = {0};
    bool answered;
    int r = rs_vm_call(VM_UPDATE, a, b, start ? VM_UPDATE_START : 0, &answered);

    if (answered) {
        return r;
    }
    m.u.update.old_ep = a;
    m.u.update.new_ep = b;
    m.u.update.start = start;
    return kcall(KC_UPDATE, &m);
}

// Removes an image of the update (the unused new one, or the replaced old
// one): KC_CLEAR, without the console line of a service taken down.
static void
discard(endpoint_t ep)
{
    struct message m = {0};

    m.u.clear.ep = ep;
    int r = kcall(KC_CLEAR, &m);
    if (r != MX_OK) {
        uprintf("rs: cannot discard image %d of the update (%d)\n", ep, r);
    }
}

// Answers the requester and forgets the update.
static void
finish(int status)
{
    struct message m = {.type = RS_UPDATE};
    struct service *s = lu.s;

    s->awaiting_ping = false; // pings during the update went unanswered
    s->missed_pings = 0;
    rs_describe(s, &m.u.rs_rep);
    m.u.rs_rep.status = status;
    m.u.rs_rep.lu_ready_insn = lu.ready_insn;
    lu.phase = LU_IDLE;
    ipc_send(lu.client, &m);
}

// The old version carries on. It is waiting for RS in its READY sendrec,
// or (prepare timed out) serving; if it is just now sending READY, the send
// would close a cycle (ELOCKED): take the READY first.
static void
tell_old_to_carry_on(void)
{
    struct message m = {.type = SEF_LU_ABORT};
    int r = ipc_send(lu.s->ep, &m);

    if (r == -MX_ELOCKED && ipc_receive(lu.s->ep, &m) == MX_OK) {
        m = (struct message){.type = SEF_LU_ABORT};
        r = ipc_send(lu.s->ep, &m);
    }
    if (r != MX_OK) {
        uprintf("rs: cannot tell %s to carry on (%d)\n", lu.s->label, r);
    }
}

// Before the swap: the new image goes, the old version serves on.
static void
abort_before_swap(int status, bool old_waiting)
{
    discard(lu.other);
    if (old_waiting) {
        tell_old_to_carry_on();
    }
    uprintf("rs: update of %s to %s aborted (%d)\n", lu.s->label, lu.module, status);
    finish(status);
}

// After the swap: swap back, remove the new image, the old one carries on.
static void
roll_back(int status)
{
    struct service *s = lu.s;
    int r = swap_images(s->ep, lu.other, 0);

    if (r != MX_OK) {
        // The new image cannot be moved (blocked in IPC): drop both images
        // and reload the service in place from its old module.
        uprintf("rs: cannot roll back %s (%d); restarting it\n", s->label, r);
        discard(lu.other);
        rs_restart(s, MX_SIGKILL);
        finish(status);
        return;
    }
    discard(lu.other); // the failed new image
    tell_old_to_carry_on();
    uprintf("rs: update of %s to %s failed (%d); rolled back\n", s->label, lu.module, status);
    finish(status);
}

// SEF_LU_READY from the old version: swap, then initialize the new one.
static void
on_ready(const struct message *m)
{
    struct service *s = lu.s;
    struct sef_init_req init = {0};

    if (m->u.sef_lu_ready.status != MX_OK) {
        abort_before_swap(m->u.sef_lu_ready.status, false); // it did not wait
        return;
    }
    lu.ready_insn = m->u.sef_lu_ready.ready_insn;
    int r = swap_images(s->ep, lu.other, 1);
    if (r != MX_OK) {
        abort_before_swap(r, true);
        return;
    }
    init.lu_state = lu.state;
    init.debug = lu.debug;
    init.state_ep = lu.other;
    init.state_va = m->u.sef_lu_ready.state_va;
    init.state_len = m->u.sef_lu_ready.state_len;
    lu.phase = LU_INIT;
    lu.deadline = rs_now() + lu.maxtime;
    r = rs_send_init(s, SEF_INIT_LU, &init);
    if (r != MX_OK) {
        roll_back(r);
    }
}

// SEF_INIT_REPLY from the new version.
static void
on_init_reply(const struct message *m)
{
    struct service *s = lu.s;
    int status = m->u.sef_init_rep.status;

    if (status != MX_OK) {
        uprintf("rs: %s's new version failed to initialize (%d)\n", s->label, status);
        roll_back(-MX_ENOSYS);
        return;
    }
    discard(lu.other); // the old image, no longer needed
    memcpy(s->module, lu.module, sizeof(s->module));
    uprintf("rs: %s updated to %s, endpoint %d kept\n", s->label, s->module, s->ep);
    finish(MX_OK);
}

bool
lu_message(const struct message *m)
{
    if (lu.phase == LU_IDLE || m->source != lu.s->ep) {
        return false;
    }
    if (lu.phase == LU_PREPARE && m->type == SEF_LU_READY) {
        on_ready(m);
        return true;
    }
    if (lu.phase == LU_INIT && m->type == SEF_INIT_REPLY) {
        on_init_reply(m);
        return true;
    }
    return false;
}

bool
lu_signal(endpoint_t target, int sig)
{
    if (lu.phase == LU_INIT && target == lu.s->ep) {
        uprintf("rs: %s's new version died in its init (signal %d)\n", lu.s->label, sig);
        roll_back(-MX_ERESTART);
        return true;
    }
    if (lu.phase == LU_INIT && target == lu.other) {
        return true; // the parked old image: it goes with the update's end
    }
    if (lu.phase == LU_PREPARE && target == lu.s->ep) {
        // The old version died while getting ready: no update; RS restarts it.
        discard(lu.other);
        uprintf("rs: %s died while preparing its update\n", lu.s->label);
        finish(-MX_EINTR);
    }
    return false;
}

void
lu_tick(void)
{
    if (lu.phase == LU_IDLE || rs_now() < lu.deadline) {
        return;
    }
    if (lu.phase == LU_PREPARE) {
        uprintf("rs: %s did not reach state %u within %u ticks\n", lu.s->label, lu.state,
                lu.maxtime);
        abort_before_swap(-MX_EINTR, true);
        return;
    }
    // The new version hangs in its init: stop it (a signal from its manager
    // stops it without ending it) so that it can be swapped back.
    uprintf("rs: %s's new version did not initialize within %u ticks\n", lu.s->label,
            lu.maxtime);
    sys_kill(lu.s->ep, MX_SIGTERM);
    roll_back(-MX_EINTR);
}

int
lu_start(struct service *s, const struct rs_req *rq, endpoint_t client)
{
    struct message m = {0};

    if (lu.phase != LU_IDLE || s->restart_due != 0) {
        return -MX_EBUSY;
    }
    if (rq->lu_state < 1 || rq->lu_state > 3) {
        return -MX_EINVAL;
    }
    const char *module = strcmp(rq->module, RS_UPDATE_SELF) == 0 ? s->module : rq->module;
    m.u.spawn.keep_ep = ENDPOINT_NONE;
    memcpy(m.u.spawn.module, module, sizeof(m.u.spawn.module));
    int r = kcall(KC_SPAWN, &m); // not started: it runs only after the swap
    if (r != MX_OK) {
        return r;
    }
    lu.s = s;
    lu.client = client;
    lu.other = m.u.spawn.ep;
    memcpy(lu.module, module, sizeof(lu.module));
    lu.state = rq->lu_state;
    lu.debug = rq->debug;
    lu.maxtime = rq->maxtime != 0 ? rq->maxtime : RS_LU_MAXTIME_DEFAULT;
    lu.deadline = rs_now() + lu.maxtime;
    lu.ready_insn = 0;
    lu.phase = LU_PREPARE;
    m = (struct message){.type = SEF_LU_PREPARE};
    m.u.sef_lu.state = rq->lu_state;
    r = ipc_send(s->ep, &m);
    if (r != MX_OK) {
        discard(lu.other);
        lu.phase = LU_IDLE;
        return r;
    }
    return RS_REPLY_LATER;
}
