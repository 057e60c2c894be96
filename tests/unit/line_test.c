// Unit tests for the tty's canonical line discipline (drivers/tty/line.c):
// echo, erase, kill, interrupt, end of file, reads of one line at a time,
// and a full buffer that drops input instead of overflowing.
#define UTEST_SUITE "line"
#include "utest.h"

#include <string.h>

#include "../../drivers/tty/line.h"

static char echoed[4096];
static size_t echoed_len;

static void
capture(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    if (echoed_len + n < sizeof(echoed)) {
        memcpy(echoed + echoed_len, s, n);
        echoed_len += n;
        echoed[echoed_len] = '\0';
    }
}

static struct line_disc l;

static void
reset(void)
{
    echoed_len = 0;
    echoed[0] = '\0';
    line_init(&l, capture, NULL);
}

// Feeds s; returns the last event that was not LINE_NONE.
static enum line_event
type(const char *s)
{
    enum line_event last = LINE_NONE;
    for (; *s != '\0'; s++) {
        enum line_event e = line_input(&l, (uint8_t)*s);
        if (e != LINE_NONE) {
            last = e;
        }
    }
    return last;
}

// Reads like a reader with a max-byte buffer: the bytes into out (NUL-ended).
static size_t
rd(char *out, size_t max)
{
    size_t consume;
    size_t n = line_peek(&l, max, &consume);
    memcpy(out, l.buf, n);
    out[n] = '\0';
    line_consume(&l, consume);
    return n;
}

static void
test_line_completes_on_enter_with_echo(void)
{
    char out[64];

    reset();
    CHECK_EQ(type("hi"), LINE_NONE);
    CHECK(!line_readable(&l));
    CHECK_EQ(type("\r"), LINE_READY); // CR becomes NL
    CHECK(line_readable(&l));
    CHECK(strcmp(echoed, "hi\n") == 0);
    CHECK_EQ(rd(out, sizeof(out)), 3);
    CHECK(strcmp(out, "hi\n") == 0);
    CHECK(!line_readable(&l));
}

static void
test_erase_and_kill(void)
{
    char out[64];

    reset();
    type("abx\x7f" "c\x08" "d\n"); // DEL and BS both erase one
    CHECK_EQ(rd(out, sizeof(out)), 4);
    CHECK(strcmp(out, "abd\n") == 0);
    CHECK(strstr(echoed, "x\b \bc\b \bd") != NULL);
    type("garbage\x15real\n"); // Ctrl-U kills the line
    CHECK_EQ(rd(out, sizeof(out)), 5);
    CHECK(strcmp(out, "real\n") == 0);
    type("\x7f\x7f" "ok\n"); // erasing an empty line does nothing
    CHECK_EQ(rd(out, sizeof(out)), 3);
    CHECK(strcmp(out, "ok\n") == 0);
}

static void
test_erase_stops_at_finished_lines(void)
{
    char out[64];

    reset();
    type("one\nt\x7f\x7f\x7f" "two\n"); // cannot erase into "one\n"
    CHECK_EQ(rd(out, sizeof(out)), 4);
    CHECK(strcmp(out, "one\n") == 0);
    CHECK_EQ(rd(out, sizeof(out)), 4);
    CHECK(strcmp(out, "two\n") == 0);
}

static void
test_eof_on_empty_line_reads_zero(void)
{
    char out[64];

    reset();
    CHECK_EQ(type("\x04"), LINE_READY);
    CHECK(line_readable(&l));
    CHECK_EQ(rd(out, sizeof(out)), 0);
    CHECK(!line_readable(&l)); // the EOF was consumed
    type("abc\x04");            // Ctrl-D after text: the text, no newline
    CHECK_EQ(rd(out, sizeof(out)), 3);
    CHECK(strcmp(out, "abc") == 0);
    CHECK(!line_readable(&l));
    CHECK(strchr(echoed, 0x04) == NULL); // Ctrl-D is not echoed
}

static void
test_short_reads_split_a_line(void)
{
    char out[64];

    reset();
    type("hello\n");
    CHECK_EQ(rd(out, 2), 2);
    CHECK(strcmp(out, "he") == 0);
    CHECK_EQ(rd(out, 64), 4);
    CHECK(strcmp(out, "llo\n") == 0);
    type("ab\ncd\n"); // one line per read
    CHECK_EQ(rd(out, 64), 3);
    CHECK_EQ(rd(out, 64), 3);
    CHECK(strcmp(out, "cd\n") == 0);
}

static void
test_ctrl_c_interrupts_and_discards(void)
{
    char out[64];

    reset();
    type("keep\n");
    CHECK_EQ(type("junk\x03"), LINE_INTR);
    CHECK(strstr(echoed, "^C\n") != NULL);
    type("after\n");
    CHECK_EQ(rd(out, 64), 5);
    CHECK(strcmp(out, "keep\n") == 0); // finished lines stay
    CHECK_EQ(rd(out, 64), 6);
    CHECK(strcmp(out, "after\n") == 0);  // "junk" is gone
}

static void
test_full_buffer_never_overflows(void)
{
    char out[LINE_CAP + 1];

    reset();
    for (int i = 0; i < 3 * LINE_CAP; i++) {
        line_input(&l, 'x');
    }
    CHECK_EQ(l.len, LINE_CAP - 1);    // room kept for the terminator
    CHECK_EQ(type("\n"), LINE_READY); // so the line still completes
    CHECK_EQ(l.len, LINE_CAP);
    CHECK_EQ(type("y"), LINE_NONE);     // buffer full of finished data: dropped
    CHECK_EQ(type("\n"), LINE_NONE);
    CHECK_EQ(l.len, LINE_CAP);
    CHECK_EQ(rd(out, sizeof(out)), LINE_CAP);
    CHECK_EQ(out[LINE_CAP - 1], '\n');
    CHECK_EQ(l.len, 0);
    type("z\n"); // usable again
    CHECK_EQ(rd(out, sizeof(out)), 2);
}

static void
test_other_controls_ignored(void)
{
    char out[64];

    reset();
    type("a\x01\x1b" "b\tc\n");
    CHECK_EQ(rd(out, 64), 5);
    CHECK(strcmp(out, "ab\tc\n") == 0);
}

int
main(void)
{
    UTEST_RUN(test_line_completes_on_enter_with_echo);
    UTEST_RUN(test_erase_and_kill);
    UTEST_RUN(test_erase_stops_at_finished_lines);
    UTEST_RUN(test_eof_on_empty_line_reads_zero);
    UTEST_RUN(test_short_reads_split_a_line);
    UTEST_RUN(test_ctrl_c_interrupts_and_discards);
    UTEST_RUN(test_full_buffer_never_overflows);
    UTEST_RUN(test_other_controls_ignored);
    return utest_finish();
}
