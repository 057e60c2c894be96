// pong: the IPC test server. Receives from anyone and answers each request
// (see ktest.h) with replyrecv (reply and wait for the next request in one
// trap); runs above ipctest's priority.
#include "ktest.h"
#include "syslib.h"

static volatile uint64_t buffer[8];
static uint64_t client_buf; // from PONG_WHERE
static uint64_t dirty_seen; // PONG_DIRTY_REPORT's answer

// replyrecv with KTEST_SERVER_FILL in the caller-saved registers; checks
// the registers the next request brings back for the client's fill.
static int
replyrecv_dirty(endpoint_t client, struct message *m)
{
    uint64_t regs[KTEST_TRAP_REGS];
    int r = ktest_dirty_ecall(IPC_REPLYRECV, client, m, KTEST_SERVER_FILL, regs);

    dirty_seen = (uint64_t)ktest_foreign_regs(regs, KTEST_CLIENT_FILL, client_buf);
    return r;
}

// What pong does after handling a request.
enum after { AFTER_REPLY, AFTER_PUSH, AFTER_DIRTY_REPLY };

// Handles one request in m other than PING, turning it into the reply.
static enum after
handle(struct message *m)
{
    switch (m->type) {
    case PONG_NOTIFY3:
        for (int i = 0; i < 3; i++) {
            ipc_notify(m->source);
        }
        break;
    case PONG_SENDBACK:
        return AFTER_PUSH;
    case PONG_BUFADDR:
        m->u.raw[0] = (uint64_t)(uintptr_t)buffer;
        break;
    case PONG_READBUF:
        m->u.raw[0] = buffer[0];
        break;
    case PONG_WHERE:
        client_buf = m->u.raw[0];
        m->u.raw[0] = (uint64_t)(uintptr_t)m;
        break;
    case PONG_DIRTY:
        return AFTER_DIRTY_REPLY;
    case PONG_DIRTY_REPORT:
        m->u.raw[0] = dirty_seen;
        break;
    default:
        break;
    }
    return AFTER_REPLY;
}

int
main(void)
{
    struct message m;

    int r = ipc_receive(ENDPOINT_ANY, &m);
    for (;;) {
        if (r != 0) {
            r = ipc_receive(ENDPOINT_ANY, &m);
            continue;
        }
        endpoint_t client = m.source;
        if (m.type == PONG_PING) { // the request the round trip measures
            m.u.raw[0] += 1;
            r = ipc_replyrecv(client, &m);
            continue;
        }
        enum after next = handle(&m);
        if (next == AFTER_REPLY) {
            r = ipc_replyrecv(client, &m);
        } else if (next == AFTER_DIRTY_REPLY) {
            r = replyrecv_dirty(client, &m);
        } else {
            ipc_send(client, &m);
            struct message push = {.type = PONG_PUSHED};
            ipc_send(client, &push);
            r = ipc_receive(ENDPOINT_ANY, &m);
        }
    }
}
