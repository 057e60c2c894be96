// The ns16550 as the tty driver sees it: registers mapped into the
// driver's own address space (KC_DEVMAP), receive polled or on interrupt,
// transmit polled.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uart {
    uintptr_t base;      // virtual address of register 0
    uint32_t shift;      // register i at base + (i << shift)
    uint32_t width;      // access width: 1 or 4 bytes
};

// Turns the receive interrupt on (or off, when polling).
void uart_init(const struct uart *u, bool rx_interrupt);
// The next received byte, or -1 if none is waiting.
int uart_getc(const struct uart *u);
// Writes n bytes, '\n' as "\r\n".
void uart_write(const struct uart *u, const char *s, size_t n);
