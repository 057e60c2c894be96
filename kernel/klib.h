// The few C library routines the freestanding kernel uses. The target build
// gets them from klib.c; host unit tests get the host C library's (same
// prototypes), so kernel code calls them by their standard names.
#pragma once

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
// Zeroes one 4 KiB page (4096-aligned): the page-fault path's zeroing.
void page_zero(void *page);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

// Copies at most size-1 bytes of src into dst and terminates it; returns
// strlen(src) so callers can detect truncation (BSD strlcpy semantics).
static inline size_t
kstrlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
