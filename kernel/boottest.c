// Boot self-tests of the foundation: the clock ticks at the programmed
// rate, a trap preserves every register, and the kernel map enforces W^X and
// leaves user space and non-RAM unmapped. The QEMU runner reads the lines.
#include "boottest.h"

#include <stdint.h>

#include "arch.h"
#include "bootargs.h"
#include "clock.h"
#include "console.h"
#include "klib.h"
#include "panic.h"
#include "printk.h"

static struct {
    int passed;
    int failed;
} bt;

static void
report(const char *name, const char *failure)
{
    if (failure == NULL) {
        kprintf("PASS: boot/%s\n", name);
        bt.passed++;
    } else {
        kprintf("FAIL: boot/%s: %s\n", name, failure);
        bt.failed++;
    }
}

static const char *
test_timer_ticks(void)
{
    uint64_t start_ticks = clock_ticks(), start = arch_time_now();
    uint64_t limit = start + 100 * clock_period(); // generous: 100 periods

    while (clock_ticks() < start_ticks + 5 && arch_time_now() < limit) {
        arch_idle();
    }
    uint64_t elapsed = arch_time_now() - start;
    if (clock_ticks() < start_ticks + 5) {
        return "fewer than 5 ticks in 100 periods";
    }
    if (elapsed < 4 * clock_period()) {
        return "ticks arrive faster than programmed";
    }
    return NULL;
}

static const char *
test_trap_regs(void)
{
    static char msg[48];
    int bad = arch_selftest_trap_regs(clock_ticks_addr());

    if (bad == 0) {
        return NULL;
    }
    ksnprintf(msg, sizeof(msg), "register x%d clobbered by a trap", bad);
    return msg;
}

static const char *
test_text_readonly(void)
{
    uintptr_t text = (uintptr_t)&boottest_run;
    uint64_t before = 0, after = 0;

    if (!arch_probe_read(text & ~7ul, &before)) {
        return "kernel text not readable";
    }
    if (arch_probe_write(text & ~7ul, before ^ 1)) {
        return "kernel text is writable";
    }
    if (!arch_probe_read(text & ~7ul, &after) || after != before) {
        return "kernel text changed";
    }
    return NULL;
}

// Linker-script symbol: the unmapped page below the kernel stack.
extern char __stack_guard[];

static const char *
test_stack_guard_unmapped(void)
{
    uint64_t v;

    return arch_probe_read((uintptr_t)__stack_guard, &v) ? "stack guard page is mapped" : NULL;
}

static const char *
test_user_range_unmapped(void)
{
    uint64_t v;

    if (arch_probe_read(0x10000, &v) || arch_probe_read(0x40000000, &v) ||
        arch_probe_write(0x7ffff000, 1)) {
        return "kernel map has something in user space";
    }
    return NULL;
}

static const char *
test_ram_mapped(const struct memmap *mm)
{
    const struct fdt_range *last = &mm->free[mm->count - 1];
    uintptr_t first = (uintptr_t)mm->free[0].base;
    uintptr_t top = (uintptr_t)(last->base + last->size - 8);
    uint64_t v = 0;

    if (!arch_probe_write(first, 0x1234) || !arch_probe_read(first, &v) || v != 0x1234) {
        return "first free page not read/write";
    }
    if (!arch_probe_write(top, 0x5678) || !arch_probe_read(top, &v) || v != 0x5678) {
        return "last free word not read/write";
    }
    if (arch_probe_read(top + 8, &v)) {
        return "memory past the end of RAM is mapped";
    }
    return NULL;
}

void
boottest_run(const char *bootargs, const struct memmap *mm)
{
    char which[32];

    bootargs_get(bootargs, "test", which, sizeof(which));
    if (strcmp(which, "panic") == 0) {
        kprintf("boottest: faulting on purpose\n");
        (void)*(volatile uint64_t *)0x40000000ul; // unmapped: must panic
        kprintf("FAIL: boot/panic: the fault was not caught\n");
        arch_halt(1);
    }
    report("timer_ticks", test_timer_ticks());
    report("trap_regs", test_trap_regs());
    report("text_readonly", test_text_readonly());
    report("user_range_unmapped", test_user_range_unmapped());
    report("stack_guard_unmapped", test_stack_guard_unmapped());
    report("ram_mapped", test_ram_mapped(mm));
    kprintf("TESTS DONE pass=%d fail=%d\n", bt.passed, bt.failed);
    arch_halt(bt.failed == 0 ? 0 : 1);
}
