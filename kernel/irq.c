// Routing of external interrupt lines to driver processes: which lines a
// driver may own, who owns each, and the fired-hook bitmaps that ride on
// the ENDPOINT_HARDWARE notification. Portable; host unit-tested.
#include "irq.h"

#include <mirv/errors.h>
#include <mirv/kcall.h>

#include "arch.h"
#include "klib.h"
#include "ipc.h"
#include "proc.h"

enum { IRQ_MAX_USABLE = FDT_MAX_DEVICES };

struct irq_owner {
    unsigned line;      // 0 = free entry
    endpoint_t ep;
    unsigned hook;
};

static struct {
    unsigned usable[IRQ_MAX_USABLE]; // lines devices use
    unsigned usable_count;
    struct irq_owner owned[IRQ_MAX_OWNED];
    uint64_t fired[NR_PROCS];        // per slot: hooks fired, not yet notified
} irq;

static void
add_usable(unsigned line)
{
    for (unsigned i = 0; i < irq.usable_count; i++) {
        if (irq.usable[i] == line) {
            return;
        }
    }
    if (irq.usable_count < IRQ_MAX_USABLE) {
        irq.usable[irq.usable_count++] = line;
    }
}

void
irq_init(const struct fdt_info *fdt)
{
    unsigned lines = arch_irq_lines();

    memset(&irq, 0, sizeof(irq));
    for (unsigned i = 0; i < fdt->dev_count; i++) {
        const struct fdt_device *d = &fdt->dev[i];
        if (d->irq != 0 && d->irq <= lines && !d->kernel_owned) {
            add_usable(d->irq);
        }
    }
}

static bool
line_usable(unsigned line)
{
    for (unsigned i = 0; i < irq.usable_count; i++) {
        if (irq.usable[i] == line) {
            return true;
        }
    }
    return false;
}

static struct irq_owner *
by_line(unsigned line)
{
    for (unsigned i = 0; i < IRQ_MAX_OWNED; i++) {
        if (irq.owned[i].line == line) {
            return &irq.owned[i];
        }
    }
    return NULL;
}

static struct irq_owner *
by_hook(const struct proc *p, unsigned hook)
{
    for (unsigned i = 0; i < IRQ_MAX_OWNED; i++) {
        if (irq.owned[i].line != 0 && irq.owned[i].ep == p->ep && irq.owned[i].hook == hook) {
            return &irq.owned[i];
        }
    }
    return NULL;
}

int
irq_register(struct proc *p, unsigned line, unsigned hook)
{
    if (line == 0 || !line_usable(line) || hook >= IRQ_HOOKS) {
        return -MX_EINVAL;
    }
    struct irq_owner *o = by_line(line);
    if (o != NULL) {
        return o->ep == p->ep && o->hook == hook ? MX_OK : -MX_EBUSY;
    }
    if (by_hook(p, hook) != NULL) {
        return -MX_EBUSY; // the hook id names another line already
    }
    o = by_line(0);
    if (o == NULL) {
        return -MX_ENOSPC;
    }
    *o = (struct irq_owner){line, p->ep, hook};
    arch_irq_mask(line);
    return MX_OK;
}

int
irq_enable(struct proc *p, unsigned hook, bool on)
{
    struct irq_owner *o = hook < IRQ_HOOKS ? by_hook(p, hook) : NULL;

    if (o == NULL) {
        return -MX_EINVAL;
    }
    if (on) {
        arch_irq_unmask(o->line);
    } else {
        arch_irq_mask(o->line);
    }
    return MX_OK;
}

int
irq_release(struct proc *p, unsigned hook)
{
    struct irq_owner *o = hook < IRQ_HOOKS ? by_hook(p, hook) : NULL;

    if (o == NULL) {
        return -MX_EINVAL;
    }
    arch_irq_mask(o->line);
    irq.fired[p->slot] &= ~(1ull << hook);
    o->line = 0;
    return MX_OK;
}

void
irq_release_all(struct proc *p)
{
    for (unsigned i = 0; i < IRQ_MAX_OWNED; i++) {
        if (irq.owned[i].line != 0 && irq.owned[i].ep == p->ep) {
            arch_irq_mask(irq.owned[i].line);
            irq.owned[i].line = 0;
        }
    }
    irq.fired[p->slot] = 0;
}

void
irq_fire(unsigned line)
{
    struct irq_owner *o = line != 0 ? by_line(line) : NULL;
    struct proc *p = o != NULL ? proc_lookup(o->ep) : NULL;

    arch_irq_mask(line); // the owner unmasks it when it has served the device
    if (p == NULL) {
        return;
    }
    irq.fired[p->slot] |= 1ull << o->hook;
    ipc_notify_kernel(p, KSRC_HARDWARE);
}

uint64_t
irq_take_fired(struct proc *p)
{
    uint64_t bits = irq.fired[p->slot];

    irq.fired[p->slot] = 0;
    return bits;
}
