// Unit tests for interrupt routing to drivers (kernel/irq.c) and the device
// memory allow-list (kernel/devmem.c): which lines may be owned, one owner
// per line, mask on fire and notify from HARDWARE with the fired hooks,
// release when the owner goes; which ranges a driver may map.
#define UTEST_SUITE "irq"
#include "utest.h"

#include <string.h>

#include <mirv/errors.h>
#include <mirv/msg.h>

#include "devmem.h"
#include "fake_arch.h"
#include "ipc.h"
#include "irq.h"
#include "proc.h"
#include "sched.h"

enum { UBASE = 0x10000, UART_IRQ = 10, VIRTIO_IRQ = 1 };

static struct fake_as spaces[8];
static struct fdt_info tree;

// A QEMU-virt-like tree: RAM, UART (line 10), a virtio device (line 1),
// PLIC, CLINT and the test device (the kernel's own).
static void
reset(void)
{
    proc_table_init();
    sched_init();
    memset(spaces, 0, sizeof(spaces));
    memset(&tree, 0, sizeof(tree));
    memset(fake_irq_unmasked, 0, sizeof(fake_irq_unmasked));
    fake_irq_line_count = 31;
    tree.mem[0] = (struct fdt_range){0x80000000, 0x8000000};
    tree.mem_count = 1;
    tree.uart_type = FDT_UART_NS16550;
    tree.uart_base = 0x10000000;
    tree.uart_size = 0x100;
    tree.uart_irq = UART_IRQ;
    tree.uart_reg_io_width = 1;
    tree.dev[0] = (struct fdt_device){0x10000000, 0x100, UART_IRQ, 0};
    tree.dev[1] = (struct fdt_device){0x10001000, 0x1000, VIRTIO_IRQ, 0};
    tree.dev[2] = (struct fdt_device){0xc000000, 0x600000, 0, 1};
    tree.dev[3] = (struct fdt_device){0x2000000, 0x10000, 0, 1};
    tree.dev[4] = (struct fdt_device){0x100000, 0x1000, 0, 1};
    tree.dev[5] = (struct fdt_device){0x101000, 0x1000, 40, 0}; // line beyond the PLIC's
    tree.dev_count = 6;
    irq_init(&tree);
    devmem_init(&tree);
}

static struct proc *
make(const char *name)
{
    struct proc *p = proc_alloc(name);
    struct fake_as *as = &spaces[p->slot];

    as->base = UBASE;
    as->size = sizeof(as->mem);
    as->writable = true;
    p->as_root = (uint64_t)(uintptr_t)as;
    memset(p->priv.ipc_to, 0xff, sizeof(p->priv.ipc_to));
    sched_set_priority(p, 3, 0);
    proc_clear_flags(p, RTS_NEW);
    return p;
}

static struct message *
umsg(struct proc *p)
{
    return (struct message *)(void *)spaces[p->slot].mem;
}

static void
test_only_device_lines_accepted(void)
{
    reset();
    struct proc *d = make("tty");

    CHECK_EQ(irq_register(d, 0, 0), -MX_EINVAL);
    CHECK_EQ(irq_register(d, 5, 0), -MX_EINVAL);   // no device uses it
    CHECK_EQ(irq_register(d, 40, 0), -MX_EINVAL);  // beyond the controller
    CHECK_EQ(irq_register(d, 9999, 0), -MX_EINVAL);
    CHECK_EQ(irq_register(d, UART_IRQ, IRQ_HOOKS), -MX_EINVAL); // bad hook id
    CHECK_EQ(irq_register(d, UART_IRQ, 3), MX_OK);
    CHECK(!fake_irq_unmasked[UART_IRQ]); // registered lines start masked
    CHECK_EQ(irq_register(d, UART_IRQ, 3), MX_OK); // the same again: idempotent
    CHECK_EQ(irq_register(d, VIRTIO_IRQ, 3), -MX_EBUSY); // hook 3 names a line
    CHECK_EQ(irq_enable(d, 4, true), -MX_EINVAL);  // no such hook
}

static void
test_one_owner_per_line(void)
{
    reset();
    struct proc *a = make("a"), *b = make("b");

    CHECK_EQ(irq_register(a, UART_IRQ, 0), MX_OK);
    CHECK_EQ(irq_register(b, UART_IRQ, 0), -MX_EBUSY);
    CHECK_EQ(irq_register(b, UART_IRQ, 1), -MX_EBUSY);
    CHECK_EQ(irq_enable(b, 0, true), -MX_EINVAL); // b owns nothing
    CHECK(!fake_irq_unmasked[UART_IRQ]);
    CHECK_EQ(irq_register(b, VIRTIO_IRQ, 0), MX_OK); // hook ids are per process
}

static void
test_fire_masks_and_notifies_with_hooks(void)
{
    reset();
    struct proc *d = make("drv");

    CHECK_EQ(irq_register(d, UART_IRQ, 5), MX_OK);
    CHECK_EQ(irq_register(d, VIRTIO_IRQ, 1), MX_OK);
    CHECK_EQ(irq_enable(d, 5, true), MX_OK);
    CHECK_EQ(irq_enable(d, 1, true), MX_OK);
    CHECK(fake_irq_unmasked[UART_IRQ] && fake_irq_unmasked[VIRTIO_IRQ]);
    irq_fire(UART_IRQ);
    irq_fire(VIRTIO_IRQ); // both pending: one notification carries both
    CHECK(!fake_irq_unmasked[UART_IRQ] && !fake_irq_unmasked[VIRTIO_IRQ]);
    CHECK_EQ(ipc_receive(d, ENDPOINT_ANY, UBASE), MX_OK);
    CHECK_EQ(umsg(d)->source, ENDPOINT_HARDWARE);
    CHECK_EQ(umsg(d)->type, MSG_NOTIFY);
    CHECK_EQ(umsg(d)->u.notify.irqs, (1ull << 5) | (1ull << 1));
    // Nothing more is pending: the next receive blocks.
    CHECK_EQ(ipc_receive(d, ENDPOINT_HARDWARE, UBASE), IPC_SUSPENDED);
    irq_fire(UART_IRQ); // delivered at once to the waiting receiver
    CHECK_EQ(d->rts, 0);
    CHECK_EQ(umsg(d)->u.notify.irqs, 1ull << 5);
    CHECK_EQ(irq_take_fired(d), 0);
}

static void
test_unowned_line_only_masked(void)
{
    reset();
    fake_irq_unmasked[VIRTIO_IRQ] = true;
    irq_fire(VIRTIO_IRQ);
    CHECK(!fake_irq_unmasked[VIRTIO_IRQ]);
}

static void
test_release_frees_the_line(void)
{
    reset();
    struct proc *a = make("a"), *b = make("b");

    CHECK_EQ(irq_register(a, UART_IRQ, 0), MX_OK);
    CHECK_EQ(irq_enable(a, 0, true), MX_OK);
    irq_fire(UART_IRQ);
    irq_release_all(a); // a crashed: its line is masked and free
    CHECK(!fake_irq_unmasked[UART_IRQ]);
    CHECK_EQ(irq_take_fired(a), 0);
    CHECK_EQ(irq_register(b, UART_IRQ, 2), MX_OK);
    CHECK_EQ(irq_release(b, 2), MX_OK);
    CHECK_EQ(irq_release(b, 2), -MX_EINVAL);
    CHECK_EQ(irq_register(a, UART_IRQ, 0), MX_OK);
    // A dead owner's endpoint no longer gets notifications.
    proc_free(a);
    irq_fire(UART_IRQ);
    CHECK_EQ(irq_register(b, UART_IRQ, 0), -MX_EBUSY); // until released
}

static void
test_no_controller_no_lines(void)
{
    reset();
    fake_irq_line_count = 0;
    irq_init(&tree);
    struct proc *d = make("tty");
    struct kc_devinfo di = {.index = 0};

    CHECK_EQ(irq_register(d, UART_IRQ, 0), -MX_EINVAL);
    CHECK_EQ(devmem_describe(&di), MX_OK);
    CHECK_EQ(di.irq, 0); // the driver must poll
}

static void
test_devmap_allow_list(void)
{
    reset();
    CHECK_EQ(devmem_allowed(0x10000000, 0x1000), MX_OK);   // the UART's page
    CHECK_EQ(devmem_allowed(0x10001000, 0x1000), MX_OK);   // a virtio device
    CHECK_EQ(devmem_allowed(0x10000000, 0x2000), -MX_EPERM); // spans two devices
    CHECK_EQ(devmem_allowed(0x80000000, 0x1000), -MX_EPERM); // RAM
    CHECK_EQ(devmem_allowed(0x7ffff000, 0x2000), -MX_EPERM); // touches RAM
    CHECK_EQ(devmem_allowed(0xc000000, 0x1000), -MX_EPERM);  // PLIC
    CHECK_EQ(devmem_allowed(0x2000000, 0x1000), -MX_EPERM);  // CLINT
    CHECK_EQ(devmem_allowed(0x100000, 0x1000), -MX_EPERM);   // test device
    CHECK_EQ(devmem_allowed(0x20000000, 0x1000), -MX_EPERM); // no device there
    CHECK_EQ(devmem_allowed(0x10000000, 0), -MX_EPERM);
    CHECK_EQ(devmem_allowed(0xfffffffffffff000ull, 0x2000), -MX_EPERM); // wraps
}

static void
test_device_described(void)
{
    reset();
    struct kc_devinfo di = {.index = 0};

    CHECK_EQ(devmem_describe(&di), MX_OK);
    CHECK_EQ(di.base, 0x10000000);
    CHECK_EQ(di.size, 0x100);
    CHECK_EQ(di.irq, UART_IRQ);
    CHECK_EQ(di.reg_io_width, 1);
    CHECK(strcmp(di.name, "ns16550") == 0);
    di.index = 1;
    CHECK_EQ(devmem_describe(&di), -MX_ENXIO);
}

int
main(void)
{
    UTEST_RUN(test_only_device_lines_accepted);
    UTEST_RUN(test_one_owner_per_line);
    UTEST_RUN(test_fire_masks_and_notifies_with_hooks);
    UTEST_RUN(test_unowned_line_only_masked);
    UTEST_RUN(test_release_frees_the_line);
    UTEST_RUN(test_no_controller_no_lines);
    UTEST_RUN(test_devmap_allow_list);
    UTEST_RUN(test_device_described);
    return utest_finish();
}
