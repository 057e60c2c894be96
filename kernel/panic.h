// Fatal kernel errors: print a message on the console and stop the machine
// with a non-zero exit status (so test runs fail loudly, never hang).
#pragma once

#include <stdnoreturn.h>

enum { PANIC_EXIT_CODE = 2 };

noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// Stops after a caller has already printed its own diagnostics.
noreturn void panic_halt(void);
