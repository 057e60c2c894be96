// Kernel command line (/chosen/bootargs, QEMU -append): space-separated
// words, each "key=value" or a bare flag "key".
#pragma once

#include <stdbool.h>
#include <stddef.h>

// Copies the value of key into val (terminated, cut to size) and returns
// true; false if key is absent. A bare flag has the value "".
bool bootargs_get(const char *args, const char *key, char *val, size_t size);

// True if key appears, bare or with a value.
bool bootargs_has(const char *args, const char *key);

// Parses the value of key as a decimal or 0x-hex number; false if absent
// or not a number.
bool bootargs_get_u64(const char *args, const char *key, unsigned long long *out);
