// ELF validator for boot processes: checks an ELF64 file packed into the
// kernel image and describes its loadable segments for the loader.
//
// Interface:
//   elf_parse()   validate a RISC-V 64-bit ET_EXEC user program and list its
//                 PT_LOAD segments sorted by vaddr, or fail with a message
//                 naming the problem (never reads outside the given bytes)
//
// The parser trusts nothing in the file: every header field is read with a
// bounds check, every offset and size is checked for overflow, and the
// segments must fit the caller's user address range, be page-congruent, not
// share a page, and never be writable and executable at once.
//
// Keep segments (p_flags bit PF_MIRV_KEEP, set by lib/user.ld for the
// .keep section): memory a service keeps across a reload in place (DS's
// store survives DS's crash; see task_reload). At most one per file; it
// must be readable, writable, not executable and have no file bytes (it
// starts zeroed, like .bss).
#pragma once

#include <stddef.h>
#include <stdint.h>

enum { ELF_MAX_SEGMENTS = 8 };               // PT_LOAD segments kept (more: error)
enum { ELF_SEG_R = 1, ELF_SEG_W = 2, ELF_SEG_X = 4, ELF_SEG_KEEP = 8 };
// The p_flags bit of a keep segment (one of the PF_MASKOS bits).
enum { ELF_PF_MIRV_KEEP = 0x00100000 };
enum {
    ELF_PAGE_SIZE = 4096,  // segments are mapped, and must not overlap, in pages
    ELF_HEADER_SIZE = 64,  // sizeof(Elf64_Ehdr)
    ELF_PHDR_SIZE = 56,    // sizeof(Elf64_Phdr), the only e_phentsize accepted
    ELF_MACHINE_RISCV = 243,
};

// One PT_LOAD segment: memory [vaddr, vaddr+memsz) gets file bytes
// [offset, offset+filesz) followed by zeros. flags are ELF_SEG_* bits.
struct elf_segment {
    uint64_t vaddr;
    uint64_t memsz;
    uint64_t offset;
    uint64_t filesz;
    uint32_t flags;
};

struct elf_image {
    uint64_t entry;                            // inside an executable segment
    unsigned count;                            // 1..ELF_MAX_SEGMENTS
    struct elf_segment seg[ELF_MAX_SEGMENTS];  // sorted by vaddr, page-disjoint
};

// Validates the ELF file in data[0..len) as a RISC-V 64-bit user program whose
// segments must lie within [va_min, va_max) (whole pages: the page-rounded
// segments must fit). Returns 0 and fills *out, or -1 with *why (if why is not
// NULL) = a constant message naming the problem; *out is zeroed on failure.
// data needs no alignment. PT_LOAD segments with memsz 0 map nothing and are
// skipped; other program header types are ignored.
int elf_parse(const void *data, size_t len, uint64_t va_min, uint64_t va_max,
              struct elf_image *out, const char **why);
