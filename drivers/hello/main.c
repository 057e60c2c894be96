// hello: the recovery demo driver. HELLO_READ answers a greeting and a
// counter. The counter is published to DS on every read, so when the driver
// crashes and RS restarts it, the RESTART init recovers it and counting goes
// on. HELLO_CRASH and HELLO_CRASH_ILL make it crash on purpose, HELLO_HANG
// makes it hang (RS's heartbeat must catch that). As a character device
// (/dev/hello, through VFS) a read at offset 0 returns the greeting and the
// counter as one line, and the next read returns end of file.
#include <stdio.h>

#include <mirv/cdev.h>
#include <mirv/errors.h>
#include <mirv/hello.h>

#include "ds.h"
#include "sef.h"
#include "syslib.h"

#ifndef HELLO_VERSION
#define HELLO_VERSION 1 // hello2, the live-update demo, is built with 2
#endif

static const char counter_key[] = "hello.counter";
static uint32_t counter;

static int
init_fresh(const struct sef_init_info *info)
{
    (void)info;
    counter = 0;
    uprintf("hello: started\n");
    return ds_publish_u32(counter_key, counter, DSC_OVERWRITE);
}

static int
init_restart(const struct sef_init_info *info)
{
    int r = ds_retrieve_u32(counter_key, &counter);

    uprintf("hello: restarted (restart %u), counter %u recovered from DS\n", info->restarts,
            (unsigned)counter);
    return r;
}

static void
read_greeting(struct message *m)
{
    counter++;
    int r = ds_publish_u32(counter_key, counter, DSC_OVERWRITE);
    m->u.hello_rep.status = r;
    m->u.hello_rep.counter = counter;
    snprintf(m->u.hello_rep.text, sizeof(m->u.hello_rep.text),
             HELLO_VERSION == 1 ? "Hello, world! (%u)" : "Hello from hello2! (%u)",
             (unsigned)counter);
}

// CDEV requests from VFS; the text goes straight into the reader's buffer.
static void
cdev_request(struct message *m)
{
    const struct cdev_req q = m->u.cdev_req;
    int status = MX_OK;

    if (q.minor != 0) {
        status = -MX_ENXIO;
    } else if (m->type == CDEV_READ && q.pos == 0) {
        char text[64];
        int n = snprintf(text, sizeof(text),
                         HELLO_VERSION == 1 ? "Hello, world! (%u)\n" : "Hello from hello2! (%u)\n",
                         (unsigned)counter + 1);
        uint64_t len = (uint64_t)n < q.size ? (uint64_t)n : q.size;
        status = sys_safecopyto(m->source, q.grant, 0, text, len); // into the reader's buffer
        if (status == MX_OK) { // only a greeting that arrived counts
            counter++;
            ds_publish_u32(counter_key, counter, DSC_OVERWRITE);
            status = (int)len;
        }
    } else if (m->type == CDEV_WRITE || m->type == CDEV_IOCTL) {
        status = m->type == CDEV_WRITE ? -MX_EINVAL : -MX_ENOTTY;
    } else if (m->type == CDEV_STATUS) {
        status = 0; // never suspends: nothing finished later
    }
    m->u.cdev_rep.id = m->type == CDEV_STATUS ? 0 : q.id;
    m->type = CDEV_REPLY;
    m->u.cdev_rep.status = status;
}

static int
init_lu(const struct sef_init_info *info)
{
    int r = ds_retrieve_u32(counter_key, &counter);

    uprintf("hello: version %d took over (state %u), counter %u from DS\n", HELLO_VERSION,
            info->lu_state, (unsigned)counter);
    return r;
}

int
main(void)
{
    struct message m;

    sef_setcb_init_fresh(init_fresh);
    sef_setcb_init_restart(init_restart);
    sef_setcb_init_lu(init_lu);
    sef_startup();
    for (;;) {
        if (sef_receive(ENDPOINT_ANY, &m) != MX_OK) {
            continue;
        }
        switch (m.type) {
        case HELLO_READ:
            read_greeting(&m);
            break;
        case HELLO_CRASH:
            *(volatile int *)0 = 1; // a segmentation fault, on purpose
            break;
        case HELLO_CRASH_ILL:
            __asm__ volatile(".word 0"); // an illegal instruction, on purpose
            break;
        case CDEV_OPEN:
        case CDEV_CLOSE:
        case CDEV_READ:
        case CDEV_WRITE:
        case CDEV_IOCTL:
        case CDEV_CANCEL:
        case CDEV_STATUS:
            cdev_request(&m);
            break;
        case HELLO_HANG:
            for (;;) { // stops answering RS's pings: RS must notice
            }
        default:
            m.u.hello_rep.status = -MX_ENOSYS;
            break;
        }
        ipc_send(m.source, &m);
    }
}
