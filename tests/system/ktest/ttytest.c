// ttytest: the tty driver end to end, playing VFS's part of the cdev
// protocol. The test runner types into the serial port after each
// "ttytest: type ..." prompt. Checks: writes reach the console, the
// foreground ioctl, line editing (backspace, Ctrl-U), Ctrl-D end of file,
// Ctrl-C raising SIGINT on the foreground (seen by pmstub, the stub signal
// manager, and forwarded to our SEF handler) and discarding the line,
// CDEV_CANCEL of a suspended read, bad buffers (EFAULT, the line kept), a
// bad minor (ENXIO), the IRQ and device-mapping calls refusing bad lines,
// bad ranges and a second owner, and the driver coming back after a crash.
#include <string.h>

#include <mirv/cdev.h>
#include <mirv/errors.h>
#include <mirv/signal.h>

#include "grant.h"
#include "ktest.h"
#include "sef.h"
#include "syslib.h"

enum { BAD_ADDR = 0x10, MAP_VA = 0x60000000, UART_PA = 0x10000000 };

static int failures;
static endpoint_t tty, pmstub, self;
static volatile int sigints;
static uint32_t next_id = 1;
static grant_id_t suspended_grant = -1; // the buffer grant of a suspended read

static void
report(const char *name, const char *why)
{
    failures += ktest_report("tty", name, why);
}

static void
on_signal(int sig)
{
    if (sig == MX_SIGINT) {
        sigints++;
    } else {
        sef_default_signal_handler(sig);
    }
}

// A suspended read is over (fetched or cancelled): its grant goes.
static void
drop_suspended_grant(void)
{
    if (suspended_grant >= 0) {
        grant_revoke(suspended_grant);
        suspended_grant = -1;
    }
}

// One cdev request; the IPC error, else 0 with the reply in *rep. As VFS
// does, a read or write grants the driver the buffer for the request.
static int
cdev(uint32_t type, int32_t minor, uint32_t id, uint64_t addr, uint64_t size, uint32_t flags,
     struct cdev_rep *rep)
{
    struct message m = {.type = type};
    grant_id_t g = -1;
    if ((type == CDEV_READ || type == CDEV_WRITE) && size > 0) {
        g = grant_direct(tty, (const void *)(uintptr_t)addr, size,
                         type == CDEV_READ ? GF_WRITE : GF_READ);
    }
    m.u.cdev_req = (struct cdev_req){minor, id, self, flags, addr, size, 0, g, 0};
    int r = ipc_sendrec(tty, &m);
    if (r == MX_OK) {
        *rep = m.u.cdev_rep;
    }
    if (r == MX_OK && rep->status == CDEV_SUSPENDED) {
        drop_suspended_grant();
        suspended_grant = g;
    } else if (g >= 0) {
        grant_revoke(g);
    }
    return r;
}

static int
simple(uint32_t type, int32_t minor, uint64_t addr, uint64_t size)
{
    struct cdev_rep rep;
    int r = cdev(type, minor, next_id++, addr, size, 0, &rep);
    return r != MX_OK ? r : rep.status;
}

// Waits for the driver's notification (a signal may come first).
static void
await_tty_notify(void)
{
    struct message m;
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) == MX_OK && m.type == MSG_NOTIFY && m.source == tty) {
            return;
        }
    }
}

static void
wait_tick(void)
{
    struct message m;
    sys_setalarm(1, NULL);
    while (sef_receive(ENDPOINT_ANY, &m) != MX_OK || m.source != ENDPOINT_CLOCK) {
    }
}

// Fetches one finished request with CDEV_STATUS: its status; *id its id.
static int
fetch_status(uint32_t *id)
{
    struct cdev_rep rep = {0, 0};
    int r = cdev(CDEV_STATUS, 0, 0, 0, 0, 0, &rep);
    *id = rep.id;
    if (rep.id != 0) {
        drop_suspended_grant();
    }
    return r != MX_OK ? r : rep.status;
}

// A read of at most size bytes into buf at addr, announced by prompt.
// Returns the status; *suspended whether it had to wait.
static int
read_at(uint64_t addr, uint64_t size, const char *prompt, bool *suspended)
{
    struct cdev_rep rep;
    uint32_t id = next_id++, got;
    int r = cdev(CDEV_READ, 0, id, addr, size, 0, &rep);

    uprintf("ttytest: type %s\n", prompt);
    *suspended = r == MX_OK && rep.status == CDEV_SUSPENDED;
    if (r != MX_OK || !*suspended) {
        return r != MX_OK ? r : rep.status;
    }
    await_tty_notify();
    r = fetch_status(&got);
    if (got != id) {
        return -MX_EINVAL;
    }
    uint32_t none;
    fetch_status(&none);
    return none == 0 ? r : -MX_EBUSY; // nothing else may be left
}

static int
read_line(char *buf, size_t size, const char *prompt)
{
    bool suspended;
    memset(buf, 0, size);
    int r = read_at((uint64_t)(uintptr_t)buf, size - 1, prompt, &suspended);
    return r;
}

static void
test_refusals(void)
{
    struct kc_devinfo di;
    int r = sys_getdevice(0, &di);
    report("device_described", r == MX_OK && di.base == UART_PA && di.irq == 10 &&
                                       strcmp(di.name, "ns16550") == 0
                                   ? NULL : "getinfo DEVICE wrong");
    report("irq_second_owner_busy",
           sys_irqctl(IRQCTL_REGISTER, di.irq, 0) == -MX_EBUSY ? NULL : "not EBUSY");
    report("irq_bad_lines_refused",
           sys_irqctl(IRQCTL_REGISTER, 0, 0) == -MX_EINVAL &&
                   sys_irqctl(IRQCTL_REGISTER, 50, 0) == -MX_EINVAL &&
                   sys_irqctl(IRQCTL_REGISTER, 4000, 0) == -MX_EINVAL &&
                   sys_irqctl(IRQCTL_ENABLE, 0, 9) == -MX_EINVAL &&
                   sys_irqctl(77, 0, 0) == -MX_EINVAL
               ? NULL : "a bad line or hook was accepted");
    report("devmap_bad_ranges_refused",
           sys_devmap(0x80000000, 0x1000, MAP_VA) == -MX_EPERM &&     // RAM
                   sys_devmap(0x0c000000, 0x1000, MAP_VA) == -MX_EPERM && // PLIC
                   sys_devmap(0x02000000, 0x1000, MAP_VA) == -MX_EPERM && // CLINT
                   sys_devmap(0x10000000, 0x2000, MAP_VA) == -MX_EPERM && // UART and beyond
                   sys_devmap(0x50000000, 0x1000, MAP_VA) == -MX_EPERM && // nothing there
                   sys_devmap(0x10000100, 0x1000, MAP_VA) == -MX_EINVAL && // unaligned
                   sys_devmap(0x10000000, 0x1000, 0x80000000) == -MX_EINVAL // kernel half
               ? NULL : "a bad range was mapped");
    r = sys_devmap(UART_PA, 0x1000, MAP_VA);
    report("devmap_maps_once", r == MX_OK && sys_devmap(UART_PA, 0x1000, MAP_VA) == -MX_EEXIST
                                   ? NULL : "mapping the UART page");
    report("bad_minor_enxio", simple(CDEV_OPEN, 3, 0, 0) == -MX_ENXIO &&
                                      simple(CDEV_READ, 1, 0x1000, 4) == -MX_ENXIO &&
                                      simple(CDEV_WRITE, -1, 0x1000, 4) == -MX_ENXIO
                                  ? NULL : "not ENXIO");
    report("bad_write_buffer_efault",
           simple(CDEV_WRITE, 0, BAD_ADDR, 5) == -MX_EFAULT ? NULL : "not EFAULT");
}

static void
test_write_and_foreground(void)
{
    static const char text[] = "ttytest: written through the driver\n";
    int r = simple(CDEV_OPEN, 0, 0, 0);
    int w = simple(CDEV_WRITE, 0, (uint64_t)(uintptr_t)text, sizeof(text) - 1);
    report("open_and_write", r == MX_OK && w == (int)sizeof(text) - 1 ? NULL : "write failed");
    r = simple(CDEV_IOCTL, 0, (uint64_t)self, TTY_SETFG);
    report("set_foreground", r == MX_OK && simple(CDEV_IOCTL, 0, 0, TTY_GETFG) == self
                                 ? NULL : "TTY_SETFG/GETFG");
}

static void
test_editing(void)
{
    char buf[64];
    int n = read_line(buf, sizeof(buf), "line with backspaces");
    report("backspace_editing", n == 12 && strcmp(buf, "hello world\n") == 0 ? NULL : buf);
    n = read_line(buf, sizeof(buf), "line with ctrl-u");
    report("ctrl_u_kills_line", n == 8 && strcmp(buf, "kill ok\n") == 0 ? NULL : buf);
    n = read_line(buf, sizeof(buf), "ctrl-d");
    report("ctrl_d_end_of_file", n == 0 ? NULL : "read did not return 0");
}

static void
test_ctrl_c(void)
{
    char buf[64];
    struct cdev_rep rep;
    uint32_t id = next_id++, got;
    int r = cdev(CDEV_READ, 0, id, (uint64_t)(uintptr_t)buf, sizeof(buf) - 1, 0, &rep);
    memset(buf, 0, sizeof(buf));
    uprintf("ttytest: type ctrl-c\n");
    // SEF runs our handler inside sef_receive, which then waits on: wake
    // up every tick to look (for at most 10 s).
    for (int i = 0; r == MX_OK && sigints == 0 && i < 1000; i++) {
        wait_tick();
    }
    struct message m = {.type = SIGMGR_QUERY};
    m.u.raw[0] = (uint64_t)self;
    int q = ipc_sendrec(pmstub, &m);
    report("ctrl_c_raises_sigint", r == MX_OK && rep.status == CDEV_SUSPENDED && sigints == 1 &&
                                       q == MX_OK && (m.u.raw[0] & mx_sigbit(MX_SIGINT))
                                   ? NULL : "SIGINT not seen by the manager and the process");
    uprintf("ttytest: type line after ctrl-c\n");
    await_tty_notify();
    r = fetch_status(&got);
    report("ctrl_c_discards_line", got == id && r == 6 && strcmp(buf, "after\n") == 0
                                       ? NULL : buf);
}

static void
test_cancel_and_bad_read(void)
{
    char buf[64];
    struct cdev_rep rep, c;
    uint32_t id = next_id++, none;
    int r = cdev(CDEV_READ, 0, id, (uint64_t)(uintptr_t)buf, sizeof(buf), 0, &rep);
    int k = cdev(CDEV_CANCEL, 0, id, 0, 0, 0, &c);
    drop_suspended_grant();
    int s = fetch_status(&none);
    report("cancel_suspended_read", r == MX_OK && rep.status == CDEV_SUSPENDED && k == MX_OK &&
                                        c.status == -MX_EINTR && c.id == id && s == 0 &&
                                        none == 0
                                    ? NULL : "cancel did not answer EINTR");
    bool suspended;
    r = read_at(BAD_ADDR, 16, "line for a bad buffer", &suspended);
    memset(buf, 0, sizeof(buf));
    int again = simple(CDEV_READ, 0, (uint64_t)(uintptr_t)buf, sizeof(buf) - 1);
    report("bad_read_buffer_efault_keeps_line",
           suspended && r == -MX_EFAULT && again == 5 && strcmp(buf, "kept\n") == 0
               ? NULL : "EFAULT, then the line for the next read");
    struct cdev_rep nb;
    r = cdev(CDEV_READ, 0, next_id++, (uint64_t)(uintptr_t)buf, 8, CDEV_NONBLOCK, &nb);
    report("nonblocking_read_eagain", r == MX_OK && nb.status == -MX_EAGAIN ? NULL : "not EAGAIN");
}

static void
test_restart(void)
{
    char buf[64];
    int r = sys_kill(tty, MX_SIGKILL);
    int up = -1;
    for (int i = 0; i < 200 && up != MX_OK; i++) {
        wait_tick();
        up = simple(CDEV_OPEN, 0, 0, 0);
    }
    int n = read_line(buf, sizeof(buf), "line after restart");
    report("recovers_after_crash", r == MX_OK && up == MX_OK && n == 6 &&
                                       strcmp(buf, "again\n") == 0
                                   ? NULL : "no line after the restart");
}

int
main(void)
{
    sef_setcb_signal_handler(on_signal);
    sef_startup();
    self = sef_self();
    tty = sys_lookup("tty");
    pmstub = sys_lookup("pmstub");
    test_refusals();
    test_write_and_foreground();
    test_editing();
    test_ctrl_c();
    test_cancel_and_bad_read();
    test_restart();
    uprintf("TESTS DONE fail=%d\n", failures);
    sys_abort(failures == 0 ? 0 : 1);
}
