// pong: the IPC test server. Receives from anyone and answers each request
// (see ktest.h) with replyrecv (reply and wait for the next request in one
// trap); runs above ipctest's priority.
#include "ktest.h"
#include "syslib.h"

static volatile uint64_t buffer[8];

// Handles one request in m, turning it into the reply; returns true if
// pong must push a message to the client after replying.
static int
handle(struct message *m)
{
    endpoint_t client = m->source;
    uint32_t type = m->type;

    switch (type) {
    case PONG_PING:
        m->u.raw[0] += 1;
        break;
    case PONG_NOTIFY3:
        for (int i = 0; i < 3; i++) {
            ipc_notify(client);
        }
        break;
    case PONG_BUFADDR:
        m->u.raw[0] = (uint64_t)(uintptr_t)buffer;
        break;
    case PONG_READBUF:
        m->u.raw[0] = buffer[0];
        break;
    default:
        break;
    }
    (void)client;
    return type == PONG_SENDBACK;
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
        if (handle(&m)) {
            ipc_send(client, &m);
            struct message push = {.type = PONG_PUSHED};
            ipc_send(client, &push);
            r = ipc_receive(ENDPOINT_ANY, &m);
            continue;
        }
        r = ipc_replyrecv(client, &m);
    }
}
