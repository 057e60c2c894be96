// kmemdrv: the driver side of the SIGKMEM test in the page-fault image.
// It copies into and out of grants kmemtest makes of memory kmemtest has
// never touched, so each copy has the kernel ask VM for the pages first
// (ktest.h has the protocol).
#include <mirv/errors.h>
#include <mirv/grant.h>

#include "ktest.h"
#include "syslib.h"

static uint8_t buf[KMEMDRV_MAX]; // what it copies out: kmem_pattern
static uint8_t in[KMEMDRV_MAX];  // what it copies in

static void
serve(struct message *m)
{
    endpoint_t granter = (endpoint_t)m->u.raw[0];
    grant_id_t id = (grant_id_t)m->u.raw[1];
    uint64_t offset = m->u.raw[2], size = m->u.raw[3];
    int64_t r = -MX_EINVAL, extra = 0;

    if (size > sizeof(buf)) {
        size = 0;
    }
    if (m->type == KMEMDRV_TO) {
        r = sys_safecopyto(granter, id, offset, buf, size);
    } else if (m->type == KMEMDRV_FROM) {
        r = sys_safecopyfrom(granter, id, offset, in, size);
        for (uint64_t i = 0; r == MX_OK && i < size; i++) {
            extra += in[i];
        }
    } else if (m->type == KMEMDRV_VEC) {
        grant_id_t ids[3] = {id, (grant_id_t)m->u.raw[4], (grant_id_t)m->u.raw[5]};
        struct safecopy_elem v[3];
        uint32_t done = 0;
        for (unsigned i = 0; i < 3; i++) {
            v[i] = (struct safecopy_elem){.op = SAFECOPY_TO, .granter = granter, .id = ids[i],
                                          .offset = offset, .addr = (uint64_t)(uintptr_t)buf,
                                          .size = size};
        }
        r = sys_vsafecopy(v, 3, &done);
        extra = done;
    }
    m->u.raw[0] = (uint64_t)r;
    m->u.raw[1] = (uint64_t)extra;
}

int
main(void)
{
    struct message m;

    for (uint64_t i = 0; i < sizeof(buf); i++) {
        buf[i] = kmem_pattern(i);
    }
    for (;;) {
        if (ipc_receive(ENDPOINT_ANY, &m) != MX_OK) {
            continue;
        }
        endpoint_t from = m.source;
        serve(&m);
        ipc_send(from, &m);
    }
}
