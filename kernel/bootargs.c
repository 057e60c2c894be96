// Parsing of the kernel command line. Portable, unit-tested on the host.
#include "bootargs.h"

#include "klib.h"

// Finds key as a whole word; returns a pointer just after it or NULL.
static const char *
find_key(const char *args, const char *key)
{
    size_t klen = strlen(key);
    const char *p = args;

    if (klen == 0) {
        return NULL;
    }
    while (*p != '\0') {
        while (*p == ' ') {
            p++;
        }
        const char *word = p;
        while (*p != '\0' && *p != ' ') {
            p++;
        }
        size_t wlen = (size_t)(p - word);
        if (wlen >= klen && strncmp(word, key, klen) == 0 &&
            (wlen == klen || word[klen] == '=')) {
            return word + klen;
        }
    }
    return NULL;
}

bool
bootargs_get(const char *args, const char *key, char *val, size_t size)
{
    const char *p = find_key(args, key);
    size_t n = 0;

    if (p == NULL) {
        return false;
    }
    if (*p == '=') {
        p++;
        while (p[n] != '\0' && p[n] != ' ') {
            n++;
        }
    }
    if (size > 0) {
        size_t copy = n < size - 1 ? n : size - 1;
        memcpy(val, p, copy);
        val[copy] = '\0';
    }
    return true;
}

bool
bootargs_has(const char *args, const char *key)
{
    return find_key(args, key) != NULL;
}

static bool
parse_u64(const char *s, unsigned long long *out)
{
    unsigned base = 10;
    unsigned long long v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9') {
            d = (unsigned)(*s - '0');
        } else if (base == 16 && ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')) {
            d = (unsigned)((*s | 0x20) - 'a' + 10);
        } else {
            return false;
        }
        if (v > (~0ull - d) / base) {
            return false; // overflow
        }
        v = v * base + d;
    }
    *out = v;
    return true;
}

bool
bootargs_get_u64(const char *args, const char *key, unsigned long long *out)
{
    char buf[32];

    if (!bootargs_get(args, key, buf, sizeof(buf)) || strlen(buf) >= sizeof(buf) - 1) {
        return false;
    }
    return parse_u64(buf, out);
}
