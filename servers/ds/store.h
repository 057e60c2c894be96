// The data store's core: a fixed-size key/value store with owners and
// subscriptions, used by the DS server so that a restarted service can
// recover its state. Portable and freestanding: no IPC, no allocation, no
// hidden globals. The server declares one `struct ds_store` statically and
// passes it to every call; the struct holds no pointers, so a live update
// can copy it byte for byte.
//
// Rules (see each function for its error codes):
// - Keys are printable ASCII without spaces, 1..DS_KEY_MAX characters.
//   Label entries (label -> endpoint) have their own namespace, so a
//   service cannot squat the name of another service's label; u32, string
//   and memory entries share the other namespace.
// - A key is owned by the label that first published it; only that label
//   may overwrite or delete it. Anyone may retrieve it (no private keys).
// - Only RS publishes label entries.
// - Overwriting never changes an entry's type: publishing an existing key
//   with another type is -MX_EEXIST even with DS_OVERWRITE (delete first).
// - Subscribers are labels with up to DS_SUB_PATTERNS glob patterns (`*`
//   matches any run of characters, everything else is literal). Every
//   publish, overwrite and delete of a matching key appends one change
//   (key, type, what happened) to the subscriber's queue, and the mutating
//   call lists the subscriber's endpoint in its `struct ds_notify` so the
//   server can notify it. The subscriber then calls ds_check until
//   -MX_ESRCH.
// - Queue overflow: when a change does not fit, the queue is emptied and
//   marked overflowed; further changes are not queued. The next ds_check
//   returns DS_OVERFLOWED (key ""), clears the mark and queues a
//   DS_PUBLISHED change for every key that matches the subscriber's
//   patterns at that moment (DS_QUEUE_LEN >= DS_MAX_KEYS, so this always
//   fits). The subscriber must drop what it knew and rebuild from those.
// - Every mutating call (publish, delete, subscribe, unsubscribe, check)
//   sets `busy` while it changes the store: a crash in the middle leaves
//   it set, and ds_store_consistent refuses such a store.
// - Entries and subscriptions are never removed because a label died; the
//   server calls ds_unsubscribe for a dead subscriber, and a restarted
//   service finds its keys where it left them.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirv/endpoint.h>

enum {
    DS_MAX_KEYS = 64,        // entries in the store, all types together
    DS_KEY_MAX = 31,         // characters in a key (label entries too)
    DS_LABEL_MAX = 15,       // characters in an owner/subscriber label
    DS_STR_MAX = 255,        // characters in a string value
    DS_MEM_MAX = 4096,       // bytes in a memory value
    DS_POOL_SIZE = 16384,    // bytes for all string (with NUL) and memory values
    DS_MAX_SUBS = 16,        // subscribers (labels)
    DS_SUB_PATTERNS = 4,     // patterns per subscriber
    DS_PATTERN_MAX = 31,     // characters in a pattern
    DS_QUEUE_LEN = 64,       // queued changes per subscriber
    DS_STORE_MAGIC = 0x44533032, // "DS02": layout version, checked by ds_store_consistent
};

// Value types. 0 is no type, so a zeroed field is never a valid type.
enum ds_type {
    DS_TYPE_NONE = 0,
    DS_U32 = 1,
    DS_STR = 2,
    DS_MEM = 3,
    DS_LABEL = 4, // label -> endpoint; the key is the label
};

// What happened to a key, as reported by ds_check.
enum ds_change {
    DS_PUBLISHED = 1,   // new key (or existing key reported by DS_INITIAL/overflow)
    DS_OVERWRITTEN = 2, // existing key got a new value
    DS_DELETED = 3,     // key removed; the event still names it
    DS_OVERFLOWED = 4,  // changes were lost: forget everything, rebuild from what follows
};

enum ds_flags {
    DS_OVERWRITE = 1u << 0, // ds_publish: replace an existing value
    DS_INITIAL = 1u << 1,   // ds_subscribe: report existing matching keys as DS_PUBLISHED
};

// Who is calling. The server fills it from the caller's endpoint (label from
// ds_retrieve_label_name, is_rs when the caller is RS).
struct ds_caller {
    const char *label;
    bool is_rs;
};

// A value to publish. Only the fields of `type` are read.
struct ds_value {
    enum ds_type type;
    uint32_t u32;        // DS_U32
    endpoint_t endpoint; // DS_LABEL: a process endpoint
    const void *data;    // DS_STR, DS_MEM: `len` readable bytes (not inside the store)
    size_t len;          // DS_STR: the string ends at the first NUL or after len bytes
};

// What ds_retrieve found.
struct ds_retrieved {
    uint32_t u32;        // DS_U32
    endpoint_t endpoint; // DS_LABEL
    size_t len;          // DS_STR, DS_MEM: full stored length (DS_STR: without the NUL)
    size_t copied;       // DS_STR, DS_MEM: bytes written to buf (DS_STR: with the NUL)
};

// One change, as returned by ds_check.
struct ds_event {
    char key[DS_KEY_MAX + 1]; // "" for DS_OVERFLOWED
    enum ds_type type;        // DS_TYPE_NONE for DS_OVERFLOWED
    enum ds_change change;
};

// Endpoints the server must notify after a mutating call, one per
// subscriber that got a new change, in subscriber-table order. Every
// mutating call sets count to 0 first, so on error it is 0.
struct ds_notify {
    unsigned count;
    endpoint_t endpoints[DS_MAX_SUBS];
};

// Internal records; only store.c looks inside.
struct ds_entry {
    bool used;
    uint8_t type;                 // enum ds_type
    char key[DS_KEY_MAX + 1];
    char owner[DS_LABEL_MAX + 1];
    uint32_t u32;
    endpoint_t endpoint;
    uint32_t off;                 // DS_STR, DS_MEM: extent in the pool
    uint32_t size;                // DS_STR: length + 1 (the NUL); DS_MEM: length
};

struct ds_change_rec {
    char key[DS_KEY_MAX + 1];
    uint8_t type;   // enum ds_type
    uint8_t change; // enum ds_change
};

struct ds_sub {
    bool used;
    bool overflowed;
    char label[DS_LABEL_MAX + 1];
    endpoint_t endpoint;
    uint8_t npatterns;
    uint8_t head;  // oldest queued change
    uint8_t count; // queued changes
    char patterns[DS_SUB_PATTERNS][DS_PATTERN_MAX + 1];
    struct ds_change_rec queue[DS_QUEUE_LEN];
};

// The whole store. Values live in `pool`, packed from offset 0 with no
// gaps (deleting or resizing a value slides the later ones down).
struct ds_store {
    uint32_t magic;     // DS_STORE_MAGIC
    uint32_t busy;      // 1 while a mutating call runs (a crash leaves it set)
    uint32_t pool_used; // bytes of the pool in use, all at its start
    struct ds_entry entries[DS_MAX_KEYS];
    struct ds_sub subs[DS_MAX_SUBS];
    uint8_t pool[DS_POOL_SIZE];
};

// Empties the store. st must not be NULL.
void ds_store_init(struct ds_store *st);

// True if every internal invariant holds (magic, no change in progress,
// keys and labels valid and unique per namespace, owners valid, pool
// extents tile [0, pool_used) exactly, strings NUL-terminated, queues in
// range). For tests and for checking a store inherited through a live
// update or kept across DS's own crash. NULL is not consistent.
bool ds_store_consistent(const struct ds_store *st);
// The same check, naming the first problem found; NULL if there is none.
const char *ds_store_problem(const struct ds_store *st);

// Publishes key = *val on behalf of caller. flags: 0 or DS_OVERWRITE.
// Subscribers whose patterns match get DS_PUBLISHED (new key) or
// DS_OVERWRITTEN, and are listed in *notify.
// Returns MX_OK, or
//   -MX_EINVAL  a NULL argument (val->data may be NULL only with len 0),
//               an empty or non-printable key or label, an unknown type or
//               flag, or a DS_LABEL endpoint that is not a process
//   -MX_E2BIG   key > DS_KEY_MAX, label > DS_LABEL_MAX, string >
//               DS_STR_MAX characters, memory > DS_MEM_MAX bytes
//   -MX_EPERM   DS_LABEL from a caller that is not RS, or overwriting a
//               key owned by another label
//   -MX_EEXIST  key exists and no DS_OVERWRITE, or it exists with another type
//   -MX_ENOSPC  no free entry (DS_MAX_KEYS) or not enough pool space
//               (counting the space the old value frees)
// On error the store is unchanged.
int ds_publish(struct ds_store *st, const struct ds_caller *caller, const char *key,
               const struct ds_value *val, unsigned flags, struct ds_notify *notify);

// Looks up key as `type` and fills *out. DS_U32 and DS_LABEL ignore buf and
// size. DS_STR copies at most size-1 characters and a NUL (truncated if
// out->len >= size); DS_MEM copies at most size bytes (truncated if
// out->len > size). size 0 writes nothing and only reports out->len (buf
// may then be NULL). The store is not changed.
// Returns MX_OK, or
//   -MX_EINVAL  NULL st, key or out, buf NULL with size > 0, bad key, bad type
//   -MX_E2BIG   key > DS_KEY_MAX
//   -MX_ESRCH   no such key of that type (missing, or stored with another type)
int ds_retrieve(const struct ds_store *st, const char *key, enum ds_type type, void *buf,
                size_t size, struct ds_retrieved *out);

// Finds the label whose label entry holds endpoint ep (the server's
// endpoint -> caller label lookup) and copies it, NUL-terminated, to buf.
// Returns MX_OK, or
//   -MX_EINVAL  NULL st or buf
//   -MX_ESRCH   no label entry has that endpoint
//   -MX_E2BIG   the label and its NUL do not fit in size bytes (nothing written)
int ds_retrieve_label_name(const struct ds_store *st, endpoint_t ep, char *buf, size_t size);

// Deletes key of the given type, owned by caller's label. Its pool space
// is freed. Matching subscribers get DS_DELETED and are listed in *notify.
// caller->is_rs is not used (ownership alone decides).
// Returns MX_OK, or
//   -MX_EINVAL  a NULL argument, bad key, bad label, bad type
//   -MX_E2BIG   key > DS_KEY_MAX or label > DS_LABEL_MAX
//   -MX_ESRCH   no such key of that type
//   -MX_EPERM   the key is owned by another label
int ds_delete(struct ds_store *st, const struct ds_caller *caller, const char *key,
              enum ds_type type, struct ds_notify *notify);

// Subscribes label (notified at endpoint ep) to keys matching pattern.
// A label already subscribed gets the pattern added (an identical pattern
// is not added twice) and its endpoint replaced by ep. flags: 0 or
// DS_INITIAL, which queues DS_PUBLISHED for every existing key matching
// this pattern (the subscriber is then listed in *notify).
// Returns MX_OK, or
//   -MX_EINVAL  a NULL argument, bad label, empty or non-printable pattern,
//               ep not a process endpoint, unknown flag
//   -MX_E2BIG   label > DS_LABEL_MAX or pattern > DS_PATTERN_MAX
//   -MX_ENOSPC  subscriber table full (new label) or the label already has
//               DS_SUB_PATTERNS other patterns
// On error the store is unchanged.
int ds_subscribe(struct ds_store *st, const char *label, endpoint_t ep, const char *pattern,
                 unsigned flags, struct ds_notify *notify);

// Removes label's subscription: all its patterns and queued changes. The
// server calls it when the subscriber's label goes away.
// Returns MX_OK, or
//   -MX_EINVAL  NULL argument or bad label
//   -MX_E2BIG   label > DS_LABEL_MAX
//   -MX_ESRCH   label has no subscription
int ds_unsubscribe(struct ds_store *st, const char *label);

// Takes label's oldest queued change into *ev (see DS_OVERFLOWED above).
// Returns MX_OK, or
//   -MX_EINVAL  NULL argument or bad label
//   -MX_E2BIG   label > DS_LABEL_MAX
//   -MX_ENOENT  label has no subscription
//   -MX_ESRCH   nothing pending
int ds_check(struct ds_store *st, const char *label, struct ds_event *ev);

// True if key matches the glob pattern (`*` = any run, possibly empty;
// everything else literal). Exposed for tests. NULL matches nothing.
bool ds_glob_match(const char *pattern, const char *key);
