// The hello driver's protocol (ABI): a greeting and a counter that survives
// the driver's restarts (it lives in DS), and fault injection.
#pragma once

#include <stdint.h>

enum hello_call {
    HELLO_BASE = 0x500,
    HELLO_READ = HELLO_BASE + 0,       // reply: greeting and counter
    HELLO_CRASH = HELLO_BASE + 1,      // fault injection: segmentation fault
    HELLO_CRASH_ILL = HELLO_BASE + 2,  // fault injection: illegal instruction
    HELLO_HANG = HELLO_BASE + 3,       // fault injection: stop answering (spin)
};

struct hello_rep {
    int32_t status;
    uint32_t counter;
    char text[48];
};
