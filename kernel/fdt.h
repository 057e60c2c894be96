// Flattened device tree (DTB) parser: extracts what the kernel needs to boot.
//
// Interface:
//   fdt_parse()           walk a DTB blob, fill struct fdt_info, or fail with
//                         a message naming the problem (never reads out of bounds)
//   fdt_check_required()  say what a bootable tree lacks (memory, UART, timebase)
//
// The parser trusts nothing in the blob: every offset, length, string and
// nesting level is checked against the header and the caller's size limit.
#pragma once

#include <stddef.h>
#include <stdint.h>

enum {
    FDT_MAX_MEM = 8,        // memory ranges kept (more are an error)
    FDT_MAX_RESV = 16,      // reserved ranges kept (more are an error)
    FDT_MAX_DEPTH = 16,     // node nesting limit
    FDT_BOOTARGS_MAX = 256, // longest /chosen/bootargs kept (longer: error)
    FDT_ISA_MAX = 128,      // riscv,isa string kept (longer is cut)
    FDT_MAX_DEVICES = 24,   // device nodes with registers kept (more are ignored)
    FDT_HEADER_SIZE = 40,
    FDT_MAGIC = 0xd00dfeed,
};

struct fdt_range {
    uint64_t base;
    uint64_t size;
};

enum fdt_uart_type { FDT_UART_NONE, FDT_UART_NS16550 };

// A device node with registers (its first reg entry), for drivers: the
// kernel lets a driver map it only if the kernel does not use it itself.
struct fdt_device {
    uint64_t base;
    uint64_t size;
    uint32_t irq;           // first interrupts cell, 0 if none
    uint32_t kernel_owned;  // CLINT, PLIC, test device: never mapped for drivers
};

struct fdt_info {
    uint32_t blob_size;                  // header totalsize, bytes
    struct fdt_range mem[FDT_MAX_MEM];   // RAM from memory nodes
    unsigned mem_count;
    struct fdt_range resv[FDT_MAX_RESV]; // /memreserve/ block and /reserved-memory
    unsigned resv_count;
    enum fdt_uart_type uart_type;        // console UART, chosen by stdout-path
    uint64_t uart_base;
    uint32_t uart_reg_shift;             // register stride is 1 << shift bytes
    uint32_t uart_irq;                   // 0 if not given
    uint64_t uart_size;                  // bytes of registers (from reg)
    uint32_t uart_reg_io_width;          // reg-io-width, 1 if not given
    uint64_t clint_base;                 // 0 if absent
    uint64_t plic_base;                  // 0 if absent
    uint32_t plic_ndev;                  // riscv,ndev: sources 1..ndev
    uint32_t plic_context;               // the boot hart's S-mode context (from
                                         // interrupts-extended: the first entry
                                         // with cause 9); 1 if not given
    struct fdt_device dev[FDT_MAX_DEVICES];
    unsigned dev_count;
    uint64_t test_base;                  // sifive,test0 exit device; 0 if absent
    uint64_t timebase_hz;                // /cpus timebase-frequency; 0 if absent
    char isa[FDT_ISA_MAX];               // boot cpu's riscv,isa ("" if absent)
    char bootargs[FDT_BOOTARGS_MAX];     // /chosen/bootargs ("" if absent)
};

// Parses the DTB at blob, reading at most avail bytes. Returns 0 and fills
// *out, or returns -1 and sets *why to a constant message naming the problem.
int fdt_parse(const void *blob, size_t avail, struct fdt_info *out, const char **why);

// Returns NULL if info describes a bootable machine, else a message naming
// what is missing (no memory node, no UART, no timebase-frequency).
const char *fdt_check_required(const struct fdt_info *info);

// Total RAM in bytes over all memory ranges.
uint64_t fdt_mem_total(const struct fdt_info *info);
