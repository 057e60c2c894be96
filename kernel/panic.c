// panic(): the single exit for unrecoverable kernel errors.
#include "panic.h"

#include <stdarg.h>

#include "arch.h"
#include "console.h"

static int panicking;

noreturn void
panic_halt(void)
{
    arch_intr_disable();
    kprintf("PANIC: system halted\n");
    arch_halt(PANIC_EXIT_CODE);
}

noreturn void
panic(const char *fmt, ...)
{
    va_list ap;

    arch_intr_disable();
    if (panicking++ == 0) {
        kprintf("\nPANIC: ");
        va_start(ap, fmt);
        kvprintf(fmt, ap);
        va_end(ap);
        kprintf("\n");
    }
    panic_halt();
}
