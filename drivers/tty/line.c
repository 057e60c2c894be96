// Canonical line editing for the tty (see line.h): echo, erase, kill,
// interrupt, end of file, over a fixed buffer that never overflows.
#include "line.h"

#include <string.h>

static void
echo(struct line_disc *l, const char *s, size_t n)
{
    if (l->echo != NULL) {
        l->echo(l->echo_ctx, s, n);
    }
}

void
line_init(struct line_disc *l, line_echo_fn fn, void *ctx)
{
    memset(l, 0, sizeof(*l));
    l->echo = fn;
    l->echo_ctx = ctx;
}

static void
erase_one(struct line_disc *l)
{
    if (l->len > l->done) {
        l->len--;
        echo(l, "\b \b", 3);
    }
}

// Ends the edited line with terminator t ('\n' or LINE_CH_EOF).
static enum line_event
finish(struct line_disc *l, uint8_t t)
{
    if (l->len == LINE_CAP) {
        return LINE_NONE; // full of finished lines: dropped until someone reads
    }
    l->buf[l->len++] = t;
    l->done = l->len;
    if (t == '\n') {
        echo(l, "\n", 1);
    }
    return LINE_READY;
}

enum line_event
line_input(struct line_disc *l, uint8_t c)
{
    switch (c) {
    case '\r':
    case '\n':
        return finish(l, '\n');
    case LINE_CH_EOF:
        return finish(l, LINE_CH_EOF);
    case LINE_CH_BS:
    case LINE_CH_DEL:
        erase_one(l);
        return LINE_NONE;
    case LINE_CH_KILL:
        while (l->len > l->done) {
            erase_one(l);
        }
        return LINE_NONE;
    case LINE_CH_INTR:
        l->len = l->done;
        echo(l, "^C\n", 3);
        return LINE_INTR;
    default:
        break;
    }
    if ((c < 0x20 && c != '\t') || l->len >= LINE_CAP - 1) {
        return LINE_NONE; // other controls, or no room left but for a terminator
    }
    l->buf[l->len++] = c;
    echo(l, (const char *)&c, 1);
    return LINE_NONE;
}

bool
line_readable(const struct line_disc *l)
{
    return l->done > 0;
}

size_t
line_peek(const struct line_disc *l, size_t max, size_t *consume)
{
    size_t n = 0;

    *consume = 0;
    while (n < l->done && n < max) {
        uint8_t c = l->buf[n];
        if (c == LINE_CH_EOF) {
            *consume = n + 1; // the terminator goes, unseen
            return n;
        }
        n++;
        if (c == '\n') {
            break;
        }
    }
    *consume = n;
    return n;
}

void
line_consume(struct line_disc *l, size_t consume)
{
    if (consume > l->done) {
        consume = l->done;
    }
    memmove(l->buf, l->buf + consume, l->len - consume);
    l->done -= consume;
    l->len -= consume;
}
