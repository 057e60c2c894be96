// The kernel console: an ns16550-compatible UART driven by polling, with
// the SBI firmware console as a fallback until the UART is known.
#pragma once

#include <stdarg.h>
#include <stdint.h>

// Starts using the UART whose registers are at va with a stride of
// 1 << reg_shift bytes; va 0 switches back to the firmware console.
void console_init(uintptr_t va, uint32_t reg_shift);
void console_putc(char c);

// printf to the console (see printk.h for the conversions).
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
