// grantsrv: the granting side of the grant system test. Each instance
// (granter, relay, doomed) keeps a page-aligned data buffer and makes,
// forwards and revokes grants of it with the grant manager (lib/grant.c)
// on gtest's requests (ktest.h), so the kernel checks real tables in
// separate address spaces.
#include "grant.h"
#include "ktest.h"
#include "syslib.h"

static _Alignas(4096) uint8_t buffer[GSRV_BUF_BYTES];

// A chain of `hops` indirect grants: each forwards the one before to this
// process itself, the last to the final grantee.
static int64_t
chain(endpoint_t grantee, endpoint_t from_ep, grant_id_t from_id, uint64_t hops)
{
    endpoint_t self = sys_self();
    grant_id_t id = from_id;

    for (uint64_t i = 1; i <= hops; i++) {
        id = grant_indirect(i == hops ? grantee : self, i == 1 ? from_ep : self, id,
                            GF_READ | GF_WRITE);
        if (id < 0) {
            break;
        }
    }
    return id;
}

static int64_t
handle(const struct message *m)
{
    const uint64_t *a = m->u.raw;

    switch (m->type) {
    case GSRV_BUFADDR:
        return (int64_t)(uintptr_t)buffer;
    case GSRV_DIRECT:
        return grant_direct((endpoint_t)a[0], (const void *)(uintptr_t)a[1], a[2],
                            (uint32_t)a[3]);
    case GSRV_INDIRECT:
        return grant_indirect((endpoint_t)a[0], (endpoint_t)a[1], (grant_id_t)a[2],
                              (uint32_t)a[3]);
    case GSRV_CHAIN:
        return chain((endpoint_t)a[0], (endpoint_t)a[1], (grant_id_t)a[2], a[3]);
    case GSRV_REVOKE:
        return grant_revoke((grant_id_t)a[0]);
    case GSRV_PEEK: {
        uint64_t v = 0;
        for (unsigned i = 0; i < 8 && a[0] + i < sizeof(buffer); i++) {
            v |= (uint64_t)buffer[a[0] + i] << (8 * i);
        }
        return (int64_t)v;
    }
    case GSRV_EXIT:
        return 0;
    default:
        return -MX_ENOSYS;
    }
}

int
main(void)
{
    struct message m;

    for (uint64_t i = 0; i < sizeof(buffer); i++) {
        buffer[i] = gsrv_pattern(i);
    }
    int r = ipc_receive(ENDPOINT_ANY, &m);
    for (;;) {
        if (r != 0) {
            r = ipc_receive(ENDPOINT_ANY, &m);
            continue;
        }
        endpoint_t client = m.source;
        int leave = m.type == GSRV_EXIT;
        m.u.raw[0] = (uint64_t)handle(&m);
        if (leave) {
            ipc_send(client, &m);
            sys_exit(0);
        }
        r = ipc_replyrecv(client, &m);
    }
}
