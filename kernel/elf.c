// ELF validator for boot processes (System V gABI, "Object Files" and
// "Program Loading"; RISC-V ELF psABI for EM_RISCV).
//
// Checks the ELF header, then each program header: PT_LOAD entries become
// struct elf_segment after their file and memory ranges are checked, all
// other types are ignored. The segments are then sorted by vaddr and checked
// for page overlap, and the entry point must fall in an executable one.
//
// Fields are read little-endian byte by byte through a bounds-checked reader,
// so the data may be unaligned and a truncated or corrupt file yields a
// message, never an access outside data[0..len).
#include "elf.h"

#include <stdbool.h>

#include "klib.h"

enum {
    // e_ident
    EI_CLASS = 4,
    EI_DATA = 5,
    EI_VERSION = 6,
    ELFCLASS64 = 2,
    ELFDATA2LSB = 1,
    EV_CURRENT = 1,
    // ELF header field offsets
    EH_TYPE = 16,
    EH_MACHINE = 18,
    EH_VERSION = 20,
    EH_ENTRY = 24,
    EH_PHOFF = 32,
    EH_PHENTSIZE = 54,
    EH_PHNUM = 56,
    ET_EXEC = 2,
    // program header field offsets
    PH_TYPE = 0,
    PH_FLAGS = 4,
    PH_OFFSET = 8,
    PH_VADDR = 16,
    PH_FILESZ = 32,
    PH_MEMSZ = 40,
    PT_LOAD = 1,
    PF_X = 1,
    PF_W = 2,
    PF_R = 4,
};

struct reader {
    const uint8_t *b;
    size_t len;
    bool bad;   // set when a read fell outside b[0..len)
};

// Reads an n-byte little-endian field at off; 0 (and r->bad) if out of range.
static uint64_t
get_le(struct reader *r, uint64_t off, unsigned n)
{
    uint64_t v = 0;

    if (off > r->len || n > r->len - off) {
        r->bad = true;
        return 0;
    }
    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)r->b[off + i] << (8 * i);
    }
    return v;
}

static int
fail(struct elf_image *out, const char **why, const char *msg)
{
    memset(out, 0, sizeof(*out));
    if (why != NULL) {
        *why = msg;
    }
    return -1;
}

static uint64_t
page_down(uint64_t x)
{
    return x & ~(uint64_t)(ELF_PAGE_SIZE - 1);
}

// Rounds x up to a page; false if that passes 2^64.
static bool
page_up(uint64_t x, uint64_t *up)
{
    if (x > UINT64_MAX - (ELF_PAGE_SIZE - 1)) {
        return false;
    }
    *up = page_down(x + (ELF_PAGE_SIZE - 1));
    return true;
}

// Identification and ELF header fields; NULL if acceptable.
static const char *
check_header(struct reader *r)
{
    static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};

    if (r->len < ELF_HEADER_SIZE) {
        return "ELF file shorter than its header";
    }
    if (memcmp(r->b, magic, sizeof(magic)) != 0) {
        return "ELF file has a bad magic number";
    }
    if (get_le(r, EI_CLASS, 1) != ELFCLASS64) {
        return "ELF file is not ELFCLASS64";
    }
    if (get_le(r, EI_DATA, 1) != ELFDATA2LSB) {
        return "ELF file is not little-endian";
    }
    if (get_le(r, EI_VERSION, 1) != EV_CURRENT || get_le(r, EH_VERSION, 4) != EV_CURRENT) {
        return "ELF file has a bad ELF version";
    }
    if (get_le(r, EH_TYPE, 2) != ET_EXEC) {
        return "ELF file is not an executable (ET_EXEC)";
    }
    if (get_le(r, EH_MACHINE, 2) != ELF_MACHINE_RISCV) {
        return "ELF file is not RISC-V";
    }
    if (get_le(r, EH_PHENTSIZE, 2) != ELF_PHDR_SIZE) {
        return "ELF program header entry size is wrong";
    }
    uint64_t phoff = get_le(r, EH_PHOFF, 8);
    uint64_t table = get_le(r, EH_PHNUM, 2) * (uint64_t)ELF_PHDR_SIZE; // < 2^22
    if (phoff > r->len || table > r->len - phoff) {
        return "ELF program header table lies outside the file";
    }
    return r->bad ? "ELF header read out of bounds" : NULL;
}

static uint32_t
seg_flags(uint64_t p_flags)
{
    return ((p_flags & PF_R) ? ELF_SEG_R : 0) | ((p_flags & PF_W) ? ELF_SEG_W : 0) |
           ((p_flags & PF_X) ? ELF_SEG_X : 0) | ((p_flags & ELF_PF_MIRV_KEEP) ? ELF_SEG_KEEP : 0);
}

// Checks one PT_LOAD segment on its own; NULL if acceptable.
static const char *
check_segment(const struct elf_segment *s, size_t len, uint64_t va_min, uint64_t va_max)
{
    uint64_t first, last;

    if (s->filesz > s->memsz) {
        return "ELF segment has filesz larger than memsz";
    }
    if (s->offset > len || s->filesz > len - s->offset) {
        return "ELF segment file range lies outside the file";
    }
    if (s->memsz > UINT64_MAX - s->vaddr || !page_up(s->vaddr + s->memsz, &last)) {
        return "ELF segment memory range overflows";
    }
    first = page_down(s->vaddr);
    if (first < va_min || last > va_max) {
        return "ELF segment lies outside the user address range";
    }
    if (s->vaddr % ELF_PAGE_SIZE != s->offset % ELF_PAGE_SIZE) {
        return "ELF segment vaddr and offset not congruent modulo the page size";
    }
    if ((s->flags & ELF_SEG_W) && (s->flags & ELF_SEG_X)) {
        return "ELF segment is both writable and executable";
    }
    if ((s->flags & ELF_SEG_KEEP) &&
        (s->flags & (ELF_SEG_R | ELF_SEG_W | ELF_SEG_X)) != (ELF_SEG_R | ELF_SEG_W)) {
        return "ELF keep segment is not readable and writable data";
    }
    if ((s->flags & ELF_SEG_KEEP) && s->filesz != 0) {
        return "ELF keep segment has file bytes (it must start zeroed)";
    }
    return NULL;
}

// Reads program header i into *s; false if it is not a non-empty PT_LOAD.
static bool
read_load(struct reader *r, uint64_t phoff, unsigned i, struct elf_segment *s)
{
    uint64_t ph = phoff + (uint64_t)i * ELF_PHDR_SIZE;

    if (get_le(r, ph + PH_TYPE, 4) != PT_LOAD) {
        return false;
    }
    s->flags = seg_flags(get_le(r, ph + PH_FLAGS, 4));
    s->offset = get_le(r, ph + PH_OFFSET, 8);
    s->vaddr = get_le(r, ph + PH_VADDR, 8);
    s->filesz = get_le(r, ph + PH_FILESZ, 8);
    s->memsz = get_le(r, ph + PH_MEMSZ, 8);
    // An empty segment maps nothing, but a filesz beyond it is still wrong.
    return s->memsz != 0 || s->filesz != 0;
}

// Insertion sort of the (at most ELF_MAX_SEGMENTS) segments by vaddr.
static void
sort_segments(struct elf_image *img)
{
    for (unsigned i = 1; i < img->count; i++) {
        struct elf_segment s = img->seg[i];
        unsigned j = i;
        for (; j > 0 && img->seg[j - 1].vaddr > s.vaddr; j--) {
            img->seg[j] = img->seg[j - 1];
        }
        img->seg[j] = s;
    }
}

// True if two neighbours (sorted by vaddr) share a page. Every segment was
// checked to round up without overflow.
static bool
segments_overlap(const struct elf_image *img)
{
    for (unsigned i = 1; i < img->count; i++) {
        const struct elf_segment *a = &img->seg[i - 1];
        uint64_t a_end = 0;
        (void)page_up(a->vaddr + a->memsz, &a_end);
        if (a_end > page_down(img->seg[i].vaddr)) {
            return true;
        }
    }
    return false;
}

static unsigned
keep_segments(const struct elf_image *img)
{
    unsigned n = 0;

    for (unsigned i = 0; i < img->count; i++) {
        n += (img->seg[i].flags & ELF_SEG_KEEP) != 0;
    }
    return n;
}

static bool
entry_executable(const struct elf_image *img)
{
    for (unsigned i = 0; i < img->count; i++) {
        const struct elf_segment *s = &img->seg[i];
        if ((s->flags & ELF_SEG_X) && img->entry >= s->vaddr &&
            img->entry - s->vaddr < s->memsz) {
            return true;
        }
    }
    return false;
}

int
elf_parse(const void *data, size_t len, uint64_t va_min, uint64_t va_max,
          struct elf_image *out, const char **why)
{
    struct reader r = {.b = data, .len = len, .bad = false};
    struct elf_image img;
    const char *msg = check_header(&r);

    memset(&img, 0, sizeof(img));
    if (msg != NULL) {
        return fail(out, why, msg);
    }
    uint64_t phoff = get_le(&r, EH_PHOFF, 8);
    unsigned phnum = (unsigned)get_le(&r, EH_PHNUM, 2);
    for (unsigned i = 0; i < phnum; i++) {
        struct elf_segment s;
        memset(&s, 0, sizeof(s));
        if (!read_load(&r, phoff, i, &s)) {
            continue;
        }
        if (img.count == ELF_MAX_SEGMENTS) {
            return fail(out, why, "ELF file has too many PT_LOAD segments");
        }
        msg = check_segment(&s, len, va_min, va_max);
        if (msg != NULL) {
            return fail(out, why, msg);
        }
        img.seg[img.count++] = s;
    }
    if (r.bad) {
        return fail(out, why, "ELF program header read out of bounds");
    }
    if (img.count == 0) {
        return fail(out, why, "ELF file has no PT_LOAD segment");
    }
    if (keep_segments(&img) > 1) {
        return fail(out, why, "ELF file has more than one keep segment");
    }
    sort_segments(&img);
    if (segments_overlap(&img)) {
        return fail(out, why, "ELF segments overlap in memory (sharing a page)");
    }
    img.entry = get_le(&r, EH_ENTRY, 8);
    if (!entry_executable(&img)) {
        return fail(out, why, "ELF entry point is not in an executable segment");
    }
    *out = img;
    return 0;
}
