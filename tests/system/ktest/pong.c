// pong: the IPC test server. Receives from anyone and answers each request
// (see ktest.h); runs above ipctest's priority.
#include "ktest.h"
#include "syslib.h"

static volatile uint64_t buffer[8];

static void
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
    ipc_send(client, m);
    if (type == PONG_SENDBACK) {
        struct message push = {.type = PONG_PUSHED};
        ipc_send(client, &push);
    }
}

int
main(void)
{
    struct message m;

    for (;;) {
        if (ipc_receive(ENDPOINT_ANY, &m) == 0) {
            handle(&m);
        }
    }
}
