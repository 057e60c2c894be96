// The platform-level interrupt controller (SiFive PLIC) for the boot hart's
// S-mode context: lines are masked and unmasked through the context's
// enable bits, and an external interrupt is claimed, handed to the kernel
// (irq_fire) and completed. Register map: priority 4*line, enables
// 0x2000 + 0x80*context, threshold 0x200000 + 0x1000*context, claim and
// complete 4 bytes after the threshold.
#include "arch.h"

#include "plic.h"

enum {
    PLIC_ENABLE = 0x2000,
    PLIC_ENABLE_STRIDE = 0x80,
    PLIC_CONTEXT = 0x200000,
    PLIC_CONTEXT_STRIDE = 0x1000,
    PLIC_CLAIM = 4,
    PLIC_MAX_LINES = 1023,
    PLIC_DEFAULT_LINES = 31,
};

static struct {
    uintptr_t va;       // 0: no PLIC
    uint32_t context;
    uint32_t lines;     // sources 1..lines
} plic;

static volatile uint32_t *
plic_reg(uintptr_t off)
{
    return (volatile uint32_t *)(plic.va + off);
}

static volatile uint32_t *
enable_word(unsigned line)
{
    return plic_reg(PLIC_ENABLE + PLIC_ENABLE_STRIDE * plic.context + 4 * (line / 32));
}

static volatile uint32_t *
claim_reg(void)
{
    return plic_reg(PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * plic.context + PLIC_CLAIM);
}

void
arch_irq_init(const struct fdt_info *fdt)
{
    plic.va = fdt->plic_base != 0 ? arch_mmio_va(fdt->plic_base) : 0;
    if (plic.va == 0) {
        return;
    }
    plic.context = fdt->plic_context;
    plic.lines = fdt->plic_ndev != 0 ? fdt->plic_ndev : PLIC_DEFAULT_LINES;
    if (plic.lines > PLIC_MAX_LINES) {
        plic.lines = PLIC_MAX_LINES;
    }
    for (unsigned line = 1; line <= plic.lines; line++) {
        arch_irq_mask(line);
        *plic_reg(4 * line) = 1; // every line the same priority, above the threshold
    }
    *plic_reg(PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * plic.context) = 0; // threshold
}

bool
arch_irq_present(void)
{
    return plic.va != 0;
}

unsigned
arch_irq_lines(void)
{
    return plic.va != 0 ? plic.lines : 0;
}

void
arch_irq_mask(unsigned line)
{
    if (plic.va != 0 && line >= 1 && line <= plic.lines) {
        *enable_word(line) &= ~(1u << (line % 32));
    }
}

void
arch_irq_unmask(unsigned line)
{
    if (plic.va != 0 && line >= 1 && line <= plic.lines) {
        *enable_word(line) |= 1u << (line % 32);
    }
}

void
plic_dispatch(void)
{
    if (plic.va == 0) {
        return;
    }
    for (;;) {
        uint32_t line = *claim_reg();
        if (line == 0) {
            return;
        }
        // Complete first: the PLIC ignores a completion for a source that
        // is not enabled, and irq_fire masks it (the owner unmasks it
        // once it has served the device). A source still asserted stays
        // pending while masked, so nothing is lost.
        *claim_reg() = line;
        irq_fire(line);
    }
}
