// The data store's core logic (see store.h for the rules): entries, the
// value pool, subscriptions and their change queues. Freestanding: it uses
// its own small string helpers and nothing outside servers/ds and include/.
#include "store.h"

#include <mirv/errors.h>

_Static_assert(DS_QUEUE_LEN >= DS_MAX_KEYS, "an overflow snapshot must fit in an empty queue");
_Static_assert(DS_QUEUE_LEN <= 255, "queue indices are uint8_t");
_Static_assert(DS_SUB_PATTERNS <= 255, "pattern count is uint8_t");
_Static_assert(DS_MEM_MAX <= DS_POOL_SIZE && DS_STR_MAX + 1 <= DS_POOL_SIZE, "a value must fit");

// ---- small freestanding helpers ----

static size_t
ds_strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n] != '\0') {
        n++;
    }
    return n;
}

static bool
ds_streq(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void
ds_copy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    for (size_t i = 0; i < n; i++) {
        d[i] = s[i];
    }
}

static void
ds_zero(void *dst, size_t n)
{
    uint8_t *d = dst;

    for (size_t i = 0; i < n; i++) {
        d[i] = 0;
    }
}

// Copies a string already known to fit (length <= max) with its NUL.
static void
ds_copy_str(char *dst, const char *src, size_t max)
{
    size_t n = ds_strnlen(src, max);

    ds_copy(dst, src, n);
    dst[n] = '\0';
}

// ---- argument checks ----

// A key, label or pattern: 1..max printable ASCII characters, no spaces.
// Returns MX_OK, -MX_EINVAL or -MX_E2BIG.
static int
check_name(const char *s, size_t max)
{
    size_t n;

    if (s == NULL) {
        return -MX_EINVAL;
    }
    n = ds_strnlen(s, max + 1);
    if (n == 0) {
        return -MX_EINVAL;
    }
    if (n > max) {
        return -MX_E2BIG;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] <= ' ' || s[i] > '~') {
            return -MX_EINVAL;
        }
    }
    return MX_OK;
}

static bool
valid_type(int type)
{
    return type >= DS_U32 && type <= DS_LABEL;
}

static bool
has_extent(int type)
{
    return type == DS_STR || type == DS_MEM;
}

// ---- entries and the pool ----

// Index of the entry named key in its namespace (label entries or the
// rest), or -1.
static int
find_entry(const struct ds_store *st, const char *key, bool label_ns)
{
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        const struct ds_entry *e = &st->entries[i];
        if (e->used && (e->type == DS_LABEL) == label_ns && ds_streq(e->key, key)) {
            return i;
        }
    }
    return -1;
}

static int
find_free_entry(const struct ds_store *st)
{
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        if (!st->entries[i].used) {
            return i;
        }
    }
    return -1;
}

// Releases e's extent: the values above it slide down so the pool stays
// packed, and their offsets follow.
static void
pool_free(struct ds_store *st, struct ds_entry *e)
{
    uint32_t off = e->off, size = e->size;

    if (size == 0) {
        return;
    }
    for (uint32_t i = off; i + size < st->pool_used; i++) {
        st->pool[i] = st->pool[i + size];
    }
    st->pool_used -= size;
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        struct ds_entry *o = &st->entries[i];
        if (o->used && o->size != 0 && o->off > off) {
            o->off -= size;
        }
    }
    e->off = 0;
    e->size = 0;
}

// Gives e an extent of size bytes at the end of the pool; the caller has
// checked that it fits. Empty extents sit at offset 0.
static void
pool_alloc(struct ds_store *st, struct ds_entry *e, uint32_t size)
{
    e->off = size == 0 ? 0 : st->pool_used;
    e->size = size;
    st->pool_used += size;
}

// ---- subscriptions ----

static int
find_sub(const struct ds_store *st, const char *label)
{
    for (int i = 0; i < DS_MAX_SUBS; i++) {
        if (st->subs[i].used && ds_streq(st->subs[i].label, label)) {
            return i;
        }
    }
    return -1;
}

static int
find_free_sub(const struct ds_store *st)
{
    for (int i = 0; i < DS_MAX_SUBS; i++) {
        if (!st->subs[i].used) {
            return i;
        }
    }
    return -1;
}

static bool
has_pattern(const struct ds_sub *s, const char *pattern)
{
    for (unsigned i = 0; i < s->npatterns; i++) {
        if (ds_streq(s->patterns[i], pattern)) {
            return true;
        }
    }
    return false;
}

static bool
sub_matches(const struct ds_sub *s, const char *key)
{
    for (unsigned i = 0; i < s->npatterns; i++) {
        if (ds_glob_match(s->patterns[i], key)) {
            return true;
        }
    }
    return false;
}

// Appends a change to s's queue, or marks it overflowed when full (see
// store.h). Returns true when s has something new to learn (so it must be
// notified), false when the change is covered by a pending overflow.
static bool
sub_push(struct ds_sub *s, const char *key, int type, int change)
{
    struct ds_change_rec *r;

    if (s->overflowed) {
        return false;
    }
    if (s->count == DS_QUEUE_LEN) {
        s->overflowed = true;
        s->head = 0;
        s->count = 0;
        return true;
    }
    r = &s->queue[(s->head + s->count) % DS_QUEUE_LEN];
    ds_copy_str(r->key, key, DS_KEY_MAX);
    r->type = (uint8_t)type;
    r->change = (uint8_t)change;
    s->count++;
    return true;
}

static void
notify_add(struct ds_notify *n, endpoint_t ep)
{
    if (n->count < DS_MAX_SUBS) {
        n->endpoints[n->count++] = ep;
    }
}

// Records a change of key for every subscriber whose patterns match.
static void
record_change(struct ds_store *st, const char *key, int type, int change,
              struct ds_notify *notify)
{
    for (int i = 0; i < DS_MAX_SUBS; i++) {
        struct ds_sub *s = &st->subs[i];
        if (s->used && sub_matches(s, key) && sub_push(s, key, type, change)) {
            notify_add(notify, s->endpoint);
        }
    }
}

// Queues DS_PUBLISHED for every entry matching pattern (or, with pattern
// NULL, any of s's patterns). Returns true if s must be notified.
static bool
report_existing(const struct ds_store *st, struct ds_sub *s, const char *pattern)
{
    bool changed = false;

    for (int i = 0; i < DS_MAX_KEYS; i++) {
        const struct ds_entry *e = &st->entries[i];
        if (!e->used) {
            continue;
        }
        if (pattern != NULL ? ds_glob_match(pattern, e->key) : sub_matches(s, e->key)) {
            changed |= sub_push(s, e->key, e->type, DS_PUBLISHED);
        }
    }
    return changed;
}

// ---- public API ----

void
ds_store_init(struct ds_store *st)
{
    ds_zero(st, sizeof(*st));
    st->magic = DS_STORE_MAGIC;
}

bool
ds_glob_match(const char *pattern, const char *key)
{
    const char *star = NULL, *resume = NULL;

    if (pattern == NULL || key == NULL) {
        return false;
    }
    // Greedy scan; on a mismatch, let the last `*` swallow one more
    // character and retry from there. Linear in practice, no recursion.
    while (*key != '\0') {
        if (*pattern == '*') {
            star = pattern++;
            resume = key;
        } else if (*pattern == *key) {
            pattern++;
            key++;
        } else if (star != NULL) {
            pattern = star + 1;
            key = ++resume;
        } else {
            return false;
        }
    }
    while (*pattern == '*') {
        pattern++;
    }
    return *pattern == '\0';
}

// Checks the value part of a publish and computes its pool extent size.
static int
check_value(const struct ds_value *val, const struct ds_caller *caller, uint32_t *extent)
{
    size_t n;

    *extent = 0;
    if (!valid_type(val->type)) {
        return -MX_EINVAL;
    }
    switch (val->type) {
    case DS_LABEL:
        if (!caller->is_rs) {
            return -MX_EPERM;
        }
        return endpoint_is_process(val->endpoint) ? MX_OK : -MX_EINVAL;
    case DS_STR:
        if (val->data == NULL && val->len != 0) {
            return -MX_EINVAL;
        }
        n = val->data == NULL ? 0 : ds_strnlen(val->data, val->len);
        if (n > DS_STR_MAX) {
            return -MX_E2BIG;
        }
        *extent = (uint32_t)n + 1;
        return MX_OK;
    case DS_MEM:
        if (val->data == NULL && val->len != 0) {
            return -MX_EINVAL;
        }
        if (val->len > DS_MEM_MAX) {
            return -MX_E2BIG;
        }
        *extent = (uint32_t)val->len;
        return MX_OK;
    default:
        return MX_OK;
    }
}

// Stores val into e (whose extent, if any, is already allocated).
static void
store_value(struct ds_store *st, struct ds_entry *e, const struct ds_value *val)
{
    e->u32 = 0;
    e->endpoint = 0;
    switch (val->type) {
    case DS_U32:
        e->u32 = val->u32;
        break;
    case DS_LABEL:
        e->endpoint = val->endpoint;
        break;
    case DS_STR:
        ds_copy(&st->pool[e->off], val->data, e->size - 1);
        st->pool[e->off + e->size - 1] = '\0';
        break;
    default: // DS_MEM
        ds_copy(&st->pool[e->off], val->data, e->size);
        break;
    }
}

static int
publish_locked(struct ds_store *st, const struct ds_caller *caller, const char *key,
               const struct ds_value *val, unsigned flags, struct ds_notify *notify)
{
    struct ds_entry *e;
    uint32_t extent, room;
    int rc, idx, change;

    if (notify != NULL) {
        notify->count = 0;
    }
    if (st == NULL || caller == NULL || val == NULL || notify == NULL) {
        return -MX_EINVAL;
    }
    if ((flags & ~(unsigned)DS_OVERWRITE) != 0) {
        return -MX_EINVAL;
    }
    if ((rc = check_name(caller->label, DS_LABEL_MAX)) != MX_OK ||
        (rc = check_name(key, DS_KEY_MAX)) != MX_OK ||
        (rc = check_value(val, caller, &extent)) != MX_OK) {
        return rc;
    }

    idx = find_entry(st, key, val->type == DS_LABEL);
    room = DS_POOL_SIZE - st->pool_used;
    if (idx >= 0) {
        e = &st->entries[idx];
        if ((flags & DS_OVERWRITE) == 0) {
            return -MX_EEXIST;
        }
        if (!ds_streq(e->owner, caller->label)) {
            return -MX_EPERM;
        }
        if (e->type != val->type) {
            return -MX_EEXIST;
        }
        room += e->size;
        change = DS_OVERWRITTEN;
    } else {
        idx = find_free_entry(st);
        if (idx < 0) {
            return -MX_ENOSPC;
        }
        e = &st->entries[idx];
        change = DS_PUBLISHED;
    }
    if (extent > room) {
        return -MX_ENOSPC;
    }

    // Nothing can fail from here on.
    if (change == DS_PUBLISHED) {
        ds_zero(e, sizeof(*e));
        e->used = true;
        e->type = (uint8_t)val->type;
        ds_copy_str(e->key, key, DS_KEY_MAX);
        ds_copy_str(e->owner, caller->label, DS_LABEL_MAX);
    } else {
        pool_free(st, e);
    }
    pool_alloc(st, e, extent);
    store_value(st, e, val);
    record_change(st, e->key, e->type, change, notify);
    return MX_OK;
}

int
ds_retrieve(const struct ds_store *st, const char *key, enum ds_type type, void *buf,
            size_t size, struct ds_retrieved *out)
{
    const struct ds_entry *e;
    size_t n;
    int rc, idx;

    if (out != NULL) {
        ds_zero(out, sizeof(*out));
    }
    if (st == NULL || out == NULL || (buf == NULL && size != 0) || !valid_type(type)) {
        return -MX_EINVAL;
    }
    if ((rc = check_name(key, DS_KEY_MAX)) != MX_OK) {
        return rc;
    }
    idx = find_entry(st, key, type == DS_LABEL);
    if (idx < 0 || st->entries[idx].type != type) {
        return -MX_ESRCH;
    }
    e = &st->entries[idx];
    switch (type) {
    case DS_U32:
        out->u32 = e->u32;
        break;
    case DS_LABEL:
        out->endpoint = e->endpoint;
        break;
    case DS_STR:
        out->len = e->size - 1;
        if (size > 0) {
            n = out->len < size - 1 ? out->len : size - 1;
            ds_copy(buf, &st->pool[e->off], n);
            ((char *)buf)[n] = '\0';
            out->copied = n + 1;
        }
        break;
    default: // DS_MEM
        out->len = e->size;
        n = out->len < size ? out->len : size;
        ds_copy(buf, &st->pool[e->off], n);
        out->copied = n;
        break;
    }
    return MX_OK;
}

int
ds_retrieve_label_name(const struct ds_store *st, endpoint_t ep, char *buf, size_t size)
{
    if (st == NULL || buf == NULL) {
        return -MX_EINVAL;
    }
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        const struct ds_entry *e = &st->entries[i];
        if (e->used && e->type == DS_LABEL && e->endpoint == ep) {
            size_t n = ds_strnlen(e->key, DS_KEY_MAX);
            if (n + 1 > size) {
                return -MX_E2BIG;
            }
            ds_copy(buf, e->key, n + 1);
            return MX_OK;
        }
    }
    return -MX_ESRCH;
}

static int
delete_locked(struct ds_store *st, const struct ds_caller *caller, const char *key,
              enum ds_type type, struct ds_notify *notify)
{
    char name[DS_KEY_MAX + 1];
    struct ds_entry *e;
    int rc, idx;

    if (notify != NULL) {
        notify->count = 0;
    }
    if (st == NULL || caller == NULL || notify == NULL || !valid_type(type)) {
        return -MX_EINVAL;
    }
    if ((rc = check_name(caller->label, DS_LABEL_MAX)) != MX_OK ||
        (rc = check_name(key, DS_KEY_MAX)) != MX_OK) {
        return rc;
    }
    idx = find_entry(st, key, type == DS_LABEL);
    if (idx < 0 || st->entries[idx].type != type) {
        return -MX_ESRCH;
    }
    e = &st->entries[idx];
    if (!ds_streq(e->owner, caller->label)) {
        return -MX_EPERM;
    }
    ds_copy_str(name, e->key, DS_KEY_MAX);
    pool_free(st, e);
    ds_zero(e, sizeof(*e));
    record_change(st, name, type, DS_DELETED, notify);
    return MX_OK;
}

static int
subscribe_locked(struct ds_store *st, const char *label, endpoint_t ep, const char *pattern,
                 unsigned flags, struct ds_notify *notify)
{
    struct ds_sub *s;
    bool present;
    int rc, idx;

    if (notify != NULL) {
        notify->count = 0;
    }
    if (st == NULL || notify == NULL || (flags & ~(unsigned)DS_INITIAL) != 0) {
        return -MX_EINVAL;
    }
    if ((rc = check_name(label, DS_LABEL_MAX)) != MX_OK ||
        (rc = check_name(pattern, DS_PATTERN_MAX)) != MX_OK) {
        return rc;
    }
    if (!endpoint_is_process(ep)) {
        return -MX_EINVAL;
    }

    idx = find_sub(st, label);
    if (idx >= 0) {
        s = &st->subs[idx];
        present = has_pattern(s, pattern);
        if (!present && s->npatterns == DS_SUB_PATTERNS) {
            return -MX_ENOSPC;
        }
        if (!present) {
            ds_copy_str(s->patterns[s->npatterns++], pattern, DS_PATTERN_MAX);
        }
    } else {
        idx = find_free_sub(st);
        if (idx < 0) {
            return -MX_ENOSPC;
        }
        s = &st->subs[idx];
        ds_zero(s, sizeof(*s));
        s->used = true;
        ds_copy_str(s->label, label, DS_LABEL_MAX);
        ds_copy_str(s->patterns[0], pattern, DS_PATTERN_MAX);
        s->npatterns = 1;
    }
    s->endpoint = ep;
    if ((flags & DS_INITIAL) != 0 && report_existing(st, s, pattern)) {
        notify_add(notify, ep);
    }
    return MX_OK;
}

static int
unsubscribe_locked(struct ds_store *st, const char *label)
{
    int rc, idx;

    if (st == NULL) {
        return -MX_EINVAL;
    }
    if ((rc = check_name(label, DS_LABEL_MAX)) != MX_OK) {
        return rc;
    }
    idx = find_sub(st, label);
    if (idx < 0) {
        return -MX_ESRCH;
    }
    ds_zero(&st->subs[idx], sizeof(st->subs[idx]));
    return MX_OK;
}

static int
check_locked(struct ds_store *st, const char *label, struct ds_event *ev)
{
    struct ds_sub *s;
    const struct ds_change_rec *r;
    int rc, idx;

    if (st == NULL || ev == NULL) {
        return -MX_EINVAL;
    }
    if ((rc = check_name(label, DS_LABEL_MAX)) != MX_OK) {
        return rc;
    }
    idx = find_sub(st, label);
    if (idx < 0) {
        return -MX_ENOENT;
    }
    s = &st->subs[idx];
    ds_zero(ev, sizeof(*ev));
    if (s->overflowed) {
        // The queue is empty; refill it with the current state.
        s->overflowed = false;
        ev->type = DS_TYPE_NONE;
        ev->change = DS_OVERFLOWED;
        report_existing(st, s, NULL);
        return MX_OK;
    }
    if (s->count == 0) {
        return -MX_ESRCH;
    }
    r = &s->queue[s->head];
    ds_copy_str(ev->key, r->key, DS_KEY_MAX);
    ev->type = (enum ds_type)r->type;
    ev->change = (enum ds_change)r->change;
    s->head = (uint8_t)((s->head + 1) % DS_QUEUE_LEN);
    s->count--;
    return MX_OK;
}

// ---- the mutating calls: busy while they change the store ----

// A crash between begin_change and end_change (DS dying in the middle of a
// change) leaves busy set, and a store kept across the crash is refused.
// The fences keep the compiler from moving the store's writes across them.
static void
begin_change(struct ds_store *st)
{
    st->busy = 1;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static int
end_change(struct ds_store *st, int rc)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    st->busy = 0;
    return rc;
}

int
ds_publish(struct ds_store *st, const struct ds_caller *caller, const char *key,
           const struct ds_value *val, unsigned flags, struct ds_notify *notify)
{
    if (st == NULL) {
        return publish_locked(st, caller, key, val, flags, notify);
    }
    begin_change(st);
    return end_change(st, publish_locked(st, caller, key, val, flags, notify));
}

int
ds_delete(struct ds_store *st, const struct ds_caller *caller, const char *key,
          enum ds_type type, struct ds_notify *notify)
{
    if (st == NULL) {
        return delete_locked(st, caller, key, type, notify);
    }
    begin_change(st);
    return end_change(st, delete_locked(st, caller, key, type, notify));
}

int
ds_subscribe(struct ds_store *st, const char *label, endpoint_t ep, const char *pattern,
             unsigned flags, struct ds_notify *notify)
{
    if (st == NULL) {
        return subscribe_locked(st, label, ep, pattern, flags, notify);
    }
    begin_change(st);
    return end_change(st, subscribe_locked(st, label, ep, pattern, flags, notify));
}

int
ds_unsubscribe(struct ds_store *st, const char *label)
{
    if (st == NULL) {
        return unsubscribe_locked(st, label);
    }
    begin_change(st);
    return end_change(st, unsubscribe_locked(st, label));
}

int
ds_check(struct ds_store *st, const char *label, struct ds_event *ev)
{
    if (st == NULL) {
        return check_locked(st, label, ev);
    }
    begin_change(st);
    return end_change(st, check_locked(st, label, ev));
}

// ---- consistency ----

// One entry on its own (keys unique: duplicate_keys).
static bool
entry_consistent(const struct ds_store *st, int i)
{
    const struct ds_entry *e = &st->entries[i];

    if (!valid_type(e->type) || check_name(e->key, DS_KEY_MAX) != MX_OK ||
        check_name(e->owner, DS_LABEL_MAX) != MX_OK) {
        return false;
    }
    if (e->type == DS_LABEL && !endpoint_is_process(e->endpoint)) {
        return false;
    }
    if (!has_extent(e->type) || e->size == 0) {
        return e->off == 0 && (e->size == 0) && e->type != DS_STR;
    }
    if (e->off > st->pool_used || e->size > st->pool_used - e->off) {
        return false;
    }
    if (e->type == DS_MEM) {
        return e->size <= DS_MEM_MAX;
    }
    // A string: no NUL inside, one at the end.
    return e->size - 1 <= DS_STR_MAX &&
           ds_strnlen((const char *)&st->pool[e->off], e->size) == e->size - 1;
}

// The non-empty extents must tile [0, pool_used): no overlap, sizes adding
// up to pool_used.
static bool
pool_consistent(const struct ds_store *st)
{
    uint64_t total = 0;

    for (int i = 0; i < DS_MAX_KEYS; i++) {
        const struct ds_entry *a = &st->entries[i];
        if (!a->used || a->size == 0) {
            continue;
        }
        total += a->size;
        for (int j = i + 1; j < DS_MAX_KEYS; j++) {
            const struct ds_entry *b = &st->entries[j];
            if (b->used && b->size != 0 && a->off < b->off + b->size &&
                b->off < a->off + a->size) {
                return false;
            }
        }
    }
    return total == st->pool_used;
}

static bool
sub_consistent(const struct ds_store *st, int i)
{
    const struct ds_sub *s = &st->subs[i];

    if (check_name(s->label, DS_LABEL_MAX) != MX_OK || !endpoint_is_process(s->endpoint) ||
        s->npatterns == 0 || s->npatterns > DS_SUB_PATTERNS || s->head >= DS_QUEUE_LEN ||
        s->count > DS_QUEUE_LEN || (s->overflowed && s->count != 0)) {
        return false;
    }
    for (int j = 0; j < i; j++) {
        if (st->subs[j].used && ds_streq(st->subs[j].label, s->label)) {
            return false;
        }
    }
    for (unsigned p = 0; p < s->npatterns; p++) {
        if (check_name(s->patterns[p], DS_PATTERN_MAX) != MX_OK) {
            return false;
        }
    }
    for (unsigned k = 0; k < s->count; k++) {
        const struct ds_change_rec *r = &s->queue[(s->head + k) % DS_QUEUE_LEN];
        if (check_name(r->key, DS_KEY_MAX) != MX_OK || !valid_type(r->type) ||
            r->change < DS_PUBLISHED || r->change > DS_DELETED) {
            return false;
        }
    }
    return true;
}

// Entries with the same key in the same namespace.
static bool
duplicate_keys(const struct ds_store *st)
{
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        const struct ds_entry *e = &st->entries[i];
        for (int j = 0; e->used && j < i; j++) {
            const struct ds_entry *o = &st->entries[j];
            if (o->used && (o->type == DS_LABEL) == (e->type == DS_LABEL) &&
                ds_streq(o->key, e->key)) {
                return true;
            }
        }
    }
    return false;
}

const char *
ds_store_problem(const struct ds_store *st)
{
    if (st == NULL || st->magic == 0) {
        return "no store kept (zeroed memory)";
    }
    if (st->magic != DS_STORE_MAGIC) {
        return "not a store of this layout (magic)";
    }
    if (st->busy != 0) {
        return "a change was in progress";
    }
    if (st->pool_used > DS_POOL_SIZE) {
        return "pool size out of range";
    }
    if (duplicate_keys(st)) {
        return "two entries have the same key";
    }
    for (int i = 0; i < DS_MAX_KEYS; i++) {
        if (st->entries[i].used && !entry_consistent(st, i)) {
            return "an entry is damaged (key, owner, type, length or NUL)";
        }
    }
    for (int i = 0; i < DS_MAX_SUBS; i++) {
        if (st->subs[i].used && !sub_consistent(st, i)) {
            return "a subscription is damaged";
        }
    }
    return pool_consistent(st) ? NULL : "the values overlap or leave gaps in the pool";
}

bool
ds_store_consistent(const struct ds_store *st)
{
    return ds_store_problem(st) == NULL;
}
