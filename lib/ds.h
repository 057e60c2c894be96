// Client side of the data store (include/mirv/ds.h): what a service calls
// to keep state that must survive its restart, and to watch keys.
// Every call returns 0 or a negative MX_E* code (from DS or from IPC).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <mirv/endpoint.h>

// Types and flags, numbered as the store numbers them.
enum { DSC_U32 = 1, DSC_STR = 2, DSC_MEM = 3, DSC_LABEL = 4 };
enum { DSC_OVERWRITE = 1, DSC_INITIAL = 2 };
enum { DSC_PUBLISHED = 1, DSC_OVERWRITTEN = 2, DSC_DELETED = 3, DSC_OVERFLOWED = 4 };

int ds_publish_u32(const char *key, uint32_t value, unsigned flags);
int ds_publish_str(const char *key, const char *value, unsigned flags);
int ds_publish_mem(const char *key, const void *data, size_t len, unsigned flags);
int ds_publish_label(const char *label, endpoint_t ep, unsigned flags); // RS only

int ds_retrieve_u32(const char *key, uint32_t *value);
// Copies at most size-1 characters and a NUL; *full_len (if not NULL)
// gets the stored length, so truncation shows as *full_len >= size.
int ds_retrieve_str(const char *key, char *buf, size_t size, size_t *full_len);
int ds_retrieve_mem(const char *key, void *buf, size_t size, size_t *full_len);
int ds_retrieve_label(const char *label, endpoint_t *ep);

int ds_delete_key(const char *key, int type);
// Subscribes to keys matching pattern (glob, '*'); DS notifies on changes.
int ds_subscribe_keys(const char *pattern, unsigned flags);
int ds_unsubscribe_all(void);
// The next change: key (DS_PROTO_KEY_LEN bytes), its type and what
// happened; -MX_ESRCH when there is none.
int ds_check_change(char *key, int *type, int *change);
