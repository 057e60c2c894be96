// Polled ns16550 console output (transmit side only for now).
#include "console.h"

#include "arch.h"
#include "printk.h"

enum {
    UART_THR = 0,           // transmit holding register
    UART_LSR = 5,           // line status register
    UART_LSR_THRE = 1 << 5, // transmit holding register empty
    UART_SPIN_LIMIT = 1000000,
};

static struct {
    uintptr_t base;   // 0 = use the firmware console
    uint32_t shift;
} console;

void
console_init(uintptr_t va, uint32_t reg_shift)
{
    console.base = va;
    console.shift = reg_shift;
}

static volatile uint8_t *
reg(unsigned r)
{
    return (volatile uint8_t *)(console.base + ((uintptr_t)r << console.shift));
}

static void
raw_putc(char c)
{
    if (console.base == 0) {
        arch_firmware_putc(c);
        return;
    }
    // Bounded wait: a wedged UART must not hang the kernel forever.
    for (int i = 0; i < UART_SPIN_LIMIT && (*reg(UART_LSR) & UART_LSR_THRE) == 0; i++) {
    }
    *reg(UART_THR) = (uint8_t)c;
}

void
console_putc(char c)
{
    if (c == '\n') {
        raw_putc('\r');
    }
    raw_putc(c);
}


static void
out(char c, void *ctx)
{
    (void)ctx;
    console_putc(c);
}

int
kvprintf(const char *fmt, va_list ap)
{
    return kformat(out, NULL, fmt, ap);
}

int
kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}
