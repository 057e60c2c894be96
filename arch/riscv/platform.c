// Platform services behind kernel/arch.h: console fallback, timer (Sstc
// stimecmp when the hart has it, else the SBI TIME extension), interrupts,
// idle, and halting (SBI system reset, or the sifive test device for a
// non-zero exit status).
#include "arch.h"

#include "bootargs.h"
#include "csr.h"
#include "klib.h"
#include "sbi.h"

enum {
    TEST_FAIL = 0x3333, // sifive,test0: (code << 16) | FAIL exits with code
};

static struct {
    paddr_t test_pa;  // 0 if the machine has no test device
    bool has_sstc;
} platform;

// True if the ISA string names the extension as a whole "_ext" word.
static bool
isa_has(const char *isa, const char *ext)
{
    size_t n = strlen(ext);

    for (const char *p = isa; *p != '\0'; p++) {
        if (*p == '_' && strncmp(p + 1, ext, n) == 0 && (p[1 + n] == '\0' || p[1 + n] == '_')) {
            return true;
        }
    }
    return false;
}

void
arch_platform_init(const struct fdt_info *fdt, const char *bootargs)
{
    platform.test_pa = fdt->test_base;
    platform.has_sstc = isa_has(fdt->isa, "sstc") && !bootargs_has(bootargs, "nosstc");
    csr_clear_sstatus(SSTATUS_FS); // no FPU use: keep floating point Off
    csr_write_scounteren(7);       // U-mode may read cycle, time and instret
}

void
arch_timer_arm(uint64_t deadline)
{
    if (platform.has_sstc) {
        csr_write_stimecmp(deadline);
    } else {
        sbi_set_timer(deadline);
    }
}

uint64_t
arch_time_now(void)
{
    return csr_read_time();
}

void
arch_intr_enable(void)
{
    csr_set_sie(arch_irq_present() ? SIE_STIE | SIE_SEIE : SIE_STIE);
    csr_set_sstatus(SSTATUS_SIE);
}

void
arch_intr_disable(void)
{
    csr_clear_sstatus(SSTATUS_SIE);
}

void
arch_idle(void)
{
    uint64_t was = csr_read_sstatus() & SSTATUS_SIE;

    csr_set_sstatus(SSTATUS_SIE); // a pending interrupt is taken here
    wfi();
    if (!was) {
        csr_clear_sstatus(SSTATUS_SIE);
    }
}

bool
arch_intr_pending(void)
{
    return (csr_read_sip() & csr_read_sie()) != 0;
}

void
arch_firmware_putc(char c)
{
    sbi_putchar(c);
}

noreturn void
arch_halt(int code)
{
    arch_intr_disable();
    uintptr_t test = platform.test_pa != 0 ? arch_mmio_va(platform.test_pa) : 0;
    if (code != 0 && test != 0) {
        *(volatile uint32_t *)test = (uint32_t)code << 16 | TEST_FAIL;
    }
    sbi_shutdown(code != 0);
    for (;;) {
        wfi();
    }
}

bool
arch_timer_uses_sstc(void)
{
    return platform.has_sstc;
}
