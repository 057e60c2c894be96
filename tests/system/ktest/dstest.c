// dstest: the data store's system test, through real IPC to the DS server.
// Checks the return-code table (new key, duplicate, overwrite,
// retrieve after delete, string truncation, blob growth, label publish by a
// non-RS caller, subscriptions notified on publish/overwrite/delete with the
// key named) and the limits. Prints "PASS: ds/<name>" or "FAIL: ds/<name>:
// why"; when done it waits for ipctest's DSTEST_DONE request and answers it,
// so the run ends only after these tests.
#include <string.h>

#include <mirv/ds.h>
#include <mirv/errors.h>

#include "ds.h"
#include "ktest.h"
#include "syslib.h"

static int failures;

static void
report(const char *name, const char *why)
{
    failures += ktest_report("ds", name, why);
}

static const char *
test_u32_return_codes(void)
{
    uint32_t v = 0;

    if (ds_publish_u32("dstest.a", 1, 0) != MX_OK) {
        return "new key not OK";
    }
    if (ds_publish_u32("dstest.a", 5, 0) != -MX_EEXIST) {
        return "duplicate without overwrite not EEXIST";
    }
    if (ds_publish_u32("dstest.a", 2, DSC_OVERWRITE) != MX_OK) {
        return "overwrite not OK";
    }
    if (ds_retrieve_u32("dstest.a", &v) != MX_OK || v != 2) {
        return "retrieve after overwrite wrong";
    }
    if (ds_delete_key("dstest.a", DSC_U32) != MX_OK) {
        return "delete not OK";
    }
    if (ds_retrieve_u32("dstest.a", &v) != -MX_ESRCH) {
        return "retrieve after delete not ESRCH";
    }
    return NULL;
}

static const char *
test_string_truncated(void)
{
    char buf[6];
    size_t full = 0;

    if (ds_publish_str("dstest.s", "hello world", 0) != MX_OK) {
        return "publish failed";
    }
    if (ds_retrieve_str("dstest.s", buf, sizeof(buf), &full) != MX_OK) {
        return "retrieve failed";
    }
    if (strcmp(buf, "hello") != 0 || full != 11) {
        return "not truncated to the buffer with the full length reported";
    }
    return NULL;
}

static const char *
test_blob_grows(void)
{
    static uint8_t small[16], big[3000], back[3000];
    size_t full = 0;

    for (unsigned i = 0; i < sizeof(big); i++) {
        big[i] = (uint8_t)(i * 7 + 3);
    }
    memset(small, 0xab, sizeof(small));
    if (ds_publish_mem("dstest.m", small, sizeof(small), 0) != MX_OK) {
        return "publish failed";
    }
    if (ds_publish_mem("dstest.m", big, sizeof(big), DSC_OVERWRITE) != MX_OK) {
        return "growing overwrite failed";
    }
    if (ds_retrieve_mem("dstest.m", back, sizeof(back), &full) != MX_OK || full != sizeof(big) ||
        memcmp(back, big, sizeof(big)) != 0) {
        return "grown blob not read back intact";
    }
    static uint8_t too_big[4097];
    if (ds_publish_mem("dstest.m2", too_big, sizeof(too_big), 0) != -MX_E2BIG) {
        return "blob over the limit not E2BIG";
    }
    return NULL;
}

static const char *
test_label_publish_refused(void)
{
    if (ds_publish_label("dstest", sys_self(), 0) != -MX_EPERM) {
        return "label publish by a non-RS caller not EPERM";
    }
    return NULL;
}

// Waits for DS's notification, then expects one change for key.
static const char *
expect_change(const char *key, int change)
{
    struct message m;
    char got[32];
    int type = 0, what = 0;

    if (ipc_receive(sys_lookup("ds"), &m) != MX_OK || m.type != MSG_NOTIFY) {
        return "no notification from DS";
    }
    if (ds_check_change(got, &type, &what) != MX_OK) {
        return "ds_check found nothing";
    }
    if (strcmp(got, key) != 0 || what != change || type != DSC_U32) {
        return "wrong change reported";
    }
    if (ds_check_change(got, &type, &what) != -MX_ESRCH) {
        return "more changes than expected";
    }
    return NULL;
}

static const char *
test_subscription_notified(void)
{
    const char *why = NULL;

    if (ds_subscribe_keys("dstest.sub.*", 0) != MX_OK) {
        return "subscribe failed";
    }
    if (ds_publish_u32("dstest.other", 1, 0) != MX_OK) { // does not match
        return "publish failed";
    }
    if (ds_publish_u32("dstest.sub.x", 1, 0) != MX_OK ||
        (why = expect_change("dstest.sub.x", DSC_PUBLISHED)) != NULL) {
        return why != NULL ? why : "publish failed";
    }
    if (ds_publish_u32("dstest.sub.x", 2, DSC_OVERWRITE) != MX_OK ||
        (why = expect_change("dstest.sub.x", DSC_OVERWRITTEN)) != NULL) {
        return why != NULL ? why : "overwrite failed";
    }
    if (ds_delete_key("dstest.sub.x", DSC_U32) != MX_OK ||
        (why = expect_change("dstest.sub.x", DSC_DELETED)) != NULL) {
        return why != NULL ? why : "delete failed";
    }
    return ds_unsubscribe_all() == MX_OK ? NULL : "unsubscribe failed";
}

static const char *
test_bad_requests(void)
{
    struct message m = {.type = 0x3ff};

    if (ipc_sendrec(sys_lookup("ds"), &m) != MX_OK || m.u.ds_rep.status != -MX_ENOSYS) {
        return "unknown request not ENOSYS";
    }
    m = (struct message){.type = DS_TEST_BREAK}; // only DS built with test hooks knows it
    m.u.ds_req.flags = DS_BREAK_BUSY;
    if (ipc_sendrec(sys_lookup("ds"), &m) != MX_OK || m.u.ds_rep.status != -MX_ENOSYS) {
        return "DS_TEST_BREAK not ENOSYS in the ordinary DS";
    }
    m.type = 0x300; // DS_PUBLISH with a key that does not end in its field
    memset(m.u.ds_req.key, 'k', sizeof(m.u.ds_req.key));
    if (ipc_sendrec(sys_lookup("ds"), &m) != MX_OK || m.u.ds_rep.status != -MX_E2BIG) {
        return "unterminated key not E2BIG";
    }
    if (ds_publish_mem("dstest.bad", (const void *)0x40000000ul, 16, 0) != -MX_EFAULT) {
        return "value at an unmapped address not EFAULT";
    }
    return NULL;
}

int
main(void)
{
    struct message m;

    report("u32_return_codes", test_u32_return_codes());
    report("string_truncated", test_string_truncated());
    report("blob_grows", test_blob_grows());
    report("label_publish_refused", test_label_publish_refused());
    report("subscription_notified", test_subscription_notified());
    report("bad_requests", test_bad_requests());
    for (;;) {
        if (ipc_receive(ENDPOINT_ANY, &m) == MX_OK && m.type == DSTEST_DONE) {
            m.u.raw[0] = (uint64_t)failures;
            ipc_send(m.source, &m);
        }
    }
}
