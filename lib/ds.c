// Client side of the data store: builds DS requests and reads the replies.
#include "ds.h"

#include <string.h>

#include <mirv/ds.h>
#include <mirv/errors.h>
#include <mirv/msg.h>

#include "syslib.h"

static endpoint_t
ds_endpoint(void)
{
    static endpoint_t ep = ENDPOINT_NONE;

    if (ep == ENDPOINT_NONE) {
        ep = sys_lookup("ds");
    }
    return ep;
}

// Sends one request; fills *rep with DS's reply. Returns the status.
static int
ds_call(uint32_t call, const char *key, uint32_t type, uint32_t flags, uint64_t va, size_t len,
        uint32_t value, struct ds_rep *rep)
{
    struct message m = {.type = call};
    endpoint_t ds = ds_endpoint();

    if (ds < 0) {
        return -MX_ESRCH;
    }
    if (key != NULL) {
        if (strlen(key) >= sizeof(m.u.ds_req.key)) {
            return -MX_E2BIG;
        }
        strcpy(m.u.ds_req.key, key);
    }
    if (len > UINT32_MAX) {
        return -MX_E2BIG;
    }
    m.u.ds_req.type = type;
    m.u.ds_req.flags = flags;
    m.u.ds_req.va = va;
    m.u.ds_req.len = (uint32_t)len;
    m.u.ds_req.value = value;
    int r = ipc_sendrec(ds, &m);
    if (r != MX_OK) {
        return r;
    }
    *rep = m.u.ds_rep;
    return rep->status;
}

int
ds_publish_u32(const char *key, uint32_t value, unsigned flags)
{
    struct ds_rep rep;
    return ds_call(DS_PUBLISH, key, DSC_U32, flags, 0, 0, value, &rep);
}

int
ds_publish_str(const char *key, const char *value, unsigned flags)
{
    struct ds_rep rep;
    return ds_call(DS_PUBLISH, key, DSC_STR, flags, (uint64_t)(uintptr_t)value,
                   strlen(value) + 1, 0, &rep);
}

int
ds_publish_mem(const char *key, const void *data, size_t len, unsigned flags)
{
    struct ds_rep rep;
    return ds_call(DS_PUBLISH, key, DSC_MEM, flags, (uint64_t)(uintptr_t)data, len, 0, &rep);
}

int
ds_publish_label(const char *label, endpoint_t ep, unsigned flags)
{
    struct ds_rep rep;
    return ds_call(DS_PUBLISH, label, DSC_LABEL, flags, 0, 0, (uint32_t)ep, &rep);
}

int
ds_retrieve_u32(const char *key, uint32_t *value)
{
    struct ds_rep rep;
    int r = ds_call(DS_RETRIEVE, key, DSC_U32, 0, 0, 0, 0, &rep);
    if (r == MX_OK) {
        *value = rep.value;
    }
    return r;
}

static int
retrieve_buf(const char *key, int type, void *buf, size_t size, size_t *full_len)
{
    struct ds_rep rep;
    int r = ds_call(DS_RETRIEVE, key, (uint32_t)type, 0, (uint64_t)(uintptr_t)buf, size, 0, &rep);
    if (r == MX_OK && full_len != NULL) {
        *full_len = rep.len;
    }
    return r;
}

int
ds_retrieve_str(const char *key, char *buf, size_t size, size_t *full_len)
{
    return retrieve_buf(key, DSC_STR, buf, size, full_len);
}

int
ds_retrieve_mem(const char *key, void *buf, size_t size, size_t *full_len)
{
    return retrieve_buf(key, DSC_MEM, buf, size, full_len);
}

int
ds_retrieve_label(const char *label, endpoint_t *ep)
{
    struct ds_rep rep;
    int r = ds_call(DS_RETRIEVE, label, DSC_LABEL, 0, 0, 0, 0, &rep);
    if (r == MX_OK) {
        *ep = (endpoint_t)rep.value;
    }
    return r;
}

int
ds_delete_key(const char *key, int type)
{
    struct ds_rep rep;
    return ds_call(DS_DELETE, key, (uint32_t)type, 0, 0, 0, 0, &rep);
}

int
ds_subscribe_keys(const char *pattern, unsigned flags)
{
    struct ds_rep rep;
    return ds_call(DS_SUBSCRIBE, pattern, 0, flags, 0, 0, 0, &rep);
}

int
ds_unsubscribe_all(void)
{
    struct ds_rep rep;
    return ds_call(DS_UNSUBSCRIBE, NULL, 0, 0, 0, 0, 0, &rep);
}

int
ds_check_change(char *key, int *type, int *change)
{
    struct ds_rep rep;
    int r = ds_call(DS_CHECK, NULL, 0, 0, 0, 0, 0, &rep);
    if (r == MX_OK) {
        memcpy(key, rep.key, sizeof(rep.key));
        key[sizeof(rep.key) - 1] = '\0';
        *type = (int)rep.type;
        *change = (int)rep.change;
    }
    return r;
}
