// hello: the recovery demo driver. HELLO_READ answers a greeting and a
// counter. The counter is published to DS on every read, so when the driver
// crashes and RS restarts it, the RESTART init recovers it and counting goes
// on. HELLO_CRASH and HELLO_CRASH_ILL make it crash on purpose, HELLO_HANG
// makes it hang (RS's heartbeat must catch that).
#include <stdio.h>

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
