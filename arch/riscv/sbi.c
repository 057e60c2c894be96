// SBI calls: ecall to M-mode firmware with a7 = extension, a6 = function.
#include "sbi.h"

enum {
    SBI_TIME_SET_TIMER = 0,
    SBI_SRST_RESET = 0,
    SBI_SRST_SHUTDOWN = 0,
    SBI_SRST_REASON_NONE = 0,
    SBI_SRST_REASON_FAILURE = 1,
};

struct sbiret
sbi_call(long ext, long fid, long a0, long a1, long a2)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a6 __asm__("a6") = fid;
    register long r_a7 __asm__("a7") = ext;

    __asm__ volatile("ecall"
                     : "+r"(r_a0), "+r"(r_a1)
                     : "r"(r_a2), "r"(r_a6), "r"(r_a7)
                     : "memory");
    return (struct sbiret){r_a0, r_a1};
}


void
sbi_putchar(char c)
{
    // Legacy extension: function id unused, the character is in a0.
    sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

void
sbi_set_timer(uint64_t deadline)
{
    sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, (long)deadline, 0, 0);
}

void
sbi_shutdown(bool failure)
{
    sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_SHUTDOWN,
             failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
}
