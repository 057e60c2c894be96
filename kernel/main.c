// kmain: the portable kernel's boot sequence.
//   1. parse the device tree (panic naming the problem if it is unusable)
//   2. console on the UART it names; banner with what was found
//   3. memory map, Sv39 kernel map, clock
//   4. boot self-tests when asked (bootargs "test=boot"), else start the
//      boot processes and run them
#include <stdint.h>

#include "arch.h"
#include "bootargs.h"
#include "bootimage.h"
#include "boottest.h"
#include "clock.h"
#include "console.h"
#include "devmem.h"
#include "fdt.h"
#include "frame.h"
#include "irq.h"
#include "ktrap.h"
#include "memmap.h"
#include "panic.h"
#include "proc.h"
#include "sched.h"

enum { FDT_MAX_BLOB = 1 << 20 }; // refuse device trees claiming more than 1 MiB

// Linker-script symbols bounding the kernel image.
extern char __kernel_start[], __kernel_end[];

void kmain(uint64_t hartid, paddr_t dtb_pa);

static struct fdt_info fdt;
static struct memmap memmap;

static void
parse_device_tree(paddr_t dtb_pa)
{
    const char *why = NULL;

    if (fdt_parse((const void *)(uintptr_t)dtb_pa, FDT_MAX_BLOB, &fdt, &why) != 0) {
        panic("bad device tree at %#lx: %s", (unsigned long)dtb_pa, why);
    }
    why = fdt_check_required(&fdt);
    if (why != NULL) {
        panic("%s", why);
    }
}

static void
build_memmap(paddr_t dtb_pa)
{
    struct fdt_range resv[FDT_MAX_RESV + 2];
    unsigned n = 0;

    for (unsigned i = 0; i < fdt.resv_count; i++) {
        resv[n++] = fdt.resv[i];
    }
    resv[n++] = (struct fdt_range){(uintptr_t)__kernel_start,
                                   (uintptr_t)__kernel_end - (uintptr_t)__kernel_start};
    resv[n++] = (struct fdt_range){dtb_pa, fdt.blob_size};
    if (memmap_build(&memmap, fdt.mem, fdt.mem_count, resv, n) != 0) {
        panic("physical memory map too fragmented");
    }
}

static void
banner(uint64_t hartid)
{
    uint64_t total = fdt_mem_total(&fdt);

    kprintf("\nmirv microkernel (RV64, Sv39)\n");
    kprintf("hart %lu, memory %lu MiB at %#lx, UART ns16550 at %#lx\n", (unsigned long)hartid,
            (unsigned long)(total >> 20), (unsigned long)fdt.mem[0].base,
            (unsigned long)fdt.uart_base);
    kprintf("timebase %lu Hz (%s timer), isa %s\n", (unsigned long)fdt.timebase_hz,
            arch_timer_uses_sstc() ? "sstc" : "sbi", fdt.isa[0] ? fdt.isa : "?");
    kprintf("kernel %lu KiB, free memory %lu KiB, bootargs \"%s\"\n",
            (unsigned long)(((uintptr_t)__kernel_end - (uintptr_t)__kernel_start) >> 10),
            (unsigned long)(memmap_total(&memmap) >> 10), fdt.bootargs);
}

static unsigned
boot_clock_hz(void)
{
    unsigned long long hz = CLOCK_DEFAULT_HZ;

    if (bootargs_has(fdt.bootargs, "hz") &&
        (!bootargs_get_u64(fdt.bootargs, "hz", &hz) || hz == 0 || hz > 10000)) {
        kprintf("bootargs: hz must be 1..10000; using %d\n", CLOCK_DEFAULT_HZ);
        hz = CLOCK_DEFAULT_HZ;
    }
    return (unsigned)hz;
}

// Frames the idle loop keeps zeroed ("prezero=N", 0 turns it off).
static uint64_t
boot_zero_pool(void)
{
    unsigned long long n = FRAME_ZERO_POOL;

    if (bootargs_has(fdt.bootargs, "prezero") && !bootargs_get_u64(fdt.bootargs, "prezero", &n)) {
        kprintf("bootargs: prezero must be a number of frames; using %d\n", FRAME_ZERO_POOL);
        n = FRAME_ZERO_POOL;
    }
    return n;
}

void
kmain(uint64_t hartid, paddr_t dtb_pa)
{
    parse_device_tree(dtb_pa);
    console_init(arch_mmio_va(fdt.uart_base), fdt.uart_reg_shift);
    arch_platform_init(&fdt, fdt.bootargs);
    build_memmap(dtb_pa);
    banner(hartid);

    const char *why = arch_mmu_init(&fdt);
    if (why != NULL) {
        panic("paging: %s", why);
    }
    uintptr_t uart_va = arch_mmio_va(fdt.uart_base);
    if (uart_va == 0) {
        panic("UART at %#lx is outside the device window", (unsigned long)fdt.uart_base);
    }
    console_init(uart_va, fdt.uart_reg_shift);
    kprintf("paging on: kernel map ready\n");

    arch_irq_init(&fdt); // every line masked until a driver asks
    irq_init(&fdt);
    devmem_init(&fdt);
    clock_init(fdt.timebase_hz, boot_clock_hz());
    arch_intr_enable();

    if (bootargs_has(fdt.bootargs, "test")) {
        boottest_run(fdt.bootargs, &memmap);
    }
    frame_init(&memmap);
    frame_set_zero_target(boot_zero_pool());
    proc_table_init();
    sched_init();
    unsigned started = bootimage_start();
    kprintf("%u boot processes started, %lu KiB free\n", started,
            (unsigned long)(frame_free_count() * 4));
    arch_intr_disable(); // the kernel runs with interrupts off from here on
    kernel_resume();
}
