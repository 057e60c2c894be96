// The tty's canonical line discipline, independent of the UART and of IPC
// (host unit-tested). Input bytes are edited into a line (echo, erase,
// kill); Enter or Ctrl-D completes it and makes it readable; a read takes at
// most one line. The buffer has a fixed size: input that does not fit is
// dropped (the room for one terminator is kept, so a full line can always
// be completed), never written past the end.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    LINE_CAP = 256,        // bytes of input kept: finished lines + the one being edited
    LINE_CH_INTR = 0x03,   // Ctrl-C: SIGINT on the foreground, line discarded
    LINE_CH_EOF = 0x04,    // Ctrl-D: end of file (a read of an empty line returns 0)
    LINE_CH_BS = 0x08,     // backspace: erase one
    LINE_CH_KILL = 0x15,   // Ctrl-U: erase the line
    LINE_CH_DEL = 0x7f,    // DEL: erase one
};

enum line_event {
    LINE_NONE = 0,
    LINE_READY = 1,  // a line (or an end of file) became readable
    LINE_INTR = 2,   // Ctrl-C: raise SIGINT on the foreground
};

// Where echo goes (the UART); s holds n bytes.
typedef void (*line_echo_fn)(void *ctx, const char *s, size_t n);

struct line_disc {
    uint8_t buf[LINE_CAP]; // [0, done) finished lines, [done, len) being edited
    size_t done;
    size_t len;
    line_echo_fn echo;
    void *echo_ctx;
};

void line_init(struct line_disc *l, line_echo_fn echo, void *ctx);
// Feeds one received byte.
enum line_event line_input(struct line_disc *l, uint8_t c);
// True if a read would not wait (a finished line or an end of file).
bool line_readable(const struct line_disc *l);
// The next read of at most max bytes: returns how many bytes to hand over
// (from l->buf) and sets *consume to what line_consume must then drop (the
// bytes, plus a Ctrl-D terminator once the reader reached it).
size_t line_peek(const struct line_disc *l, size_t max, size_t *consume);
void line_consume(struct line_disc *l, size_t consume);
