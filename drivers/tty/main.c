// tty: the console driver. Owns the ns16550 (its registers mapped with
// KC_DEVMAP, its receive interrupt with KC_IRQCTL, or a poll on every clock
// tick when the machine has no interrupt controller or the UART no line),
// runs the canonical line discipline (line.c) and serves the character-
// device protocol of include/mirv/cdev.h for minor 0, the console.
//
// Reads with no finished line are answered CDEV_SUSPENDED and queued; when
// a line arrives the data are copied through the request's grant (safecopy
// into the user's buffer, forwarded by VFS), the result queued for
// CDEV_STATUS and the requester (VFS) notified. After a crash RS restarts
// it and the init maps the device and registers the line again.
#include <string.h>

#include <mirv/cdev.h>
#include <mirv/errors.h>
#include <mirv/signal.h>

#include "line.h"
#include "sef.h"
#include "syslib.h"
#include "uart.h"

enum {
    TTY_MMIO_VA = 0x50000000, // where the UART's page is mapped
    TTY_HOOK = 0,             // our hook id for the UART's line
    PAGE = 4096,
    MAX_READS = 8,            // suspended reads
    MAX_DONE = 8,             // finished suspended reads not yet fetched
    WRITE_CHUNK = 256,
    TTY_SAFETY_POLL_TICKS = 10, // with interrupts: a poll every 10 ticks anyway
};

struct pending_read {
    uint32_t id;              // 0 = free
    endpoint_t caller;        // who asked (VFS): notified and answered; the granter
    grant_id_t grant;         // the caller's grant of the buffer
    uint64_t size;
};

struct finished {
    uint32_t id;              // 0 = free
    endpoint_t caller;
    int32_t status;
};

static struct {
    struct uart uart;
    struct line_disc line;
    uint32_t irq;             // 0: polling on the clock
    endpoint_t fg;            // foreground endpoint for Ctrl-C
    struct pending_read reads[MAX_READS]; // in arrival order
    struct finished done[MAX_DONE];
} tty;

static void
echo_out(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    uart_write(&tty.uart, s, n);
}

// Maps the UART and takes its interrupt line (or starts polling).
static int
device_setup(void)
{
    struct kc_devinfo di;
    int r = sys_getdevice(0, &di);

    if (r != MX_OK) {
        return r;
    }
    uint64_t page = di.base & ~(uint64_t)(PAGE - 1);
    uint64_t span = (di.base - page + (di.size != 0 ? di.size : 1) + PAGE - 1) & ~(uint64_t)(PAGE - 1);
    r = sys_devmap(page, span, TTY_MMIO_VA);
    if (r != MX_OK) {
        uprintf("tty: cannot map the UART at %#lx: %d\n", (unsigned long)di.base, r);
        return r;
    }
    tty.uart = (struct uart){TTY_MMIO_VA + (di.base - page), di.reg_shift,
                             di.reg_io_width == 4 ? 4 : 1};
    tty.irq = di.irq;
    if (tty.irq != 0 && sys_irqctl(IRQCTL_REGISTER, tty.irq, TTY_HOOK) != MX_OK) {
        tty.irq = 0; // someone else holds it: poll instead
    }
    uart_init(&tty.uart, tty.irq != 0);
    if (tty.irq != 0) {
        sys_setalarm(TTY_SAFETY_POLL_TICKS, NULL);
        return sys_irqctl(IRQCTL_ENABLE, 0, TTY_HOOK);
    }
    return sys_setalarm(1, NULL);
}

static int
init(const struct sef_init_info *info)
{
    memset(&tty, 0, sizeof(tty));
    tty.fg = ENDPOINT_NONE;
    line_init(&tty.line, echo_out, NULL);
    int r = device_setup();
    if (r == MX_OK) {
        uprintf("tty: %s, %s\n", info->type == SEF_INIT_RESTART ? "restarted" : "started",
                tty.irq != 0 ? "receive interrupt" : "polling");
    }
    return r;
}

// Copies the next line to a reader through its grant; the bytes, or an
// error (-MX_EFAULT, -MX_EPERM for a bad grant: the line stays).
static int
copy_line(endpoint_t granter, grant_id_t grant, uint64_t size)
{
    size_t consume;
    size_t n = line_peek(&tty.line, size, &consume);

    if (n > 0) {
        int r = sys_safecopyto(granter, grant, 0, tty.line.buf, n);
        if (r != MX_OK) {
            return r;
        }
    }
    line_consume(&tty.line, consume);
    return (int)n;
}

static struct finished *
free_done_slot(void)
{
    for (unsigned i = 0; i < MAX_DONE; i++) {
        if (tty.done[i].id == 0) {
            return &tty.done[i];
        }
    }
    return NULL;
}

static void
drop_read(unsigned i)
{
    memmove(&tty.reads[i], &tty.reads[i + 1], (MAX_READS - 1 - i) * sizeof(tty.reads[0]));
    tty.reads[MAX_READS - 1].id = 0;
}

// Finishes suspended reads while lines are there; notifies their callers.
static void
serve_reads(void)
{
    while (tty.reads[0].id != 0 && line_readable(&tty.line)) {
        struct finished *f = free_done_slot();
        if (f == NULL) {
            return; // VFS has not fetched the earlier ones yet
        }
        struct pending_read *rd = &tty.reads[0];
        *f = (struct finished){rd->id, rd->caller, copy_line(rd->caller, rd->grant, rd->size)};
        ipc_notify(rd->caller);
        drop_read(0);
    }
}

static void
receive_input(void)
{
    int c;

    while ((c = uart_getc(&tty.uart)) >= 0) {
        if (line_input(&tty.line, (uint8_t)c) == LINE_INTR && tty.fg != ENDPOINT_NONE) {
            int r = sys_kill(tty.fg, MX_SIGINT);
            if (r != MX_OK) {
                uprintf("tty: SIGINT to %d failed: %d\n", tty.fg, r);
            }
        }
    }
    serve_reads();
}

static int
do_read(const struct message *m)
{
    const struct cdev_req *q = &m->u.cdev_req;

    if (q->size == 0) {
        return 0;
    }
    if (tty.reads[0].id == 0 && line_readable(&tty.line)) {
        return copy_line(m->source, q->grant, q->size);
    }
    if (q->flags & CDEV_NONBLOCK) {
        return -MX_EAGAIN;
    }
    for (unsigned i = 0; i < MAX_READS; i++) {
        if (tty.reads[i].id == 0) {
            tty.reads[i] = (struct pending_read){q->id, m->source, q->grant, q->size};
            return CDEV_SUSPENDED;
        }
    }
    return -MX_EAGAIN; // too many readers waiting
}

static int
do_write(const struct message *m)
{
    static char buf[WRITE_CHUNK];
    const struct cdev_req *q = &m->u.cdev_req;
    uint64_t done = 0;

    while (done < q->size) {
        uint64_t n = q->size - done < WRITE_CHUNK ? q->size - done : WRITE_CHUNK;
        int r = sys_safecopyfrom(m->source, q->grant, done, buf, n);
        if (r != MX_OK) {
            return done > 0 ? (int)done : r;
        }
        uart_write(&tty.uart, buf, n);
        done += n;
    }
    return (int)done;
}

static int
do_ioctl(const struct cdev_req *q)
{
    switch (q->size) {
    case TTY_SETFG:
        tty.fg = (endpoint_t)q->addr;
        return MX_OK;
    case TTY_GETFG:
        return tty.fg;
    default:
        return -MX_EINVAL;
    }
}

// CANCEL: a suspended read ends now with EINTR; one already finished but
// not fetched hands over its result instead (and is not reported again).
static int
do_cancel(endpoint_t caller, uint32_t id)
{
    for (unsigned i = 0; i < MAX_READS && tty.reads[i].id != 0; i++) {
        if (tty.reads[i].id == id && tty.reads[i].caller == caller) {
            drop_read(i);
            return -MX_EINTR;
        }
    }
    for (unsigned i = 0; i < MAX_DONE; i++) {
        if (tty.done[i].id == id && tty.done[i].caller == caller) {
            tty.done[i].id = 0;
            return tty.done[i].status;
        }
    }
    return -MX_EINVAL;
}

static void
do_status(endpoint_t caller, struct cdev_rep *rep)
{
    *rep = (struct cdev_rep){0, 0};
    for (unsigned i = 0; i < MAX_DONE; i++) {
        if (tty.done[i].id != 0 && tty.done[i].caller == caller) {
            *rep = (struct cdev_rep){tty.done[i].status, tty.done[i].id};
            tty.done[i].id = 0;
            return;
        }
    }
}

// One request of the cdev protocol; fills the reply in m.
static void
serve(struct message *m)
{
    struct cdev_req q = m->u.cdev_req;
    struct cdev_rep rep = {0, q.id};

    if (m->type == CDEV_STATUS) {
        do_status(m->source, &rep);
    } else if (m->type == CDEV_CANCEL) {
        rep.status = do_cancel(m->source, q.id);
    } else if (q.minor != 0) {
        rep.status = -MX_ENXIO;
    } else if (m->type == CDEV_OPEN || m->type == CDEV_CLOSE) {
        rep.status = MX_OK;
    } else if (m->type == CDEV_READ) {
        rep.status = do_read(m);
    } else if (m->type == CDEV_WRITE) {
        rep.status = do_write(m);
    } else if (m->type == CDEV_IOCTL) {
        rep.status = do_ioctl(&q);
    } else {
        rep.status = -MX_ENOSYS;
    }
    memset(&m->u, 0, sizeof(m->u));
    m->type = CDEV_REPLY;
    m->u.cdev_rep = rep;
}

static void
on_notify(const struct message *m)
{
    if (m->source == ENDPOINT_HARDWARE && tty.irq != 0) {
        receive_input();
        sys_irqctl(IRQCTL_ENABLE, 0, TTY_HOOK);
    } else if (m->source == ENDPOINT_CLOCK) {
        // Polling mode: every tick. With interrupts, a slow safety poll
        // too, so that input can never sit unread behind a lost interrupt.
        receive_input();
        sys_setalarm(tty.irq == 0 ? 1 : TTY_SAFETY_POLL_TICKS, NULL);
    }
}

int
main(void)
{
    struct message m;

    sef_setcb_init_fresh(init);
    sef_setcb_init_restart(init);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK) {
            continue;
        }
        if (m.type == MSG_NOTIFY) {
            on_notify(&m);
            continue;
        }
        endpoint_t from = m.source;
        serve(&m);
        ipc_send(from, &m);
    }
}
