// The kernel's Sv39 address space.
//
//   VA 0x0000_0000 .. 0x7fff_ffff          user space (empty in the kernel map)
//   VA 0x8000_0000 .. end of RAM           RAM at VA == PA, global, no U:
//        the kernel image in 4 KiB pages (text R+X, rodata R, data R+W,
//        no page at all for the guard below the kernel stack),
//        all other RAM in 2 MiB pages R+W (never executable)
//   VA 0xffff_ffc0_0000_0000 + PA          devices below 1 GiB (one gigapage)
//
// Every process's root table will copy the kernel's root entries, so a trap
// never needs to switch satp to reach kernel memory.
#include "arch.h"

#include "csr.h"
#include "sv39.h"

enum {
    MMIO_VA_BASE_HI = 0xffffffc0u,   // upper 32 bits of the MMIO window
    BOOT_TABLES = 16,                // tables for the kernel map
    MEGA = 2u << 20,
};
static const uint64_t MMIO_VA_BASE = (uint64_t)MMIO_VA_BASE_HI << 32;
static const uint64_t MMIO_WINDOW = 1ull << 30;
static const uint64_t KERNEL_FLAGS = PTE_A | PTE_D | PTE_G;

// Linker-script symbols (their addresses are what matters).
extern char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];
extern char __stack_guard[], __stack_bottom[];

static uint64_t kernel_root[SV39_ENTRIES] __attribute__((aligned(4096)));
static uint64_t boot_tables[BOOT_TABLES][SV39_ENTRIES] __attribute__((aligned(4096)));

static struct {
    unsigned tables_used;
    bool paging_on;
} mmu;

static uint64_t
boot_table_alloc(void *ctx)
{
    (void)ctx;
    if (mmu.tables_used == BOOT_TABLES) {
        return 0;
    }
    return (uint64_t)(uintptr_t)boot_tables[mmu.tables_used++]; // zeroed .bss
}

static const struct sv39_alloc boot_alloc = {boot_table_alloc, NULL};

static uint64_t
image_page_flags(uint64_t pa)
{
    if (pa < (uint64_t)(uintptr_t)__text_end) {
        return PTE_R | PTE_X;
    }
    if (pa < (uint64_t)(uintptr_t)__rodata_end) {
        return PTE_R;
    }
    return PTE_R | PTE_W;
}

// Maps one RAM range: 4 KiB pages in the 2 MiB windows holding the kernel
// image (for W^X), 2 MiB pages elsewhere where alignment allows.
static int
map_ram(uint64_t base, uint64_t end)
{
    uint64_t img_lo = align_down((uint64_t)(uintptr_t)__kernel_start, MEGA);
    uint64_t img_hi = align_up((uint64_t)(uintptr_t)__kernel_end, MEGA);

    for (uint64_t pa = base; pa < end;) {
        int err;
        uint64_t next;
        if (pa >= (uint64_t)(uintptr_t)__stack_guard && pa < (uint64_t)(uintptr_t)__stack_bottom) {
            pa += PAGE_SIZE; // the guard page below the kernel stack stays unmapped
            continue;
        }
        if (pa >= img_lo && pa < img_hi) {
            next = pa + PAGE_SIZE;
            uint64_t flags = pa >= (uint64_t)(uintptr_t)__kernel_start
                                 ? image_page_flags(pa)
                                 : PTE_R | PTE_W;
            err = sv39_map(kernel_root, pa, pa, 0, flags | KERNEL_FLAGS, &boot_alloc);
        } else {
            next = pa < img_lo && end > img_lo ? img_lo : end;
            err = sv39_map_range(kernel_root, pa, pa, next - pa, PTE_R | PTE_W | KERNEL_FLAGS, 1,
                                 &boot_alloc);
        }
        if (err != SV39_OK) {
            return err;
        }
        pa = next;
    }
    return SV39_OK;
}

const char *
arch_mmu_init(const struct fdt_info *fdt)
{
    for (unsigned i = 0; i < fdt->mem_count; i++) {
        uint64_t base = align_up(fdt->mem[i].base, PAGE_SIZE);
        uint64_t end = align_down(fdt->mem[i].base + fdt->mem[i].size, PAGE_SIZE);
        if (base < 0x80000000ull) {
            return "RAM below 0x80000000 would overlap user space";
        }
        if (end > (1ull << (SV39_VA_BITS - 1))) {
            return "RAM above 256 GiB is beyond the kernel's direct map";
        }
        if (map_ram(base, end) != SV39_OK) {
            return "out of boot page tables while mapping RAM";
        }
    }
    if (sv39_map(kernel_root, MMIO_VA_BASE, 0, 2, PTE_R | PTE_W | KERNEL_FLAGS, &boot_alloc) !=
        SV39_OK) {
        return "cannot map the device window";
    }
    sfence_vma_all();
    csr_write_satp(sv39_satp((uint64_t)(uintptr_t)kernel_root, 0));
    sfence_vma_all();
    mmu.paging_on = true;
    return NULL;
}

const uint64_t *mmu_kernel_root(void);

const uint64_t *
mmu_kernel_root(void)
{
    return kernel_root;
}

uintptr_t
arch_mmio_va(paddr_t pa)
{
    if (!mmu.paging_on) {
        return (uintptr_t)pa;
    }
    if (pa >= MMIO_WINDOW) {
        return 0; // outside the device window: callers treat 0 as "none"
    }
    return (uintptr_t)(MMIO_VA_BASE + pa);
}
