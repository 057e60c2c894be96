// A fake of kernel/arch.h for host unit tests of the portable kernel.
// User memory is simulated: an "address space" is a small struct holding
// one contiguous buffer at a fixed user address; copies check bounds and a
// writable flag like the real page-table walk would. Return values set on a
// context are kept in its first word so tests can read them.
#include "fake_arch.h"

#include "console.h"

#include <stdlib.h>
#include <string.h>

#include <mirv/errors.h>

uint64_t fake_now;

static struct fake_as *
as_of(uint64_t root)
{
    return (struct fake_as *)(uintptr_t)root;
}

static int
fake_copy(uint64_t root, uint64_t va, void *buf, size_t len, bool to_user, bool check_only)
{
    struct fake_as *as = as_of(root);

    if (as == NULL || va < as->base || len > as->size || va - as->base > as->size - len) {
        return -MX_EFAULT;
    }
    if (to_user && !as->writable) {
        return -MX_EFAULT;
    }
    if (va < as->absent_hi && va + len > as->absent_lo) {
        return -MX_EFAULT; // not present
    }
    if (!check_only) {
        uint8_t *u = as->mem + (va - as->base);
        memcpy(to_user ? u : buf, to_user ? buf : u, len);
    }
    return MX_OK;
}

int
arch_copy_from_user(uint64_t as_root, void *dst, uint64_t va, size_t len)
{
    return fake_copy(as_root, va, dst, len, false, false);
}

int
arch_copy_to_user(uint64_t as_root, uint64_t va, const void *src, size_t len)
{
    return fake_copy(as_root, va, (void *)(uintptr_t)src, len, true, false);
}

void *
arch_user_kptr(uint64_t as_root, uint64_t va, size_t len, bool write)
{
    struct fake_as *as = as_of(as_root);

    if (as == NULL || as->no_kptr || fake_copy(as_root, va, NULL, len, write, true) != MX_OK) {
        return NULL;
    }
    return as->mem + (va - as->base);
}

int
arch_check_user(uint64_t as_root, uint64_t va, size_t len, bool write)
{
    return fake_copy(as_root, va, NULL, len, write, true);
}

bool
arch_as_is_mapped(uint64_t as_root, uint64_t va)
{
    struct fake_as *as = as_of(as_root);

    return as != NULL && va >= as->base && va - as->base < as->size &&
           !(va >= as->absent_lo && va < as->absent_hi);
}

void
arch_syscall_restart(struct arch_context *ctx)
{
    ctx->words[FAKE_RESTARTS]++;
}

void
arch_set_retval(struct arch_context *ctx, int64_t value)
{
    ctx->words[FAKE_RETVAL] = (uint64_t)value;
    ctx->words[FAKE_RETVAL_SET] = 1;
}

void
arch_syscall_args(const struct arch_context *ctx, uint64_t *op, uint64_t *a0, uint64_t *a1)
{
    *op = ctx->words[FAKE_OP];
    *a0 = ctx->words[FAKE_A0];
    *a1 = ctx->words[FAKE_A1];
}

uint64_t
arch_time_now(void)
{
    return fake_now;
}

void
arch_timer_arm(uint64_t deadline)
{
    (void)deadline;
}

void
arch_halt(int code)
{
    exit(code);
}

// The console is not under test: kernel messages are dropped.
int
kprintf(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

int
kcall_from_user_status(struct proc *caller, uint64_t va, int *status)
{
    (void)caller;
    (void)va;
    *status = -MX_ENOSYS;
    return MX_OK;
}

int
kcall_from_user(struct proc *caller, uint64_t va)
{
    (void)caller;
    (void)va;
    return -MX_ENOSYS;
}

// A fake interrupt controller: lines 1..fake_irq_line_count, each masked
// or not (fake_irq_unmasked[line]).
unsigned fake_irq_line_count = 31;
bool fake_irq_unmasked[FAKE_IRQ_LINES];

bool
arch_irq_present(void)
{
    return fake_irq_line_count != 0;
}

unsigned
arch_irq_lines(void)
{
    return fake_irq_line_count;
}

void
arch_irq_mask(unsigned line)
{
    if (line < FAKE_IRQ_LINES) {
        fake_irq_unmasked[line] = false;
    }
}

void
arch_irq_unmask(unsigned line)
{
    if (line < FAKE_IRQ_LINES) {
        fake_irq_unmasked[line] = true;
    }
}
