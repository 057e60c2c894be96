// ns16550 access for the tty driver: receive (RBR when LSR.DR) and polled
// transmit (THR when LSR.THRE), through the registers KC_DEVMAP mapped.
#include "uart.h"

enum {
    REG_RBR = 0, REG_THR = 0, REG_IER = 1, REG_FCR = 2, REG_LSR = 5,
    IER_RX_AVAILABLE = 1 << 0,
    FCR_FIFO_ENABLE = 1 << 0,
    LSR_DATA_READY = 1 << 0,
    LSR_THR_EMPTY = 1 << 5,
    SPIN_LIMIT = 1000000,    // a wedged UART must not hang the driver
};

static uint32_t
rd(const struct uart *u, unsigned r)
{
    uintptr_t a = u->base + ((uintptr_t)r << u->shift);
    return u->width == 4 ? *(volatile uint32_t *)a : *(volatile uint8_t *)a;
}

static void
wr(const struct uart *u, unsigned r, uint32_t v)
{
    uintptr_t a = u->base + ((uintptr_t)r << u->shift);
    if (u->width == 4) {
        *(volatile uint32_t *)a = v;
    } else {
        *(volatile uint8_t *)a = (uint8_t)v;
    }
}

void
uart_init(const struct uart *u, bool rx_interrupt)
{
    wr(u, REG_FCR, FCR_FIFO_ENABLE);
    wr(u, REG_IER, rx_interrupt ? IER_RX_AVAILABLE : 0);
}

int
uart_getc(const struct uart *u)
{
    return (rd(u, REG_LSR) & LSR_DATA_READY) ? (int)(rd(u, REG_RBR) & 0xff) : -1;
}

static void
putc_raw(const struct uart *u, char c)
{
    for (int i = 0; i < SPIN_LIMIT && (rd(u, REG_LSR) & LSR_THR_EMPTY) == 0; i++) {
    }
    wr(u, REG_THR, (uint8_t)c);
}

void
uart_write(const struct uart *u, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            putc_raw(u, '\r');
        }
        putc_raw(u, s[i]);
    }
}
