// Calls into the Supervisor Binary Interface (OpenSBI), SBI spec v1.0.
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct sbiret {
    long error;  // 0 on success, SBI_ERR_* otherwise
    long value;
};

// Extension ids (SBI spec v1.0, chapters 3-10).
enum {
    SBI_EXT_LEGACY_PUTCHAR = 0x01,
    SBI_EXT_BASE = 0x10,
    SBI_EXT_TIME = 0x54494D45,
    SBI_EXT_SRST = 0x53525354,
};

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);
void sbi_putchar(char c);
void sbi_set_timer(uint64_t deadline);
// System reset: shutdown, reason "no reason" or "system failure".
void sbi_shutdown(bool failure);
