// Unit tests for the data store's core (servers/ds/store.c): the DS
// return-code table, ownership, limits, subscriptions and their queues,
// glob matching, argument checks, and a randomized run against a small
// reference model.
#define UTEST_SUITE "ds_store"
#include "utest.h"

#include <string.h>

#include <mirv/errors.h>

#include "store.h"

static struct ds_store st; // too big for the stack under ASan; reset by each test

static const struct ds_caller caller_a = {"a", false};
static const struct ds_caller caller_b = {"b", false};
static const struct ds_caller caller_rs = {"rs", true};

#define EP1 endpoint_make(11, 1)
#define EP2 endpoint_make(12, 1)
#define EP3 endpoint_make(13, 1)

// ---- helpers ----

static void
reset(void)
{
    memset(&st, 0xa5, sizeof(st)); // init must not rely on zeroed memory
    ds_store_init(&st);
}

static int
pub_u32(const struct ds_caller *c, const char *key, uint32_t v, unsigned flags,
        struct ds_notify *n)
{
    struct ds_value val = {.type = DS_U32, .u32 = v};
    struct ds_notify local;

    return ds_publish(&st, c, key, &val, flags, n != NULL ? n : &local);
}

static int
pub_str(const struct ds_caller *c, const char *key, const char *s, unsigned flags)
{
    struct ds_value val = {.type = DS_STR, .data = s, .len = strlen(s) + 1};
    struct ds_notify n;

    return ds_publish(&st, c, key, &val, flags, &n);
}

static int
pub_mem(const struct ds_caller *c, const char *key, const void *p, size_t len, unsigned flags)
{
    struct ds_value val = {.type = DS_MEM, .data = p, .len = len};
    struct ds_notify n;

    return ds_publish(&st, c, key, &val, flags, &n);
}

static int
pub_label(const struct ds_caller *c, const char *key, endpoint_t ep, unsigned flags)
{
    struct ds_value val = {.type = DS_LABEL, .endpoint = ep};
    struct ds_notify n;

    return ds_publish(&st, c, key, &val, flags, &n);
}

static int
del(const struct ds_caller *c, const char *key, enum ds_type type, struct ds_notify *n)
{
    struct ds_notify local;

    return ds_delete(&st, c, key, type, n != NULL ? n : &local);
}

static int
sub(const char *label, endpoint_t ep, const char *pattern, unsigned flags, struct ds_notify *n)
{
    struct ds_notify local;

    return ds_subscribe(&st, label, ep, pattern, flags, n != NULL ? n : &local);
}

// Retrieves a u32; returns the value or 0xdeadbeef on error (*rc says).
static uint32_t
get_u32(const char *key, int *rc)
{
    struct ds_retrieved out;

    *rc = ds_retrieve(&st, key, DS_U32, NULL, 0, &out);
    return *rc == MX_OK ? out.u32 : 0xdeadbeef;
}

// True if the next change for label is (key, type, change).
static bool
next_change_is(const char *label, const char *key, enum ds_type type, enum ds_change change)
{
    struct ds_event ev;

    return ds_check(&st, label, &ev) == MX_OK && strcmp(ev.key, key) == 0 && ev.type == type &&
           ev.change == change;
}

static bool
no_change(const char *label)
{
    struct ds_event ev;

    return ds_check(&st, label, &ev) == -MX_ESRCH;
}

static void
key_name(char *buf, size_t size, const char *prefix, unsigned i)
{
    snprintf(buf, size, "%s%u", prefix, i);
}

// ---- the return-code table ----

static void
test_new_key_ok(void)
{
    struct ds_notify n = {.count = 99};
    int rc;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "a.count", 7, 0, &n), MX_OK);
    CHECK_EQ(n.count, 0); // nobody subscribed
    CHECK_EQ(get_u32("a.count", &rc), 7);
    CHECK_EQ(rc, MX_OK);
    CHECK(ds_store_consistent(&st));
}

static void
test_duplicate_eexist(void)
{
    int rc;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "a.count", 7, 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, "a.count", 8, 0, NULL), -MX_EEXIST);
    CHECK_EQ(pub_u32(&caller_b, "a.count", 8, 0, NULL), -MX_EEXIST);
    CHECK_EQ(get_u32("a.count", &rc), 7);
    CHECK(ds_store_consistent(&st));
}

static void
test_overwrite_ok(void)
{
    int rc;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "a.count", 7, 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, "a.count", 8, DS_OVERWRITE, NULL), MX_OK);
    CHECK_EQ(get_u32("a.count", &rc), 8);
    // DS_OVERWRITE on a new key simply publishes it.
    CHECK_EQ(pub_u32(&caller_a, "a.new", 1, DS_OVERWRITE, NULL), MX_OK);
    CHECK_EQ(get_u32("a.new", &rc), 1);
    CHECK(ds_store_consistent(&st));
}

static void
test_retrieve_after_delete_esrch(void)
{
    int rc;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "a.count", 7, 0, NULL), MX_OK);
    CHECK_EQ(del(&caller_a, "a.count", DS_U32, NULL), MX_OK);
    get_u32("a.count", &rc);
    CHECK_EQ(rc, -MX_ESRCH);
    CHECK_EQ(del(&caller_a, "a.count", DS_U32, NULL), -MX_ESRCH);
    // The key can be published again, by anyone.
    CHECK_EQ(pub_u32(&caller_b, "a.count", 9, 0, NULL), MX_OK);
    CHECK_EQ(get_u32("a.count", &rc), 9);
    CHECK(ds_store_consistent(&st));
}

static void
test_string_truncated_to_buffer(void)
{
    struct ds_retrieved out;
    char buf[16];

    reset();
    CHECK_EQ(pub_str(&caller_a, "a.name", "hello world", 0), MX_OK);

    memset(buf, 'X', sizeof(buf));
    CHECK_EQ(ds_retrieve(&st, "a.name", DS_STR, buf, 6, &out), MX_OK);
    CHECK(memcmp(buf, "hello\0XXXX", 10) == 0); // 5 chars + NUL, nothing past size
    CHECK_EQ(out.len, 11);                      // full length: truncated since len >= size
    CHECK_EQ(out.copied, 6);

    memset(buf, 'X', sizeof(buf));
    CHECK_EQ(ds_retrieve(&st, "a.name", DS_STR, buf, 1, &out), MX_OK);
    CHECK_EQ(buf[0], '\0');
    CHECK_EQ(buf[1], 'X');
    CHECK_EQ(out.copied, 1);

    memset(buf, 'X', sizeof(buf));
    CHECK_EQ(ds_retrieve(&st, "a.name", DS_STR, buf, 12, &out), MX_OK); // exact fit
    CHECK(strcmp(buf, "hello world") == 0);
    CHECK_EQ(buf[12], 'X');
    CHECK_EQ(out.copied, 12);
    CHECK_EQ(out.len, 11);

    CHECK_EQ(ds_retrieve(&st, "a.name", DS_STR, NULL, 0, &out), MX_OK); // length query
    CHECK_EQ(out.len, 11);
    CHECK_EQ(out.copied, 0);
}

static void
test_string_published_from_unterminated_buffer(void)
{
    struct ds_value val = {.type = DS_STR, .data = "abcdef", .len = 3};
    struct ds_retrieved out;
    struct ds_notify n;
    char buf[16];

    reset();
    CHECK_EQ(ds_publish(&st, &caller_a, "a.s", &val, 0, &n), MX_OK); // reads 3 bytes only
    CHECK_EQ(ds_retrieve(&st, "a.s", DS_STR, buf, sizeof(buf), &out), MX_OK);
    CHECK(strcmp(buf, "abc") == 0);
    val.data = "ab\0cd";
    val.len = 5; // stops at the first NUL
    CHECK_EQ(ds_publish(&st, &caller_a, "a.s", &val, DS_OVERWRITE, &n), MX_OK);
    CHECK_EQ(ds_retrieve(&st, "a.s", DS_STR, buf, sizeof(buf), &out), MX_OK);
    CHECK(strcmp(buf, "ab") == 0);
    CHECK_EQ(out.len, 2);
    val.data = NULL;
    val.len = 0; // the empty string
    CHECK_EQ(ds_publish(&st, &caller_a, "a.s", &val, DS_OVERWRITE, &n), MX_OK);
    CHECK_EQ(ds_retrieve(&st, "a.s", DS_STR, buf, sizeof(buf), &out), MX_OK);
    CHECK_EQ(buf[0], '\0');
    CHECK_EQ(out.len, 0);
    CHECK_EQ(st.pool_used, 1);
    CHECK(ds_store_consistent(&st));
}

static void
test_blob_grows_on_overwrite(void)
{
    static uint8_t small[10], big[3000], got[4096];
    struct ds_retrieved out;

    reset();
    memset(small, 1, sizeof(small));
    for (size_t i = 0; i < sizeof(big); i++) {
        big[i] = (uint8_t)(i * 7);
    }
    CHECK_EQ(pub_mem(&caller_a, "a.blob", small, sizeof(small), 0), MX_OK);
    CHECK_EQ(pub_str(&caller_a, "a.after", "tail", 0), MX_OK); // sits above the blob
    CHECK_EQ(pub_mem(&caller_a, "a.blob", big, sizeof(big), DS_OVERWRITE), MX_OK);
    CHECK_EQ(ds_retrieve(&st, "a.blob", DS_MEM, got, sizeof(got), &out), MX_OK);
    CHECK_EQ(out.len, sizeof(big));
    CHECK_EQ(out.copied, sizeof(big));
    CHECK(memcmp(got, big, sizeof(big)) == 0);
    CHECK_EQ(ds_retrieve(&st, "a.after", DS_STR, got, sizeof(got), &out), MX_OK);
    CHECK(strcmp((char *)got, "tail") == 0);
    CHECK_EQ(st.pool_used, sizeof(big) + 5);
    // And shrinks back.
    CHECK_EQ(pub_mem(&caller_a, "a.blob", small, 4, DS_OVERWRITE), MX_OK);
    CHECK_EQ(ds_retrieve(&st, "a.blob", DS_MEM, got, sizeof(got), &out), MX_OK);
    CHECK_EQ(out.len, 4);
    CHECK_EQ(st.pool_used, 4 + 5);
    CHECK(ds_store_consistent(&st));
}

static void
test_blob_truncated_to_buffer(void)
{
    uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8}, got[8];
    struct ds_retrieved out;

    reset();
    CHECK_EQ(pub_mem(&caller_a, "a.blob", data, sizeof(data), 0), MX_OK);
    memset(got, 0xee, sizeof(got));
    CHECK_EQ(ds_retrieve(&st, "a.blob", DS_MEM, got, 3, &out), MX_OK);
    CHECK(memcmp(got, data, 3) == 0);
    CHECK_EQ(got[3], 0xee);
    CHECK_EQ(out.len, 8); // > size: truncated
    CHECK_EQ(out.copied, 3);
    CHECK_EQ(pub_mem(&caller_a, "a.empty", NULL, 0, 0), MX_OK); // empty blob
    CHECK_EQ(ds_retrieve(&st, "a.empty", DS_MEM, got, sizeof(got), &out), MX_OK);
    CHECK_EQ(out.len, 0);
    CHECK_EQ(out.copied, 0);
    CHECK(ds_store_consistent(&st));
}

static void
test_label_publish_by_non_rs_eperm(void)
{
    struct ds_retrieved out;
    char name[DS_KEY_MAX + 1];
    int rc;

    reset();
    CHECK_EQ(pub_label(&caller_a, "hello", EP1, 0), -MX_EPERM);
    CHECK_EQ(pub_label(&caller_rs, "hello", EP1, 0), MX_OK);
    CHECK_EQ(ds_retrieve(&st, "hello", DS_LABEL, NULL, 0, &out), MX_OK);
    CHECK_EQ(out.endpoint, EP1);
    CHECK_EQ(pub_label(&caller_a, "hello", EP2, DS_OVERWRITE), -MX_EPERM);
    CHECK_EQ(pub_label(&caller_rs, "hello", EP2, DS_OVERWRITE), MX_OK); // restarted
    CHECK_EQ(ds_retrieve(&st, "hello", DS_LABEL, NULL, 0, &out), MX_OK);
    CHECK_EQ(out.endpoint, EP2);
    CHECK_EQ(ds_retrieve_label_name(&st, EP2, name, sizeof(name)), MX_OK);
    CHECK(strcmp(name, "hello") == 0);
    CHECK_EQ(ds_retrieve_label_name(&st, EP1, name, sizeof(name)), -MX_ESRCH);
    CHECK_EQ(ds_retrieve_label_name(&st, EP2, name, 5), -MX_E2BIG);
    CHECK_EQ(ds_retrieve_label_name(&st, EP2, name, 6), MX_OK);
    // Labels are their own namespace: a u32 named "hello" does not clash.
    CHECK_EQ(pub_u32(&caller_a, "hello", 3, 0, NULL), MX_OK);
    CHECK_EQ(get_u32("hello", &rc), 3);
    CHECK_EQ(del(&caller_a, "hello", DS_LABEL, NULL), -MX_EPERM);
    CHECK_EQ(del(&caller_rs, "hello", DS_LABEL, NULL), MX_OK);
    CHECK_EQ(get_u32("hello", &rc), 3);
    CHECK_EQ(pub_label(&caller_rs, "bad", ENDPOINT_ANY, 0), -MX_EINVAL);
    CHECK(ds_store_consistent(&st));
}

// ---- ownership and types ----

static void
test_other_label_may_not_overwrite_or_delete(void)
{
    int rc;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "a.count", 7, 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_b, "a.count", 8, DS_OVERWRITE, NULL), -MX_EPERM);
    CHECK_EQ(del(&caller_b, "a.count", DS_U32, NULL), -MX_EPERM);
    CHECK_EQ(pub_u32(&caller_rs, "a.count", 8, DS_OVERWRITE, NULL), -MX_EPERM); // RS too
    CHECK_EQ(get_u32("a.count", &rc), 7);
    // The owner (e.g. restarted with a new endpoint, same label) still can.
    CHECK_EQ(pub_u32(&caller_a, "a.count", 9, DS_OVERWRITE, NULL), MX_OK);
    CHECK_EQ(get_u32("a.count", &rc), 9);
    CHECK_EQ(del(&caller_a, "a.count", DS_U32, NULL), MX_OK);
    CHECK(ds_store_consistent(&st));
}

static void
test_type_change_refused(void)
{
    int rc;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "a.x", 7, 0, NULL), MX_OK);
    CHECK_EQ(pub_str(&caller_a, "a.x", "seven", 0), -MX_EEXIST);
    CHECK_EQ(pub_str(&caller_a, "a.x", "seven", DS_OVERWRITE), -MX_EEXIST);
    CHECK_EQ(pub_mem(&caller_a, "a.x", "7", 1, DS_OVERWRITE), -MX_EEXIST);
    CHECK_EQ(get_u32("a.x", &rc), 7);
    CHECK_EQ(st.pool_used, 0);
    CHECK_EQ(del(&caller_a, "a.x", DS_U32, NULL), MX_OK);
    CHECK_EQ(pub_str(&caller_a, "a.x", "seven", 0), MX_OK); // after a delete, fine
    CHECK(ds_store_consistent(&st));
}

static void
test_wrong_type_retrieve_esrch(void)
{
    struct ds_retrieved out;
    char buf[8];

    reset();
    CHECK_EQ(pub_str(&caller_a, "a.s", "str", 0), MX_OK);
    CHECK_EQ(ds_retrieve(&st, "a.s", DS_U32, NULL, 0, &out), -MX_ESRCH);
    CHECK_EQ(ds_retrieve(&st, "a.s", DS_MEM, buf, sizeof(buf), &out), -MX_ESRCH);
    CHECK_EQ(ds_retrieve(&st, "a.s", DS_LABEL, NULL, 0, &out), -MX_ESRCH);
    CHECK_EQ(ds_retrieve(&st, "a.s", DS_STR, buf, sizeof(buf), &out), MX_OK);
    CHECK_EQ(del(&caller_a, "a.s", DS_MEM, NULL), -MX_ESRCH);
    CHECK_EQ(ds_retrieve(&st, "a.missing", DS_STR, buf, sizeof(buf), &out), -MX_ESRCH);
}

// ---- limits ----

static void
test_keys_full_enospc(void)
{
    char key[32];
    int rc;

    reset();
    for (unsigned i = 0; i < DS_MAX_KEYS; i++) {
        key_name(key, sizeof(key), "k", i);
        CHECK_EQ(pub_u32(&caller_a, key, i, 0, NULL), MX_OK);
    }
    CHECK_EQ(pub_u32(&caller_a, "one.more", 1, 0, NULL), -MX_ENOSPC);
    CHECK_EQ(pub_label(&caller_rs, "one.more", EP1, 0), -MX_ENOSPC); // shared table
    CHECK_EQ(pub_u32(&caller_a, "k5", 55, DS_OVERWRITE, NULL), MX_OK); // overwrite still fine
    CHECK_EQ(del(&caller_a, "k10", DS_U32, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, "one.more", 1, 0, NULL), MX_OK);
    CHECK_EQ(get_u32("k5", &rc), 55);
    CHECK_EQ(get_u32("k63", &rc), 63);
    CHECK(ds_store_consistent(&st));
}

static void
test_name_lengths_e2big(void)
{
    const char *k31 = "0123456789012345678901234567890";
    const char *k32 = "01234567890123456789012345678901";
    struct ds_caller l15 = {"abcdefghijklmno", false}, l16 = {"abcdefghijklmnop", false};
    struct ds_retrieved out;
    struct ds_event ev;

    reset();
    CHECK_EQ(strlen(k31), DS_KEY_MAX);
    CHECK_EQ(pub_u32(&caller_a, k31, 1, 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, k32, 1, 0, NULL), -MX_E2BIG);
    CHECK_EQ(ds_retrieve(&st, k32, DS_U32, NULL, 0, &out), -MX_E2BIG);
    CHECK_EQ(del(&caller_a, k32, DS_U32, NULL), -MX_E2BIG);
    CHECK_EQ(pub_u32(&l15, "x", 1, 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&l16, "y", 1, 0, NULL), -MX_E2BIG);
    CHECK_EQ(sub(l16.label, EP1, "*", 0, NULL), -MX_E2BIG);
    CHECK_EQ(sub("s", EP1, k32, 0, NULL), -MX_E2BIG);
    CHECK_EQ(sub("s", EP1, k31, 0, NULL), MX_OK);
    CHECK_EQ(ds_check(&st, l16.label, &ev), -MX_E2BIG);
    CHECK_EQ(ds_unsubscribe(&st, l16.label), -MX_E2BIG);
    CHECK(ds_store_consistent(&st));
}

static void
test_value_sizes_e2big(void)
{
    static char s[DS_STR_MAX + 2];
    static uint8_t m[DS_MEM_MAX + 1];

    reset();
    memset(s, 'x', DS_STR_MAX);
    CHECK_EQ(pub_str(&caller_a, "a.s", s, 0), MX_OK);
    s[DS_STR_MAX] = 'x';
    CHECK_EQ(pub_str(&caller_a, "a.s2", s, 0), -MX_E2BIG);
    CHECK_EQ(pub_str(&caller_a, "a.s", s, DS_OVERWRITE), -MX_E2BIG);
    CHECK_EQ(pub_mem(&caller_a, "a.m", m, DS_MEM_MAX, 0), MX_OK);
    CHECK_EQ(pub_mem(&caller_a, "a.m2", m, DS_MEM_MAX + 1, 0), -MX_E2BIG);
    CHECK_EQ(st.pool_used, DS_STR_MAX + 1 + DS_MEM_MAX);
    CHECK(ds_store_consistent(&st));
}

static void
test_pool_exhausted_and_recovered(void)
{
    static uint8_t m[DS_MEM_MAX], got[DS_MEM_MAX];
    struct ds_retrieved out;
    char key[32];
    int rc;

    reset();
    for (unsigned i = 0; i < DS_POOL_SIZE / DS_MEM_MAX; i++) {
        memset(m, (int)i + 1, sizeof(m));
        key_name(key, sizeof(key), "m", i);
        CHECK_EQ(pub_mem(&caller_a, key, m, sizeof(m), 0), MX_OK);
    }
    CHECK_EQ(st.pool_used, DS_POOL_SIZE);
    CHECK_EQ(pub_mem(&caller_a, "more", m, 1, 0), -MX_ENOSPC);
    CHECK_EQ(pub_str(&caller_a, "more", "", 0), -MX_ENOSPC); // needs its NUL
    CHECK_EQ(pub_mem(&caller_a, "empty", NULL, 0, 0), MX_OK); // no space needed
    CHECK_EQ(pub_u32(&caller_a, "num", 1, 0, NULL), MX_OK);
    CHECK_EQ(get_u32("num", &rc), 1);
    // Same-size overwrite reuses its own space even when the pool is full.
    memset(m, 0x77, sizeof(m));
    CHECK_EQ(pub_mem(&caller_a, "m3", m, sizeof(m), DS_OVERWRITE), MX_OK);
    // Deleting from the middle frees space and keeps the others intact.
    CHECK_EQ(del(&caller_a, "m1", DS_MEM, NULL), MX_OK);
    CHECK_EQ(st.pool_used, DS_POOL_SIZE - DS_MEM_MAX);
    CHECK_EQ(pub_mem(&caller_a, "more", m, 100, 0), MX_OK);
    for (unsigned i = 0; i < 4; i++) {
        uint8_t want = i == 3 ? 0x77 : (uint8_t)(i + 1);
        key_name(key, sizeof(key), "m", i);
        if (i == 1) {
            continue;
        }
        CHECK_EQ(ds_retrieve(&st, key, DS_MEM, got, sizeof(got), &out), MX_OK);
        CHECK_EQ(out.len, DS_MEM_MAX);
        CHECK_EQ(got[0], want);
        CHECK_EQ(got[DS_MEM_MAX - 1], want);
    }
    // A failed growth leaves the old value in place (room: 4096 - 100 - 2 + 100).
    CHECK_EQ(pub_str(&caller_a, "pad", "x", 0), MX_OK);
    CHECK_EQ(pub_mem(&caller_a, "more", m, DS_MEM_MAX - 2, DS_OVERWRITE), MX_OK);
    CHECK_EQ(pub_mem(&caller_a, "more", m, 100, DS_OVERWRITE), MX_OK);
    CHECK_EQ(pub_mem(&caller_a, "more", m, DS_MEM_MAX, DS_OVERWRITE), -MX_ENOSPC);
    CHECK_EQ(ds_retrieve(&st, "more", DS_MEM, got, sizeof(got), &out), MX_OK);
    CHECK_EQ(out.len, 100);
    CHECK(ds_store_consistent(&st));
}

static void
test_invalid_arguments(void)
{
    struct ds_value val = {.type = DS_U32, .u32 = 1};
    struct ds_caller nolabel = {NULL, false}, empty = {"", false}, spaced = {"a b", false};
    struct ds_retrieved out;
    struct ds_notify n = {.count = 5};
    struct ds_event ev;
    char buf[8];

    reset();
    CHECK_EQ(ds_publish(NULL, &caller_a, "k", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(n.count, 0);
    CHECK_EQ(ds_publish(&st, NULL, "k", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, NULL, &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, "k", NULL, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, "k", &val, 0, NULL), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &nolabel, "k", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &empty, "k", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &spaced, "k", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, "", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, "a\tb", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, "k\x80", &val, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, "k", &val, DS_INITIAL, &n), -MX_EINVAL);
    CHECK_EQ(ds_publish(&st, &caller_a, "k", &val, 0x100, &n), -MX_EINVAL);
    val.type = DS_TYPE_NONE;
    CHECK_EQ(ds_publish(&st, &caller_a, "k", &val, 0, &n), -MX_EINVAL);
    val.type = (enum ds_type)5;
    CHECK_EQ(ds_publish(&st, &caller_a, "k", &val, 0, &n), -MX_EINVAL);
    val.type = DS_MEM;
    val.data = NULL;
    val.len = 4;
    CHECK_EQ(ds_publish(&st, &caller_a, "k", &val, 0, &n), -MX_EINVAL);
    val.type = DS_STR;
    CHECK_EQ(ds_publish(&st, &caller_a, "k", &val, 0, &n), -MX_EINVAL);

    CHECK_EQ(pub_u32(&caller_a, "k", 1, 0, NULL), MX_OK);
    CHECK_EQ(ds_retrieve(NULL, "k", DS_U32, NULL, 0, &out), -MX_EINVAL);
    CHECK_EQ(ds_retrieve(&st, NULL, DS_U32, NULL, 0, &out), -MX_EINVAL);
    CHECK_EQ(ds_retrieve(&st, "", DS_U32, NULL, 0, &out), -MX_EINVAL);
    CHECK_EQ(ds_retrieve(&st, "k", DS_U32, NULL, 0, NULL), -MX_EINVAL);
    CHECK_EQ(ds_retrieve(&st, "k", DS_TYPE_NONE, buf, sizeof(buf), &out), -MX_EINVAL);
    CHECK_EQ(ds_retrieve(&st, "k", DS_STR, NULL, 4, &out), -MX_EINVAL);
    CHECK_EQ(ds_retrieve_label_name(NULL, EP1, buf, sizeof(buf)), -MX_EINVAL);
    CHECK_EQ(ds_retrieve_label_name(&st, EP1, NULL, sizeof(buf)), -MX_EINVAL);

    CHECK_EQ(ds_delete(NULL, &caller_a, "k", DS_U32, &n), -MX_EINVAL);
    CHECK_EQ(ds_delete(&st, NULL, "k", DS_U32, &n), -MX_EINVAL);
    CHECK_EQ(ds_delete(&st, &caller_a, NULL, DS_U32, &n), -MX_EINVAL);
    CHECK_EQ(ds_delete(&st, &caller_a, "", DS_U32, &n), -MX_EINVAL);
    CHECK_EQ(ds_delete(&st, &caller_a, "k", DS_TYPE_NONE, &n), -MX_EINVAL);
    CHECK_EQ(ds_delete(&st, &caller_a, "k", DS_U32, NULL), -MX_EINVAL);
    CHECK_EQ(ds_delete(&st, &empty, "k", DS_U32, &n), -MX_EINVAL);

    CHECK_EQ(ds_subscribe(NULL, "s", EP1, "*", 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, NULL, EP1, "*", 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, "", EP1, "*", 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, "s", EP1, NULL, 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, "s", EP1, "", 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, "s", EP1, "*", 0, NULL), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, "s", EP1, "*", DS_OVERWRITE, &n), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, "s", ENDPOINT_NONE, "*", 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_subscribe(&st, "s", 0, "*", 0, &n), -MX_EINVAL);
    CHECK_EQ(ds_unsubscribe(NULL, "s"), -MX_EINVAL);
    CHECK_EQ(ds_unsubscribe(&st, NULL), -MX_EINVAL);
    CHECK_EQ(ds_check(NULL, "s", &ev), -MX_EINVAL);
    CHECK_EQ(ds_check(&st, NULL, &ev), -MX_EINVAL);
    CHECK_EQ(ds_check(&st, "s", NULL), -MX_EINVAL);

    CHECK_EQ(st.pool_used, 0);
    for (unsigned i = 0; i < DS_MAX_SUBS; i++) {
        CHECK(!st.subs[i].used); // no failed call left anything behind
    }
    CHECK(ds_store_consistent(&st));
}

// ---- subscriptions ----

static void
test_subscriber_notified_on_publish_overwrite_delete(void)
{
    struct ds_notify n;

    reset();
    CHECK_EQ(sub("vfs", EP1, "drv.hello.*", 0, &n), MX_OK);
    CHECK_EQ(n.count, 0);
    CHECK(no_change("vfs"));

    CHECK_EQ(pub_u32(&caller_a, "drv.hello.up", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK_EQ(n.endpoints[0], EP1);
    CHECK_EQ(pub_u32(&caller_a, "drv.hello.up", 2, DS_OVERWRITE, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK_EQ(del(&caller_a, "drv.hello.up", DS_U32, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK_EQ(n.endpoints[0], EP1);
    CHECK_EQ(pub_u32(&caller_a, "drv.other.up", 1, 0, &n), MX_OK); // no match
    CHECK_EQ(n.count, 0);
    CHECK_EQ(pub_u32(&caller_a, "drv.hello.up", 1, 0, &n), MX_OK); // again after the delete
    CHECK_EQ(n.count, 1);
    CHECK_EQ(pub_u32(&caller_a, "drv.hello.up", 1, 0, &n), -MX_EEXIST); // failures record nothing
    CHECK_EQ(n.count, 0);
    CHECK_EQ(pub_u32(&caller_b, "drv.hello.up", 1, DS_OVERWRITE, &n), -MX_EPERM);
    CHECK_EQ(n.count, 0);

    CHECK(next_change_is("vfs", "drv.hello.up", DS_U32, DS_PUBLISHED));
    CHECK(next_change_is("vfs", "drv.hello.up", DS_U32, DS_OVERWRITTEN));
    CHECK(next_change_is("vfs", "drv.hello.up", DS_U32, DS_DELETED)); // names the key
    CHECK(next_change_is("vfs", "drv.hello.up", DS_U32, DS_PUBLISHED));
    CHECK(no_change("vfs"));
    CHECK(ds_store_consistent(&st));
}

static void
test_notify_lists_exactly_the_matching_subscribers(void)
{
    struct ds_notify n;

    reset();
    CHECK_EQ(sub("s1", EP1, "drv.*", 0, NULL), MX_OK);
    CHECK_EQ(sub("s2", EP2, "*.up", 0, NULL), MX_OK);
    CHECK_EQ(sub("s3", EP3, "app.*", 0, NULL), MX_OK);
    CHECK_EQ(sub("s3", EP3, "*p.up", 0, NULL), MX_OK); // overlaps its first pattern

    CHECK_EQ(pub_u32(&caller_a, "drv.x.up", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, 2);
    CHECK_EQ(n.endpoints[0], EP1);
    CHECK_EQ(n.endpoints[1], EP2);
    CHECK_EQ(pub_u32(&caller_a, "app.up", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, 2);
    CHECK_EQ(n.endpoints[0], EP2);
    CHECK_EQ(n.endpoints[1], EP3);
    CHECK_EQ(pub_u32(&caller_a, "zzz", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, 0);
    CHECK_EQ(pub_label(&caller_rs, "drv.lbl", EP3, 0), MX_OK);
    CHECK_EQ(del(&caller_rs, "drv.lbl", DS_LABEL, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK_EQ(n.endpoints[0], EP1);

    CHECK(next_change_is("s3", "app.up", DS_U32, DS_PUBLISHED)); // once, not per pattern
    CHECK(no_change("s3"));
    CHECK(next_change_is("s1", "drv.x.up", DS_U32, DS_PUBLISHED));
    CHECK(next_change_is("s1", "drv.lbl", DS_LABEL, DS_PUBLISHED));
    CHECK(next_change_is("s1", "drv.lbl", DS_LABEL, DS_DELETED));
    CHECK(no_change("s1"));
    CHECK(next_change_is("s2", "drv.x.up", DS_U32, DS_PUBLISHED));
    CHECK(next_change_is("s2", "app.up", DS_U32, DS_PUBLISHED));
    CHECK(no_change("s2"));
    CHECK(ds_store_consistent(&st));
}

static void
test_initial_reports_existing_keys(void)
{
    struct ds_notify n;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "drv.a", 1, 0, NULL), MX_OK);
    CHECK_EQ(pub_str(&caller_a, "app.b", "x", 0), MX_OK);
    CHECK_EQ(pub_mem(&caller_a, "drv.c", "x", 1, 0), MX_OK);
    CHECK_EQ(sub("s", EP1, "drv.*", 0, &n), MX_OK); // without DS_INITIAL: nothing
    CHECK_EQ(n.count, 0);
    CHECK(no_change("s"));
    CHECK_EQ(sub("t", EP2, "drv.*", DS_INITIAL, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK_EQ(n.endpoints[0], EP2);
    CHECK(next_change_is("t", "drv.a", DS_U32, DS_PUBLISHED));
    CHECK(next_change_is("t", "drv.c", DS_MEM, DS_PUBLISHED));
    CHECK(no_change("t"));
    // A second pattern with DS_INITIAL reports only its own matches.
    CHECK_EQ(sub("t", EP2, "app.*", DS_INITIAL, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK(next_change_is("t", "app.b", DS_STR, DS_PUBLISHED));
    CHECK(no_change("t"));
    // Nothing matches: no notification.
    CHECK_EQ(sub("u", EP3, "none.*", DS_INITIAL, &n), MX_OK);
    CHECK_EQ(n.count, 0);
    CHECK(ds_store_consistent(&st));
}

static void
test_resubscribe_updates_endpoint_and_patterns(void)
{
    struct ds_notify n;

    reset();
    CHECK_EQ(sub("s", EP1, "p1.*", 0, NULL), MX_OK);
    CHECK_EQ(sub("s", EP2, "p1.*", 0, NULL), MX_OK); // restarted: new endpoint, same pattern
    CHECK_EQ(st.subs[0].npatterns, 1);
    CHECK_EQ(pub_u32(&caller_a, "p1.x", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK_EQ(n.endpoints[0], EP2);
    CHECK_EQ(sub("s", EP2, "p2.*", 0, NULL), MX_OK);
    CHECK_EQ(sub("s", EP2, "p3.*", 0, NULL), MX_OK);
    CHECK_EQ(sub("s", EP2, "p4.*", 0, NULL), MX_OK);
    CHECK_EQ(sub("s", EP3, "p5.*", 0, NULL), -MX_ENOSPC); // DS_SUB_PATTERNS = 4
    CHECK_EQ(sub("s", EP3, "p4.*", 0, NULL), MX_OK);      // already there: fine
    CHECK_EQ(pub_u32(&caller_a, "p4.x", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK_EQ(n.endpoints[0], EP3);
    CHECK(next_change_is("s", "p1.x", DS_U32, DS_PUBLISHED)); // queue kept across re-subscribe
    CHECK(next_change_is("s", "p4.x", DS_U32, DS_PUBLISHED));
    CHECK(no_change("s"));
    CHECK(ds_store_consistent(&st));
}

static void
test_subscriber_table_full_and_unsubscribe(void)
{
    struct ds_event ev;
    struct ds_notify n;
    char label[16];

    reset();
    for (unsigned i = 0; i < DS_MAX_SUBS; i++) {
        key_name(label, sizeof(label), "s", i);
        CHECK_EQ(sub(label, endpoint_make(20 + i, 1), "*", 0, NULL), MX_OK);
    }
    CHECK_EQ(sub("late", EP1, "*", 0, NULL), -MX_ENOSPC);
    CHECK_EQ(sub("s3", EP1, "more", 0, NULL), MX_OK); // an existing label still may
    CHECK_EQ(pub_u32(&caller_a, "k", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, DS_MAX_SUBS);
    CHECK_EQ(ds_unsubscribe(&st, "s5"), MX_OK);
    CHECK_EQ(ds_unsubscribe(&st, "s5"), -MX_ESRCH);
    CHECK_EQ(ds_check(&st, "s5", &ev), -MX_ENOENT);
    CHECK_EQ(ds_check(&st, "nobody", &ev), -MX_ENOENT);
    CHECK_EQ(sub("late", EP1, "*", 0, NULL), MX_OK);
    CHECK(no_change("late")); // a fresh subscriber starts with an empty queue
    CHECK_EQ(pub_u32(&caller_a, "k2", 1, 0, &n), MX_OK);
    CHECK_EQ(n.count, DS_MAX_SUBS);
    CHECK(next_change_is("late", "k2", DS_U32, DS_PUBLISHED));
    CHECK(ds_store_consistent(&st));
}

static void
test_queue_overflow_resets_subscriber(void)
{
    struct ds_notify n;
    struct ds_event ev;
    char key[32];
    unsigned notified = 0;

    reset();
    CHECK_EQ(pub_u32(&caller_a, "other", 1, 0, NULL), MX_OK); // does not match
    CHECK_EQ(pub_u32(&caller_a, "x.0", 0, 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, "x.1", 0, 0, NULL), MX_OK);
    CHECK_EQ(sub("s", EP1, "x.*", 0, NULL), MX_OK);
    CHECK_EQ(sub("calm", EP2, "x.0", 0, NULL), MX_OK);
    // DS_QUEUE_LEN changes fit; the next one overflows; later ones are dropped quietly.
    for (unsigned i = 0; i < DS_QUEUE_LEN + 10; i++) {
        CHECK_EQ(pub_u32(&caller_a, "x.1", i, DS_OVERWRITE, &n), MX_OK);
        notified += n.count;
    }
    CHECK_EQ(notified, DS_QUEUE_LEN + 1);
    CHECK(st.subs[0].overflowed);
    CHECK_EQ(del(&caller_a, "x.0", DS_U32, &n), MX_OK);
    CHECK_EQ(n.count, 1); // only "calm", whose queue is fine
    CHECK_EQ(n.endpoints[0], EP2);
    CHECK_EQ(pub_u32(&caller_a, "x.2", 0, 0, NULL), MX_OK);
    CHECK(ds_store_consistent(&st));

    CHECK_EQ(ds_check(&st, "s", &ev), MX_OK);
    CHECK_EQ(ev.change, DS_OVERFLOWED);
    CHECK_EQ(ev.type, DS_TYPE_NONE);
    CHECK_EQ(ev.key[0], '\0');
    // Then the current state of every matching key, as published (in table
    // order, which is no promise: accept either order).
    unsigned seen = 0;
    while (ds_check(&st, "s", &ev) == MX_OK) {
        CHECK_EQ(ev.change, DS_PUBLISHED);
        CHECK_EQ(ev.type, DS_U32);
        seen |= strcmp(ev.key, "x.1") == 0 ? 1u : strcmp(ev.key, "x.2") == 0 ? 2u : 4u;
    }
    CHECK_EQ(seen, 3);
    CHECK(next_change_is("calm", "x.0", DS_U32, DS_DELETED));
    CHECK(no_change("calm"));
    // And back to normal queueing.
    CHECK_EQ(pub_u32(&caller_a, "x.3", 0, 0, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK(next_change_is("s", "x.3", DS_U32, DS_PUBLISHED));
    CHECK(no_change("s"));

    // The snapshot after an overflow always fits: fill the table with matching keys.
    for (unsigned i = 4; i < DS_MAX_KEYS + 1; i++) {
        key_name(key, sizeof(key), "x.", i);
        CHECK_EQ(pub_u32(&caller_a, key, i, 0, NULL), i < DS_MAX_KEYS ? MX_OK : -MX_ENOSPC);
    }
    CHECK(!st.subs[0].overflowed); // 60 changes
    for (unsigned i = 4; i < 10; i++) {
        key_name(key, sizeof(key), "x.", i);
        CHECK_EQ(pub_u32(&caller_a, key, 0, DS_OVERWRITE, NULL), MX_OK);
    }
    CHECK(st.subs[0].overflowed);
    CHECK_EQ(ds_check(&st, "s", &ev), MX_OK);
    CHECK_EQ(ev.change, DS_OVERFLOWED);
    CHECK_EQ(st.subs[0].count, DS_MAX_KEYS - 1); // all but "other"
    CHECK(!st.subs[0].overflowed);
    CHECK(ds_store_consistent(&st));
}

static void
test_glob_matching(void)
{
    CHECK(ds_glob_match("drv.hello.*", "drv.hello.up"));
    CHECK(ds_glob_match("drv.hello.*", "drv.hello.")); // * matches the empty run
    CHECK(!ds_glob_match("drv.hello.*", "drv.hello"));
    CHECK(!ds_glob_match("drv.hello.*", "drv.hellox.up"));
    CHECK(ds_glob_match("*", "anything"));
    CHECK(ds_glob_match("*", ""));
    CHECK(ds_glob_match("**", "a"));
    CHECK(ds_glob_match("abc", "abc"));
    CHECK(!ds_glob_match("abc", "abcd"));
    CHECK(!ds_glob_match("abcd", "abc"));
    CHECK(!ds_glob_match("abc", "ABC"));       // case-sensitive
    CHECK(ds_glob_match("*.up", "a.b.up"));
    CHECK(!ds_glob_match("*.up", "a.b.upx"));
    CHECK(ds_glob_match("a*b*c", "aXXbYYc"));
    CHECK(ds_glob_match("a*b*c", "abc"));
    CHECK(!ds_glob_match("a*b*c", "aXXcYYb"));
    CHECK(ds_glob_match("*ab", "aab"));         // needs backtracking
    CHECK(ds_glob_match("*aab", "aaab"));
    CHECK(ds_glob_match("a*a", "aa"));
    CHECK(!ds_glob_match("a*a", "a"));
    CHECK(ds_glob_match("*a*", "bab"));
    CHECK(!ds_glob_match("*a*", "bbb"));
    CHECK(ds_glob_match("x?y", "x?y"));         // ? is literal
    CHECK(!ds_glob_match("x?y", "xzy"));
    CHECK(ds_glob_match("[ab]", "[ab]"));       // so are brackets
    CHECK(!ds_glob_match("[ab]", "a"));
    CHECK(!ds_glob_match("d.v", "drv"));        // . is literal
    CHECK(ds_glob_match("***a***b***", "xxaxxbxx"));
    CHECK(!ds_glob_match(NULL, "a"));
    CHECK(!ds_glob_match("a", NULL));
}

static void
test_consistency_check_detects_corruption(void)
{
    static struct ds_store good;

    reset();
    CHECK(!ds_store_consistent(NULL));
    CHECK_EQ(pub_str(&caller_a, "a.s", "hello", 0), MX_OK);
    CHECK_EQ(pub_mem(&caller_a, "a.m", "12345678", 8, 0), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, "a.u", 1, 0, NULL), MX_OK);
    CHECK_EQ(sub("s", EP1, "*", 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, "a.v", 1, 0, NULL), MX_OK);
    CHECK(ds_store_consistent(&st));
    good = st;

    st.magic++;
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.pool_used++;
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.entries[1].off = 2; // overlaps the string
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.pool[5] = 'x'; // string loses its NUL
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.pool[2] = '\0'; // NUL inside a string
    CHECK(!ds_store_consistent(&st));
    st = good;
    memcpy(st.entries[2].key, "a.s", 4); // duplicate key
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.entries[0].type = 9;
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.entries[2].size = 4; // a u32 with an extent
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.entries[0].owner[0] = '\0';
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.subs[0].count = DS_QUEUE_LEN + 1;
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.subs[0].overflowed = true; // with changes still queued
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.subs[0].queue[0].change = 0;
    CHECK(!ds_store_consistent(&st));
    st = good;
    st.subs[0].npatterns = 0;
    CHECK(!ds_store_consistent(&st));
    st = good;
    CHECK(ds_store_consistent(&st));
}

// A store kept across DS's crash: left busy by a change that did not
// finish, it is refused; each refusal names its reason; every call leaves
// busy clear, failed ones too.
static void
test_busy_store_refused_and_problems_named(void)
{
    static struct ds_store good;
    struct ds_notify n;
    struct ds_event ev;

    reset();
    CHECK_EQ(st.busy, 0);
    CHECK_EQ(pub_str(&caller_a, "a.s", "hello", 0), MX_OK);
    CHECK_EQ(st.busy, 0);
    CHECK_EQ(pub_str(&caller_a, "a.s", "again", 0), -MX_EEXIST); // failed: still clear
    CHECK_EQ(st.busy, 0);
    CHECK_EQ(sub("s", EP1, "a.*", 0, NULL), MX_OK);
    CHECK_EQ(ds_check(&st, "s", &ev), -MX_ESRCH);
    CHECK_EQ(ds_delete(&st, &caller_b, "a.s", DS_STR, &n), -MX_EPERM);
    CHECK_EQ(ds_unsubscribe(&st, "nobody"), -MX_ESRCH);
    CHECK_EQ(st.busy, 0);
    CHECK(ds_store_problem(&st) == NULL);
    good = st;

    st.busy = 1; // DS died in the middle of a change
    CHECK(!ds_store_consistent(&st));
    CHECK(strstr(ds_store_problem(&st), "in progress") != NULL);
    st = good;
    st.magic = 0; // nothing was ever kept (a zeroed segment)
    CHECK(strstr(ds_store_problem(&st), "no store kept") != NULL);
    st.magic = DS_STORE_MAGIC - 1; // another layout
    CHECK(strstr(ds_store_problem(&st), "magic") != NULL);
    st = good;
    st.entries[1] = st.entries[0]; // the same key twice
    CHECK(strstr(ds_store_problem(&st), "same key") != NULL);
    st = good;
    st.entries[0].owner[0] = '\x01'; // an owner that is no label
    CHECK(strstr(ds_store_problem(&st), "entry is damaged") != NULL);
    st = good;
    st.subs[0].label[0] = ' ';
    CHECK(strstr(ds_store_problem(&st), "subscription") != NULL);
    st = good;
    st.pool_used = DS_POOL_SIZE + 1;
    CHECK(strstr(ds_store_problem(&st), "pool size") != NULL);
    CHECK(ds_store_problem(NULL) != NULL);
    st = good;
    CHECK(ds_store_consistent(&st));
}

static void
test_copied_store_keeps_working(void)
{
    static struct ds_store copy;
    struct ds_retrieved out;
    struct ds_notify n;
    struct ds_event ev;
    char buf[16];

    reset();
    CHECK_EQ(pub_str(&caller_a, "a.s", "hello", 0), MX_OK);
    CHECK_EQ(sub("s", EP1, "a.*", 0, NULL), MX_OK);
    CHECK_EQ(pub_u32(&caller_a, "a.u", 5, 0, NULL), MX_OK);
    memcpy(&copy, &st, sizeof(st)); // what a live update does
    memset(&st, 0, sizeof(st));
    CHECK(ds_store_consistent(&copy));
    CHECK_EQ(ds_retrieve(&copy, "a.s", DS_STR, buf, sizeof(buf), &out), MX_OK);
    CHECK(strcmp(buf, "hello") == 0);
    CHECK_EQ(ds_check(&copy, "s", &ev), MX_OK);
    CHECK(strcmp(ev.key, "a.u") == 0);
    struct ds_value v = {.type = DS_U32, .u32 = 6};
    CHECK_EQ(ds_publish(&copy, &caller_a, "a.u", &v, DS_OVERWRITE, &n), MX_OK);
    CHECK_EQ(n.count, 1);
    CHECK(ds_store_consistent(&copy));
}

// ---- randomized run against a reference model ----

enum {
    M_KEYS = 80,  // distinct key names (more than DS_MAX_KEYS)
    M_SUBS = 3,
    M_STEPS = 6000,
};

struct m_entry {
    bool used;
    int name;     // index into m_names
    int type;
    int owner;    // index into m_callers
    uint32_t u32;
    endpoint_t ep;
    uint8_t data[DS_MEM_MAX + 1];
    size_t len;
};

struct m_sub {
    const char *label;
    endpoint_t ep;
    const char *pattern;
    bool overflowed;
    unsigned count;
    struct ds_event queue[DS_QUEUE_LEN];
};

static struct {
    struct m_entry e[DS_MAX_KEYS]; // slots mirror the store's first-free allocation
    struct m_sub s[M_SUBS];
    size_t pool_used;
    uint64_t rng;
    unsigned results[256]; // how often each -code came back, to show coverage
    unsigned overflows;
    unsigned table_full, pool_full; // the two kinds of -MX_ENOSPC
} m;

static char m_names[M_KEYS][16];
static const struct ds_caller *const m_callers[] = {&caller_a, &caller_b, &caller_rs};

static uint32_t
rnd(uint32_t n)
{
    m.rng = m.rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(m.rng >> 33) % n;
}

// An independent, recursive glob matcher.
static bool
m_glob(const char *p, const char *k)
{
    if (*p == '\0') {
        return *k == '\0';
    }
    if (*p == '*') {
        return m_glob(p + 1, k) || (*k != '\0' && m_glob(p, k + 1));
    }
    return *p == *k && m_glob(p + 1, k + 1);
}

static size_t
m_extent(int type, size_t len)
{
    return type == DS_STR ? len + 1 : type == DS_MEM ? len : 0;
}

static int
m_find(int name, bool label_ns)
{
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        if (m.e[i].used && m.e[i].name == name && (m.e[i].type == DS_LABEL) == label_ns) {
            return i;
        }
    }
    return -1;
}

static bool
m_push(struct m_sub *s, int name, int type, int change)
{
    if (s->overflowed) {
        return false;
    }
    if (s->count == DS_QUEUE_LEN) {
        s->overflowed = true;
        s->count = 0;
        return true;
    }
    struct ds_event *ev = &s->queue[s->count++];
    memset(ev, 0, sizeof(*ev));
    snprintf(ev->key, sizeof(ev->key), "%s", m_names[name]);
    ev->type = (enum ds_type)type;
    ev->change = (enum ds_change)change;
    return true;
}

// Records a change in the model; fills the expected notify list.
static void
m_record(int name, int type, int change, struct ds_notify *want)
{
    want->count = 0;
    for (int i = 0; i < M_SUBS; i++) {
        if (m_glob(m.s[i].pattern, m_names[name]) && m_push(&m.s[i], name, type, change)) {
            want->endpoints[want->count++] = m.s[i].ep;
        }
    }
}

static bool
notify_equal(const struct ds_notify *a, const struct ds_notify *b)
{
    if (a->count != b->count) {
        return false;
    }
    for (unsigned i = 0; i < a->count; i++) {
        if (a->endpoints[i] != b->endpoints[i]) {
            return false;
        }
    }
    return true;
}

// The result the model predicts for a publish (and applies it on success).
static int
m_publish(int who, int name, const struct ds_value *v, unsigned flags, struct ds_notify *want)
{
    const struct ds_caller *c = m_callers[who];
    size_t len = 0, room = DS_POOL_SIZE - m.pool_used;
    int idx, change;

    want->count = 0;
    if (v->type < DS_U32 || v->type > DS_LABEL) {
        return -MX_EINVAL;
    }
    if (v->type == DS_LABEL && !c->is_rs) {
        return -MX_EPERM;
    }
    if (v->type == DS_STR) {
        const char *nul = v->len == 0 ? NULL : memchr(v->data, 0, v->len);
        len = nul != NULL ? (size_t)(nul - (const char *)v->data) : v->len;
        if (len > DS_STR_MAX) {
            return -MX_E2BIG;
        }
    }
    if (v->type == DS_MEM) {
        len = v->len;
        if (len > DS_MEM_MAX) {
            return -MX_E2BIG;
        }
    }
    idx = m_find(name, v->type == DS_LABEL);
    if (idx >= 0) {
        if ((flags & DS_OVERWRITE) == 0) {
            return -MX_EEXIST;
        }
        if (m.e[idx].owner != who) {
            return -MX_EPERM;
        }
        if (m.e[idx].type != (int)v->type) {
            return -MX_EEXIST;
        }
        room += m_extent(m.e[idx].type, m.e[idx].len);
        change = DS_OVERWRITTEN;
    } else {
        for (idx = 0; idx < DS_MAX_KEYS && m.e[idx].used; idx++) {
        }
        if (idx == DS_MAX_KEYS) {
            m.table_full++;
            return -MX_ENOSPC;
        }
        change = DS_PUBLISHED;
    }
    if (m_extent(v->type, len) > room) {
        m.pool_full++;
        return -MX_ENOSPC;
    }
    struct m_entry *e = &m.e[idx];
    if (change == DS_OVERWRITTEN) {
        m.pool_used -= m_extent(e->type, e->len);
    }
    e->used = true;
    e->name = name;
    e->type = v->type;
    e->owner = change == DS_PUBLISHED ? who : e->owner;
    e->u32 = v->u32;
    e->ep = v->endpoint;
    e->len = len;
    if (len > 0) {
        memcpy(e->data, v->data, len);
    }
    m.pool_used += m_extent(e->type, len);
    m_record(name, v->type, change, want);
    return MX_OK;
}

static void
step_publish(void)
{
    static uint8_t buf[DS_MEM_MAX + 64];
    int who = (int)rnd(3), name = (int)rnd(M_KEYS);
    unsigned flags = rnd(2) ? DS_OVERWRITE : 0;
    struct ds_value v = {.type = (enum ds_type)(rnd(20) == 0 ? 5 : 1 + rnd(4))};
    struct ds_notify got, want;
    int rc;

    v.u32 = rnd(0xffffffffu);
    v.endpoint = endpoint_make(rnd(64), 1 + rnd(100));
    if (v.type == DS_STR) {
        size_t slen = rnd(4) == 0 ? DS_STR_MAX - 5 + rnd(10) : rnd(40);
        for (size_t i = 0; i < slen; i++) {
            buf[i] = (uint8_t)(' ' + rnd(95));
        }
        buf[slen] = '\0';
        v.data = buf;
        v.len = rnd(2) ? slen : slen + 1 + rnd(8); // unterminated, or NUL then junk
    } else if (v.type == DS_MEM) {
        v.len = rnd(8) == 0 ? DS_MEM_MAX - 2 + rnd(4) : rnd(3000);
        for (size_t i = 0; i < v.len; i++) {
            buf[i] = (uint8_t)rnd(256);
        }
        v.data = buf;
    }
    want.count = 0;
    rc = ds_publish(&st, m_callers[who], m_names[name], &v, flags, &got);
    CHECK_EQ(rc, m_publish(who, name, &v, flags, &want));
    m.results[-rc & 0xff]++;
    CHECK(notify_equal(&got, &want));
}

static void
step_retrieve(void)
{
    static uint8_t buf[DS_MEM_MAX + 16];
    int name = (int)rnd(M_KEYS), type = 1 + (int)rnd(4);
    int idx = m_find(name, type == DS_LABEL);
    size_t size = rnd(3) == 0 ? rnd(4) : rnd(DS_MEM_MAX + 8);
    struct ds_retrieved out;
    int rc;

    memset(buf, 0xcc, sizeof(buf));
    rc = ds_retrieve(&st, m_names[name], (enum ds_type)type, buf, size, &out);
    if (idx < 0 || m.e[idx].type != type) {
        CHECK_EQ(rc, -MX_ESRCH);
        return;
    }
    const struct m_entry *e = &m.e[idx];
    CHECK_EQ(rc, MX_OK);
    if (type == DS_U32) {
        CHECK_EQ(out.u32, e->u32);
    } else if (type == DS_LABEL) {
        CHECK_EQ(out.endpoint, e->ep);
    } else {
        size_t n = type == DS_STR ? (size == 0 ? 0 : (e->len < size - 1 ? e->len : size - 1))
                                  : (e->len < size ? e->len : size);
        size_t copied = type == DS_STR && size > 0 ? n + 1 : n;
        CHECK_EQ(out.len, e->len);
        CHECK_EQ(out.copied, copied);
        CHECK(memcmp(buf, e->data, n) == 0);
        if (type == DS_STR && size > 0) {
            CHECK_EQ(buf[n], 0);
        }
        CHECK_EQ(buf[copied], 0xcc); // nothing written past what was copied
    }
}

static void
step_delete(void)
{
    int who = (int)rnd(3), name = (int)rnd(M_KEYS), type = 1 + (int)rnd(4);
    int slot = (int)rnd(DS_MAX_KEYS), idx, want_rc;
    struct ds_notify got, want = {.count = 0};

    // Mostly delete a live key as its owner, so the store keeps churning.
    if (rnd(4) != 0 && m.e[slot].used) {
        name = m.e[slot].name;
        type = m.e[slot].type;
        who = rnd(8) != 0 ? m.e[slot].owner : who;
    }
    idx = m_find(name, type == DS_LABEL);
    if (idx < 0 || m.e[idx].type != type) {
        want_rc = -MX_ESRCH;
    } else if (m.e[idx].owner != who) {
        want_rc = -MX_EPERM;
    } else {
        want_rc = MX_OK;
        m.pool_used -= m_extent(type, m.e[idx].len);
        m.e[idx].used = false;
        m_record(name, type, DS_DELETED, &want);
    }
    CHECK_EQ(ds_delete(&st, m_callers[who], m_names[name], (enum ds_type)type, &got), want_rc);
    CHECK(notify_equal(&got, &want));
}

static void
step_check(void)
{
    struct m_sub *s = &m.s[rnd(M_SUBS)];
    struct ds_event ev;
    int rc = ds_check(&st, s->label, &ev);

    if (s->overflowed) {
        CHECK_EQ(rc, MX_OK);
        CHECK_EQ(ev.change, DS_OVERFLOWED);
        m.overflows++;
        s->overflowed = false;
        for (int i = 0; i < DS_MAX_KEYS; i++) {
            if (m.e[i].used && m_glob(s->pattern, m_names[m.e[i].name])) {
                m_push(s, m.e[i].name, m.e[i].type, DS_PUBLISHED);
            }
        }
        return;
    }
    if (s->count == 0) {
        CHECK_EQ(rc, -MX_ESRCH);
        return;
    }
    CHECK_EQ(rc, MX_OK);
    CHECK(strcmp(ev.key, s->queue[0].key) == 0);
    CHECK_EQ(ev.type, s->queue[0].type);
    CHECK_EQ(ev.change, s->queue[0].change);
    memmove(&s->queue[0], &s->queue[1], (s->count - 1) * sizeof(s->queue[0]));
    s->count--;
}

// Drops and re-subscribes a subscriber with DS_INITIAL.
static void
step_resubscribe(void)
{
    struct m_sub *s = &m.s[rnd(M_SUBS)];
    struct ds_notify got, want = {.count = 0};
    bool changed = false;

    CHECK_EQ(ds_unsubscribe(&st, s->label), MX_OK);
    s->overflowed = false;
    s->count = 0;
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        if (m.e[i].used && m_glob(s->pattern, m_names[m.e[i].name])) {
            changed |= m_push(s, m.e[i].name, m.e[i].type, DS_PUBLISHED);
        }
    }
    if (changed) {
        want.endpoints[want.count++] = s->ep;
    }
    CHECK_EQ(ds_subscribe(&st, s->label, s->ep, s->pattern, DS_INITIAL, &got), MX_OK);
    CHECK(notify_equal(&got, &want));
}

static void
test_randomized_against_model(void)
{
    static const char *const labels[M_SUBS] = {"w1", "w2", "w3"};
    static const char *const patterns[M_SUBS] = {"drv.*", "*1*", "*"};
    unsigned counts[5] = {0};

    reset();
    memset(&m, 0, sizeof(m));
    m.rng = 12345;
    for (unsigned i = 0; i < M_KEYS; i++) {
        key_name(m_names[i], sizeof(m_names[i]), i < M_KEYS / 2 ? "app." : "drv.", i);
    }
    // Subscribers go in table order, so the model's notify order matches.
    for (int i = 0; i < M_SUBS; i++) {
        m.s[i].label = labels[i];
        m.s[i].ep = endpoint_make(30 + (unsigned)i, 1);
        m.s[i].pattern = patterns[i];
        CHECK_EQ(sub(labels[i], m.s[i].ep, patterns[i], 0, NULL), MX_OK);
    }
    for (unsigned step = 0; step < M_STEPS && utest.failed_checks == 0; step++) {
        uint32_t r = rnd(100);
        if (r < 45) {
            step_publish();
            counts[0]++;
        } else if (r < 70) {
            step_retrieve();
            counts[1]++;
        } else if (r < 85) {
            step_delete();
            counts[2]++;
        } else if (r < 99) {
            step_check();
            counts[3]++;
        } else {
            step_resubscribe();
            counts[4]++;
        }
        CHECK(ds_store_consistent(&st));
        CHECK_EQ(st.pool_used, m.pool_used);
    }
    if (utest.failed_checks != 0) {
        return;
    }
    // The run must have reached every publish outcome and a queue overflow.
    for (int i = 0; i < 5; i++) {
        CHECK(counts[i] > 0);
    }
    CHECK(m.results[MX_OK] > 0);
    CHECK(m.results[MX_EEXIST] > 0);
    CHECK(m.results[MX_EPERM] > 0);
    CHECK(m.results[MX_E2BIG] > 0);
    CHECK(m.results[MX_EINVAL] > 0);
    CHECK(m.results[MX_ENOSPC] > 0);
    CHECK(m.table_full > 0);
    CHECK(m.pool_full > 0);
    CHECK(m.overflows > 0);
}

int
main(void)
{
    UTEST_RUN(test_new_key_ok);
    UTEST_RUN(test_duplicate_eexist);
    UTEST_RUN(test_overwrite_ok);
    UTEST_RUN(test_retrieve_after_delete_esrch);
    UTEST_RUN(test_string_truncated_to_buffer);
    UTEST_RUN(test_string_published_from_unterminated_buffer);
    UTEST_RUN(test_blob_grows_on_overwrite);
    UTEST_RUN(test_blob_truncated_to_buffer);
    UTEST_RUN(test_label_publish_by_non_rs_eperm);
    UTEST_RUN(test_other_label_may_not_overwrite_or_delete);
    UTEST_RUN(test_type_change_refused);
    UTEST_RUN(test_wrong_type_retrieve_esrch);
    UTEST_RUN(test_keys_full_enospc);
    UTEST_RUN(test_name_lengths_e2big);
    UTEST_RUN(test_value_sizes_e2big);
    UTEST_RUN(test_pool_exhausted_and_recovered);
    UTEST_RUN(test_invalid_arguments);
    UTEST_RUN(test_subscriber_notified_on_publish_overwrite_delete);
    UTEST_RUN(test_notify_lists_exactly_the_matching_subscribers);
    UTEST_RUN(test_initial_reports_existing_keys);
    UTEST_RUN(test_resubscribe_updates_endpoint_and_patterns);
    UTEST_RUN(test_subscriber_table_full_and_unsubscribe);
    UTEST_RUN(test_queue_overflow_resets_subscriber);
    UTEST_RUN(test_glob_matching);
    UTEST_RUN(test_consistency_check_detects_corruption);
    UTEST_RUN(test_busy_store_refused_and_problems_named);
    UTEST_RUN(test_copied_store_keeps_working);
    UTEST_RUN(test_randomized_against_model);
    return utest_finish();
}
