// Device memory for drivers: the allow-list behind KC_DEVMAP (device-tree
// devices the kernel does not use, never RAM) and the device description
// behind GETINFO_DEVICE. Portable; host unit-tested.
#include "devmem.h"

#include <stdbool.h>

#include <mirv/errors.h>

#include "arch.h"
#include "klib.h"
#include "types.h"

static const struct fdt_info *tree;

void
devmem_init(const struct fdt_info *fdt)
{
    tree = fdt;
}

// True if [a, a+alen) lies inside [b, b+blen) (no wrap-around assumed for b).
static bool
inside(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a >= b && alen <= blen && a - b <= blen - alen;
}

static bool
overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

int
devmem_allowed(uint64_t pa, uint64_t size)
{
    if (tree == NULL || size == 0 || pa + size < pa) {
        return -MX_EPERM;
    }
    for (unsigned i = 0; i < tree->mem_count; i++) {
        if (overlaps(pa, size, tree->mem[i].base, tree->mem[i].size)) {
            return -MX_EPERM;
        }
    }
    bool inside_driver_device = false;
    for (unsigned i = 0; i < tree->dev_count; i++) {
        const struct fdt_device *d = &tree->dev[i];
        if (d->kernel_owned && overlaps(pa, size, d->base, d->size)) {
            return -MX_EPERM; // e.g. a range spanning the UART and the PLIC
        }
        // Pages are the unit of mapping: a device smaller than a page (the
        // UART's 0x100 bytes) may be mapped as the page(s) holding it.
        uint64_t first = d->base & ~(uint64_t)(PAGE_SIZE - 1);
        uint64_t end = (d->base + d->size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
        inside_driver_device |= !d->kernel_owned && inside(pa, size, first, end - first);
    }
    return inside_driver_device ? MX_OK : -MX_EPERM;
}

// The UART's line if a driver may own it, else 0.
static uint32_t
uart_line(void)
{
    for (unsigned i = 0; i < tree->dev_count; i++) {
        const struct fdt_device *d = &tree->dev[i];
        if (d->base == tree->uart_base && !d->kernel_owned && d->irq == tree->uart_irq) {
            return arch_irq_present() && d->irq <= arch_irq_lines() ? d->irq : 0;
        }
    }
    return 0;
}

int
devmem_describe(struct kc_devinfo *di)
{
    if (tree == NULL || di->index != 0 || tree->uart_type != FDT_UART_NS16550) {
        return -MX_ENXIO;
    }
    di->base = tree->uart_base;
    di->size = tree->uart_size;
    di->irq = uart_line();
    di->reg_shift = tree->uart_reg_shift;
    di->reg_io_width = tree->uart_reg_io_width;
    kstrlcpy(di->name, "ns16550", sizeof(di->name));
    return MX_OK;
}
