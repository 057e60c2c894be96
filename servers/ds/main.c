// DS, the data store server: a SEF service around the store in store.c.
// Requests come as struct ds_req (include/mirv/ds.h); strings and memory
// values are copied from and to the caller's buffer with vircopy. The
// caller's label is the one RS published for its endpoint, or else its
// process name; only "rs" counts as RS. After every change DS notifies the
// subscribers the store lists; they read the changes with DS_CHECK.
// Live update: the store is one struct without pointers, declared to SEF as
// the state block; the new version copies it from the old image in its LU
// init and checks it (ds_store_consistent) before serving, so every key,
// owner and subscription survives the update.
// DS's own crash: the store lives in the keep segment (.keep, see
// lib/user.ld), so when RS reloads DS in place (SPAWN_KEEP) the new image
// finds the old store. It checks it first (magic, no change in progress,
// consistency: ds_store_problem); a bad store is refused with a console
// line and DS starts empty (RS then publishes every label again).
#include <string.h>

#include <mirv/ds.h>
#include <mirv/errors.h>

#include "sef.h"
#include "store.h"
#include "syslib.h"

// Everything DS knows: one struct, no pointers, in the keep segment.
static struct ds_store store __attribute__((section(".keep")));
static uint8_t value_buf[DS_MEM_MAX + 1];

struct caller {
    endpoint_t ep;
    char label[DS_LABEL_MAX + 1];
    struct ds_caller who;
};

static int
identify(endpoint_t ep, struct caller *c)
{
    struct message m = {0};

    c->ep = ep;
    if (ds_retrieve_label_name(&store, ep, c->label, sizeof(c->label)) != MX_OK) {
        m.u.getinfo.what = GETINFO_PROC;
        m.u.getinfo.ep = ep;
        int r = kcall(KC_GETINFO, &m);
        if (r != MX_OK) {
            return r;
        }
        memcpy(c->label, m.u.getinfo.name, sizeof(c->label) - 1);
        c->label[sizeof(c->label) - 1] = '\0';
    }
    c->who.label = c->label;
    c->who.is_rs = strcmp(c->label, "rs") == 0;
    return MX_OK;
}

static void
notify_all(const struct ds_notify *n)
{
    for (unsigned i = 0; i < n->count; i++) {
        ipc_notify(n->endpoints[i]);
    }
}

// The value a publish request carries, with strings and memory copied in.
static int
fetch_value(const struct caller *c, const struct ds_req *rq, struct ds_value *v)
{
    size_t limit = rq->type == DS_STR ? DS_STR_MAX + 1 : DS_MEM_MAX;

    memset(v, 0, sizeof(*v));
    v->type = (enum ds_type)rq->type;
    v->u32 = rq->value;
    v->endpoint = (endpoint_t)rq->value;
    if (rq->type != DS_STR && rq->type != DS_MEM) {
        return MX_OK;
    }
    if (rq->len > limit) {
        return -MX_E2BIG;
    }
    int r = sys_vircopy(c->ep, rq->va, sef_self(), (uint64_t)(uintptr_t)value_buf, rq->len);
    v->data = value_buf;
    v->len = rq->len;
    return r;
}

static int
do_publish(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp)
{
    struct ds_value v;
    struct ds_notify n = {0};
    int r = fetch_value(c, rq, &v);

    (void)rp;
    if (r == MX_OK) {
        r = ds_publish(&store, &c->who, rq->key, &v, rq->flags, &n);
    }
    notify_all(&n);
    return r;
}

static int
do_retrieve(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp)
{
    struct ds_retrieved out = {0};
    size_t size = rq->len < sizeof(value_buf) ? rq->len : sizeof(value_buf);
    int r = ds_retrieve(&store, rq->key, (enum ds_type)rq->type, value_buf, size, &out);

    if (r != MX_OK) {
        return r;
    }
    rp->value = rq->type == DS_LABEL ? (uint32_t)out.endpoint : out.u32;
    rp->len = (uint32_t)out.len;
    rp->copied = (uint32_t)out.copied;
    if (out.copied > 0) {
        r = sys_vircopy(sef_self(), (uint64_t)(uintptr_t)value_buf, c->ep, rq->va, out.copied);
    }
    return r;
}

static int
do_delete(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp)
{
    struct ds_notify n = {0};
    int r = ds_delete(&store, &c->who, rq->key, (enum ds_type)rq->type, &n);

    (void)rp;
    notify_all(&n);
    return r;
}

static int
do_subscribe(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp)
{
    struct ds_notify n = {0};
    int r = ds_subscribe(&store, c->label, c->ep, rq->key, rq->flags, &n);

    (void)rp;
    notify_all(&n);
    return r;
}

static int
do_unsubscribe(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp)
{
    (void)rq;
    (void)rp;
    return ds_unsubscribe(&store, c->label);
}

static int
do_check(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp)
{
    struct ds_event ev;
    int r = ds_check(&store, c->label, &ev);

    (void)rq;
    if (r == MX_OK) {
        memcpy(rp->key, ev.key, sizeof(rp->key));
        rp->type = ev.type;
        rp->change = ev.change;
    }
    return r;
}

#ifdef DS_TEST_HOOKS
// DS_TEST_BREAK (include/mirv/ds.h): damage the store, then crash as a bug
// in the middle of a change would.
static int
do_test_break(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp)
{
    (void)c;
    (void)rp;
    if (rq->flags == DS_BREAK_DUPLICATE) {
        store.entries[DS_MAX_KEYS - 1] = store.entries[0];
    } else if (rq->flags != DS_BREAK_BUSY) {
        return -MX_EINVAL;
    }
    store.busy = rq->flags == DS_BREAK_BUSY;
    uprintf("ds: test: store damaged (%u), crashing\n", rq->flags);
    *(volatile int *)0 = 0;
    return MX_OK;
}
#endif

typedef int (*ds_handler)(const struct caller *c, const struct ds_req *rq, struct ds_rep *rp);

static const ds_handler handlers[] = {
    [DS_PUBLISH - DS_BASE] = do_publish,     [DS_RETRIEVE - DS_BASE] = do_retrieve,
    [DS_DELETE - DS_BASE] = do_delete,       [DS_SUBSCRIBE - DS_BASE] = do_subscribe,
    [DS_CHECK - DS_BASE] = do_check,         [DS_UNSUBSCRIBE - DS_BASE] = do_unsubscribe,
#ifdef DS_TEST_HOOKS
    [DS_TEST_BREAK - DS_BASE] = do_test_break,
#endif
};

static int
handle(struct message *m)
{
    struct ds_req rq = m->u.ds_req;
    struct caller c;
    unsigned call = m->type - DS_BASE;

    memset(&m->u, 0, sizeof(m->u));
    if (m->type < DS_BASE || call >= sizeof(handlers) / sizeof(handlers[0]) ||
        handlers[call] == NULL) {
        return -MX_ENOSYS;
    }
    if (memchr(rq.key, '\0', sizeof(rq.key)) == NULL) {
        return -MX_E2BIG; // the key must end inside its field
    }
    int r = identify(m->source, &c);
    return r != MX_OK ? r : handlers[call](&c, &rq, &m->u.ds_rep);
}

static int
init_fresh(const struct sef_init_info *info)
{
    (void)info;
    ds_store_init(&store);
    return MX_OK;
}

// RS reloaded DS after a crash: the keep segment holds the old image's
// store, which is used only if it passes every check.
static int
init_restart(const struct sef_init_info *info)
{
    const char *why = ds_store_problem(&store);

    if (why == NULL) {
        uprintf("ds: restarted (restart %u), store kept\n", info->restarts);
        return MX_OK;
    }
    uprintf("ds: restarted (restart %u), kept store refused (%s): starting empty\n",
            info->restarts, why);
    ds_store_init(&store);
    return MX_OK;
}

// The new version takes over the old version's store, byte for byte.
static int
init_lu(const struct sef_init_info *info)
{
    int r = sef_lu_copy_state(info, &store, sizeof(store));

    if (r == MX_OK && !ds_store_consistent(&store)) {
        r = -MX_EINVAL; // another layout: refuse it, the old version serves on
    }
    if (r != MX_OK) {
        uprintf("ds: cannot take over the old version's store (%d)\n", r);
    }
    return r;
}

int
main(void)
{
    struct message m;

    sef_lu_state_block(&store, sizeof(store));
    sef_setcb_init_fresh(init_fresh);
    sef_setcb_init_restart(init_restart);
    sef_setcb_init_lu(init_lu);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK || m.type == MSG_NOTIFY) {
            continue;
        }
        endpoint_t client = m.source;
        int status = handle(&m);
        m.u.ds_rep.status = status;
        ipc_send(client, &m);
    }
}
