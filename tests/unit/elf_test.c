// Unit tests for the ELF validator (kernel/elf.c): good RISC-V executables
// built by tests/unit/elf/make_fixtures.sh, an x86-64 executable from the host
// compiler, and files patched or built by hand here. The expected segments are
// read from the fixtures' program headers with the host's <elf.h>, not from
// kernel/elf.c. Every file lives in a buffer of exactly its size so ASan
// flags any overread. Usage: elf_test FIXTURE_DIR
#define UTEST_SUITE "elf"
#include "utest.h"

#include <stdbool.h>
#include <string.h>

#include "../../kernel/elf.h"

// ELF constants (System V gABI, RISC-V psABI), spelled out here rather than
// shared with kernel/elf.c. (<elf.h> would find kernel/elf.h through -Ikernel.)
enum {
    EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6,
    ELFCLASSNONE = 0, ELFCLASS32 = 1, ELFCLASS64 = 2,
    ELFDATA2LSB = 1, ELFDATA2MSB = 2, EV_CURRENT = 1,
    ET_REL = 1, ET_EXEC = 2, ET_DYN = 3,
    EM_X86_64 = 62, EM_AARCH64 = 183, EM_RISCV = 243,
    PT_LOAD = 1, PT_NOTE = 4, PT_GNU_STACK = 0x6474e551, PT_RISCV_ATTRIBUTES = 0x70000003,
    PF_X = 1, PF_W = 2, PF_R = 4,
    PHDR_SIZE = 56,
};

enum { VA_MIN = 0x1000, VA_MAX = 0x80000000 }; // user space, page 0 unmapped

static const char *fixture_dir = "build/host/elf";

static unsigned char *
load(const char *name, size_t *len)
{
    return utest_load(fixture_dir, name, len, "made by tests/unit/elf/make_fixtures.sh");
}

static void
put_le(unsigned char *b, size_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        b[off + i] = (unsigned char)(v >> (8 * i));
    }
}

// ---- the test's own reading of a (good) file ----

struct ehdr {
    uint16_t e_type, e_machine, e_phnum;
    uint64_t e_entry, e_phoff;
};

struct phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_filesz, p_memsz;
};

static uint64_t
get_le(const unsigned char *b, size_t off, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)b[off + i] << (8 * i);
    }
    return v;
}

static struct ehdr
ehdr_of(const unsigned char *b)
{
    return (struct ehdr){.e_type = (uint16_t)get_le(b, 16, 2),
                         .e_machine = (uint16_t)get_le(b, 18, 2),
                         .e_phnum = (uint16_t)get_le(b, 56, 2),
                         .e_entry = get_le(b, 24, 8),
                         .e_phoff = get_le(b, 32, 8)};
}

static struct phdr
phdr_of(const unsigned char *b, unsigned i)
{
    size_t p = ehdr_of(b).e_phoff + (size_t)i * PHDR_SIZE;
    return (struct phdr){.p_type = (uint32_t)get_le(b, p, 4),
                         .p_flags = (uint32_t)get_le(b, p + 4, 4),
                         .p_offset = get_le(b, p + 8, 8),
                         .p_vaddr = get_le(b, p + 16, 8),
                         .p_filesz = get_le(b, p + 32, 8),
                         .p_memsz = get_le(b, p + 40, 8)};
}

// File offset of the program header of the k-th non-empty PT_LOAD (file order).
static size_t
load_phdr_off(const unsigned char *b, unsigned k)
{
    struct ehdr eh = ehdr_of(b);
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        struct phdr ph = phdr_of(b, i);
        if (ph.p_type == PT_LOAD && ph.p_memsz != 0 && k-- == 0) {
            return eh.e_phoff + (size_t)i * PHDR_SIZE;
        }
    }
    return 0;
}

static uint32_t
expect_flags(uint32_t p_flags)
{
    return ((p_flags & PF_R) ? ELF_SEG_R : 0u) | ((p_flags & PF_W) ? ELF_SEG_W : 0u) |
           ((p_flags & PF_X) ? ELF_SEG_X : 0u);
}

// The non-empty PT_LOAD segments of b, sorted by vaddr; returns their count.
static unsigned
expected_segments(const unsigned char *b, struct elf_segment *seg, unsigned max)
{
    struct ehdr eh = ehdr_of(b);
    unsigned n = 0;

    for (unsigned i = 0; i < eh.e_phnum && n < max; i++) {
        struct phdr ph = phdr_of(b, i);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) {
            continue;
        }
        unsigned j = n++;
        for (; j > 0 && seg[j - 1].vaddr > ph.p_vaddr; j--) {
            seg[j] = seg[j - 1];
        }
        seg[j] = (struct elf_segment){.vaddr = ph.p_vaddr, .memsz = ph.p_memsz,
                                      .offset = ph.p_offset, .filesz = ph.p_filesz,
                                      .flags = expect_flags(ph.p_flags)};
    }
    return n;
}

// Bytes a parser must see: the program header table and every PT_LOAD's data.
static size_t
bytes_needed(const unsigned char *b)
{
    struct ehdr eh = ehdr_of(b);
    size_t need = eh.e_phoff + (size_t)eh.e_phnum * PHDR_SIZE;

    for (unsigned i = 0; i < eh.e_phnum; i++) {
        struct phdr ph = phdr_of(b, i);
        if (ph.p_type == PT_LOAD && ph.p_memsz != 0 && ph.p_offset + ph.p_filesz > need) {
            need = ph.p_offset + ph.p_filesz;
        }
    }
    return need;
}

// ---- running the parser ----

static bool
all_zero(const struct elf_image *img)
{
    const unsigned char *p = (const unsigned char *)img;
    for (size_t i = 0; i < sizeof(*img); i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

// Parses a private copy of exactly len bytes (at offset `skew` in its
// allocation, so fields are misaligned when skew is odd); returns the error
// or NULL. On failure also checks that *img was zeroed.
static const char *
parse_skewed(const unsigned char *b, size_t len, size_t skew, uint64_t va_min, uint64_t va_max,
             struct elf_image *img)
{
    unsigned char *mem = malloc(len + skew ? len + skew : 1);
    const char *why = NULL;

    memcpy(mem + skew, b, len);
    memset(img, 0xa5, sizeof(*img));
    if (elf_parse(mem + skew, len, va_min, va_max, img, &why) == 0) {
        why = NULL;
    } else {
        if (why == NULL) {
            why = "(no message)";
        }
        CHECK(all_zero(img));
    }
    free(mem);
    return why;
}

static const char *
parse_copy(const unsigned char *b, size_t len, struct elf_image *img)
{
    return parse_skewed(b, len, 0, VA_MIN, VA_MAX, img);
}

static void
check_message(const char *why, const char *want, int line)
{
    char msg[200];

    if (why == NULL) {
        snprintf(msg, sizeof(msg), "accepted, expected an error with '%s'", want);
        utest_fail(__FILE__, line, msg);
    } else if (strstr(why, want) == NULL) {
        snprintf(msg, sizeof(msg), "error '%s' lacks '%s'", why, want);
        utest_fail(__FILE__, line, msg);
    }
}

#define CHECK_ERROR(why, want) check_message((why), (want), __LINE__)

// Compares a parse result with the test's own reading of the file.
static void
check_matches_headers(const unsigned char *b, const struct elf_image *img)
{
    struct elf_segment want[16];
    unsigned n = expected_segments(b, want, 16);

    CHECK_EQ(img->entry, ehdr_of(b).e_entry);
    CHECK_EQ(img->count, n);
    for (unsigned i = 0; i < n && i < img->count; i++) {
        CHECK_EQ(img->seg[i].vaddr, want[i].vaddr);
        CHECK_EQ(img->seg[i].memsz, want[i].memsz);
        CHECK_EQ(img->seg[i].offset, want[i].offset);
        CHECK_EQ(img->seg[i].filesz, want[i].filesz);
        CHECK_EQ(img->seg[i].flags, want[i].flags);
    }
}

// ---- hand-built files ----

struct phdr_spec {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz;
};

// An ET_EXEC RISC-V header, the given program headers at offset 64, and
// zero bytes up to the end of the furthest segment.
static unsigned char *
build_elf(uint64_t entry, const struct phdr_spec *ph, unsigned n, size_t *len)
{
    size_t total = 64 + (size_t)n * 56;

    for (unsigned i = 0; i < n; i++) {
        if (ph[i].type == PT_LOAD && ph[i].offset + ph[i].filesz > total) {
            total = ph[i].offset + ph[i].filesz;
        }
    }
    unsigned char *b = calloc(1, total);
    memcpy(b, "\177ELF", 4);
    b[EI_CLASS] = ELFCLASS64;
    b[EI_DATA] = ELFDATA2LSB;
    b[EI_VERSION] = EV_CURRENT;
    put_le(b, 16, ET_EXEC, 2);
    put_le(b, 18, EM_RISCV, 2);
    put_le(b, 20, EV_CURRENT, 4);
    put_le(b, 24, entry, 8);
    put_le(b, 32, 64, 8);   // e_phoff
    put_le(b, 52, 64, 2);   // e_ehsize
    put_le(b, 54, 56, 2);   // e_phentsize
    put_le(b, 56, n, 2);    // e_phnum
    for (unsigned i = 0; i < n; i++) {
        size_t p = 64 + (size_t)i * 56;
        put_le(b, p, ph[i].type, 4);
        put_le(b, p + 4, ph[i].flags, 4);
        put_le(b, p + 8, ph[i].offset, 8);
        put_le(b, p + 16, ph[i].vaddr, 8);
        put_le(b, p + 24, ph[i].vaddr, 8);
        put_le(b, p + 32, ph[i].filesz, 8);
        put_le(b, p + 40, ph[i].memsz, 8);
        put_le(b, p + 48, 0x1000, 8);
    }
    *len = total;
    return b;
}

// n text/data segments, one page each at 0x10000 + i pages.
static unsigned char *
build_pages(unsigned n, size_t *len)
{
    struct phdr_spec ph[16];

    for (unsigned i = 0; i < n && i < 16; i++) {
        ph[i] = (struct phdr_spec){PT_LOAD, i == 0 ? PF_R | PF_X : PF_R | PF_W,
                                   0x1000 * (i + 1), 0x10000 + 0x1000 * i, 0x10, 0x1000};
    }
    return build_elf(0x10000, ph, n, len);
}

// ---- good files ----

static void
test_data_fixture_matches_headers(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    CHECK(parse_copy(b, len, &img) == NULL);
    check_matches_headers(b, &img);
    // The linker script makes text, rodata and data three page-apart segments.
    CHECK_EQ(img.count, 3);
    CHECK_EQ(img.entry, 0x10000);
    CHECK_EQ(img.seg[0].flags, ELF_SEG_R | ELF_SEG_X);
    CHECK_EQ(img.seg[1].flags, ELF_SEG_R);
    CHECK_EQ(img.seg[2].flags, ELF_SEG_R | ELF_SEG_W);
    CHECK_EQ(img.seg[0].vaddr, 0x10000);
    CHECK(img.seg[0].filesz > 0 && img.seg[1].filesz > 0 && img.seg[2].filesz > 0);
    free(b);
}

static void
test_bss_fixture_matches_headers(void)
{
    size_t len = 0;
    unsigned char *b = load("bss.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    CHECK(parse_copy(b, len, &img) == NULL);
    check_matches_headers(b, &img);
    // No rodata: ld leaves that PT_LOAD empty (memsz 0, skipped), and .bss
    // makes the data segment much larger in memory than in the file.
    CHECK_EQ(img.count, 2);
    CHECK_EQ(img.seg[1].flags, ELF_SEG_R | ELF_SEG_W);
    CHECK(img.seg[1].memsz >= img.seg[1].filesz + 3 * 4096);
    free(b);
}

static void
test_non_load_headers_ignored(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;
    bool has_attributes = false;

    CHECK(b != NULL);
    for (unsigned i = 0; b != NULL && i < ehdr_of(b).e_phnum; i++) {
        has_attributes |= phdr_of(b, i).p_type == PT_RISCV_ATTRIBUTES;
    }
    CHECK(has_attributes); // the fixture really carries one, and it parses
    free(b);

    // Garbage in PT_NOTE, PT_GNU_STACK and PT_RISCV_ATTRIBUTES is not looked at.
    struct phdr_spec ph[] = {
        {PT_NOTE, PF_R | PF_W | PF_X, ~0ull, ~0ull, ~0ull, 1},
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 0x100, 0x100},
        {PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0},
        {PT_RISCV_ATTRIBUTES, PF_R, 0x123456789, 7, 0x1000000, 0},
    };
    b = build_elf(0x10000, ph, 4, &len);
    CHECK(parse_copy(b, len, &img) == NULL);
    CHECK_EQ(img.count, 1);
    CHECK_EQ(img.seg[0].memsz, 0x100);
    free(b);
}

static void
test_segments_sorted_by_vaddr(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;
    unsigned char tmp[56];

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    // Swap the text and data program headers: the output order must not change.
    size_t p0 = load_phdr_off(b, 0), p2 = load_phdr_off(b, 2);
    CHECK(p0 != 0 && p2 != 0);
    memcpy(tmp, b + p0, 56);
    memcpy(b + p0, b + p2, 56);
    memcpy(b + p2, tmp, 56);
    CHECK(parse_copy(b, len, &img) == NULL);
    check_matches_headers(b, &img);
    CHECK_EQ(img.seg[0].flags, ELF_SEG_R | ELF_SEG_X);
    CHECK_EQ(img.seg[2].flags, ELF_SEG_R | ELF_SEG_W);
    for (unsigned i = 1; i < img.count; i++) {
        CHECK(img.seg[i - 1].vaddr < img.seg[i].vaddr);
    }
    free(b);

    // Hand-built, in reverse order.
    struct phdr_spec ph[] = {
        {PT_LOAD, PF_R | PF_W, 0x3000, 0x30000, 0x10, 0x10},
        {PT_LOAD, PF_R, 0x2000, 0x20000, 0x10, 0x10},
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 0x10, 0x10},
    };
    b = build_elf(0x10004, ph, 3, &len);
    CHECK(parse_copy(b, len, &img) == NULL);
    CHECK_EQ(img.count, 3);
    CHECK_EQ(img.seg[0].vaddr, 0x10000);
    CHECK_EQ(img.seg[1].vaddr, 0x20000);
    CHECK_EQ(img.seg[2].vaddr, 0x30000);
    CHECK_EQ(img.seg[2].flags, ELF_SEG_R | ELF_SEG_W);
    free(b);
}

static void
test_unaligned_buffer_accepted(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    for (size_t skew = 1; b != NULL && skew < 8; skew++) {
        CHECK(parse_skewed(b, len, skew, VA_MIN, VA_MAX, &img) == NULL);
        check_matches_headers(b, &img);
    }
    free(b);
}

static void
test_why_may_be_null(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b != NULL) {
        b[0] = 0;
        CHECK_EQ(elf_parse(b, len, VA_MIN, VA_MAX, &img, NULL), -1);
        CHECK(all_zero(&img));
    }
    free(b);
}

// ---- truncation ----

static void
check_truncations(const char *name)
{
    size_t len = 0;
    unsigned char *b = load(name, &len);
    struct elf_image img;
    int wrong = 0;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    // Section headers and non-load data may go; anything the parser needs may not.
    size_t need = bytes_needed(b);
    CHECK(need > 64 && need <= len);
    for (size_t n = 0; n < len; n++) {
        const char *why = parse_copy(b, n, &img);
        if ((why == NULL) != (n >= need)) {
            wrong++;
        }
    }
    CHECK_EQ(wrong, 0);
    CHECK_ERROR(parse_copy(b, 63, &img), "shorter than its header");
    CHECK_ERROR(parse_copy(b, 0, &img), "shorter than its header");
    CHECK_ERROR(parse_copy(b, need - 1, &img), "file range lies outside the file");
    free(b);
}

static void
test_every_truncation_of_needed_bytes_refused(void)
{
    check_truncations("data.elf");
    check_truncations("bss.elf");
}

// ---- one test per check, by patching data.elf ----

// Applies patch() to a copy of data.elf and expects an error containing want.
static void
expect_patched(void (*patch)(unsigned char *b, size_t len), const char *want, int line)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    patch(b, len);
    check_message(parse_copy(b, len, &img), want, line);
    free(b);
}

#define EXPECT_PATCHED(patch, want) expect_patched((patch), (want), __LINE__)

static void
patch_phoff_past_end(unsigned char *b, size_t len)
{
    put_le(b, 32, len - 8, 8); // table starts inside the file, ends past it
}

// One header field set to a bad value, and the message it must produce.
struct field_patch {
    size_t off;
    unsigned width;
    uint64_t value;
    const char *want;
};

static const struct field_patch header_patches[] = {
    {1, 1, 'e', "bad magic"},
    {EI_CLASS, 1, ELFCLASS32, "not ELFCLASS64"},
    {EI_CLASS, 1, ELFCLASSNONE, "not ELFCLASS64"},
    {EI_DATA, 1, ELFDATA2MSB, "not little-endian"},
    {EI_VERSION, 1, 2, "bad ELF version"},
    {20, 4, 0, "bad ELF version"},                    // e_version
    {16, 2, ET_DYN, "not an executable (ET_EXEC)"},   // e_type
    {16, 2, ET_REL, "not an executable (ET_EXEC)"},
    {18, 2, EM_AARCH64, "not RISC-V"},                // e_machine
    {54, 2, 55, "program header entry size"},         // e_phentsize
    {54, 2, 32, "program header entry size"},
    {56, 2, 0xffff, "program header table lies outside the file"}, // e_phnum
    {32, 8, ~0ull - 16, "program header table lies outside the file"}, // e_phoff wraps
};

static void
test_header_checks_named(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    for (size_t i = 0; i < sizeof(header_patches) / sizeof(header_patches[0]); i++) {
        const struct field_patch *p = &header_patches[i];
        unsigned char *copy = malloc(len);
        memcpy(copy, b, len);
        put_le(copy, p->off, p->value, p->width);
        check_message(parse_copy(copy, len, &img), p->want, __LINE__);
        free(copy);
    }
    EXPECT_PATCHED(patch_phoff_past_end, "program header table lies outside the file");
    free(b);
}

// Field offsets within a program header, and which PT_LOAD (in file order:
// 0 text R+X at 0x10000, 1 rodata R at 0x11000, 2 data R+W at 0x12000).
enum { P_FLAGS = 4, P_OFFSET = 8, P_VADDR = 16, P_FILESZ = 32, P_MEMSZ = 40 };

static uint64_t
get_field(const unsigned char *b, unsigned k, unsigned field)
{
    return get_le(b, load_phdr_off(b, k) + field, field == P_FLAGS ? 4 : 8);
}

static void
set_field(unsigned char *b, unsigned k, unsigned field, uint64_t v)
{
    put_le(b, load_phdr_off(b, k) + field, v, field == P_FLAGS ? 4 : 8);
}

static void
patch_filesz_over_memsz(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 2, P_FILESZ, get_field(b, 2, P_MEMSZ) + 1);
}

static void
patch_offset_past_end(unsigned char *b, size_t len)
{
    set_field(b, 1, P_OFFSET, len + 0x1000 - len % 0x1000); // still congruent
}

static void
patch_filesz_past_end(unsigned char *b, size_t len)
{
    set_field(b, 2, P_FILESZ, len);
    set_field(b, 2, P_MEMSZ, len);
}

static void
patch_file_range_overflow(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 2, P_FILESZ, ~0ull - 0x1000); // offset + filesz wraps
    set_field(b, 2, P_MEMSZ, ~0ull - 0x1000);
}

static void
patch_memsz_overflow(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 2, P_MEMSZ, ~0ull - 0x100); // vaddr + memsz wraps
}

static void
patch_vaddr_near_top(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 2, P_VADDR, ~0ull - 0xfff); // end does not wrap, its page does
}

static void
patch_vaddr_above_user(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 2, P_VADDR, 0xffffffc000000000ull); // kernel space
}

static void
patch_vaddr_zero_page(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 1, P_VADDR, 0); // below VA_MIN
}

static void
patch_incongruent(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 1, P_OFFSET, get_field(b, 1, P_OFFSET) + 8);
}

static void
patch_overlap_same_page(unsigned char *b, size_t len)
{
    // rodata moves into text's page, just past text's last byte, with a
    // congruent offset: the byte ranges are disjoint but the page is shared.
    (void)len;
    uint64_t text_end = get_field(b, 0, P_VADDR) + get_field(b, 0, P_MEMSZ);
    set_field(b, 1, P_VADDR, text_end);
    set_field(b, 1, P_OFFSET, get_field(b, 1, P_OFFSET) + text_end % 0x1000);
}

static void
patch_overlap_contained(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 1, P_VADDR, get_field(b, 2, P_VADDR)); // rodata on data
}

static void
patch_data_executable(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 2, P_FLAGS, PF_R | PF_W | PF_X);
}

static void
patch_text_writable(unsigned char *b, size_t len)
{
    (void)len;
    set_field(b, 0, P_FLAGS, PF_W | PF_X);
}

static void
patch_no_load(unsigned char *b, size_t len)
{
    (void)len;
    for (unsigned i = 0; i < 3; i++) {
        put_le(b, load_phdr_off(b, 0), PT_NOTE, 4); // the next one becomes 0
    }
}

static void
patch_entry_in_rodata(unsigned char *b, size_t len)
{
    (void)len;
    put_le(b, 24, get_field(b, 1, P_VADDR), 8);
}

static void
patch_entry_past_text(unsigned char *b, size_t len)
{
    (void)len;
    put_le(b, 24, get_field(b, 0, P_VADDR) + get_field(b, 0, P_MEMSZ), 8);
}

static void
patch_entry_zero(unsigned char *b, size_t len)
{
    (void)len;
    put_le(b, 24, 0, 8);
}

static void
test_segment_checks_named(void)
{
    EXPECT_PATCHED(patch_filesz_over_memsz, "filesz larger than memsz");
    EXPECT_PATCHED(patch_offset_past_end, "file range lies outside the file");
    EXPECT_PATCHED(patch_filesz_past_end, "file range lies outside the file");
    EXPECT_PATCHED(patch_file_range_overflow, "file range lies outside the file");
    EXPECT_PATCHED(patch_memsz_overflow, "memory range overflows");
    EXPECT_PATCHED(patch_vaddr_near_top, "memory range overflows");
    EXPECT_PATCHED(patch_vaddr_above_user, "outside the user address range");
    EXPECT_PATCHED(patch_vaddr_zero_page, "outside the user address range");
    EXPECT_PATCHED(patch_incongruent, "not congruent modulo the page size");
    EXPECT_PATCHED(patch_overlap_same_page, "overlap in memory");
    EXPECT_PATCHED(patch_overlap_contained, "overlap in memory");
    EXPECT_PATCHED(patch_data_executable, "both writable and executable");
    EXPECT_PATCHED(patch_text_writable, "both writable and executable");
    EXPECT_PATCHED(patch_no_load, "no PT_LOAD segment");
    EXPECT_PATCHED(patch_entry_in_rodata, "entry point is not in an executable segment");
    EXPECT_PATCHED(patch_entry_past_text, "entry point is not in an executable segment");
    EXPECT_PATCHED(patch_entry_zero, "entry point is not in an executable segment");
}

// The caller's range is honoured to the page: data.elf's last page ends at
// 0x13000 and its first starts at 0x10000.
static void
test_address_range_bounds(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    uint64_t first = get_field(b, 0, P_VADDR);
    uint64_t last = get_field(b, 2, P_VADDR) + get_field(b, 2, P_MEMSZ);
    uint64_t last_page = (last + 0xfff) & ~0xfffull;
    CHECK_EQ(first, 0x10000);
    CHECK(parse_skewed(b, len, 0, first, last_page, &img) == NULL);
    CHECK_ERROR(parse_skewed(b, len, 0, first, last_page - 1, &img),
                "outside the user address range");
    CHECK_ERROR(parse_skewed(b, len, 0, first + 1, last_page, &img),
                "outside the user address range");
    CHECK_ERROR(parse_skewed(b, len, 0, VA_MAX, VA_MIN, &img), "outside the user address range");
    CHECK(parse_skewed(b, len, 0, 0, ~0ull, &img) == NULL);
    free(b);
}

static void
test_segment_count_limit(void)
{
    size_t len;
    struct elf_image img;
    unsigned char *b = build_pages(ELF_MAX_SEGMENTS, &len);

    CHECK(parse_copy(b, len, &img) == NULL);
    CHECK_EQ(img.count, ELF_MAX_SEGMENTS);
    free(b);
    b = build_pages(ELF_MAX_SEGMENTS + 1, &len);
    CHECK_ERROR(parse_copy(b, len, &img), "too many PT_LOAD segments");
    free(b);
}

static void
test_empty_load_segments(void)
{
    size_t len;
    struct elf_image img;
    // An empty PT_LOAD is skipped whatever its addresses...
    struct phdr_spec ph[] = {
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 0x20, 0x20},
        {PT_LOAD, PF_R | PF_W | PF_X, 0x123, 0x10000, 0, 0},
    };
    unsigned char *b = build_elf(0x10000, ph, 2, &len);
    CHECK(parse_copy(b, len, &img) == NULL);
    CHECK_EQ(img.count, 1);
    free(b);
    // ...but not one with file bytes and no memory.
    ph[1].filesz = 1;
    b = build_elf(0x10000, ph, 2, &len);
    CHECK_ERROR(parse_copy(b, len, &img), "filesz larger than memsz");
    free(b);
    // Only empty PT_LOADs: nothing to run.
    ph[0].memsz = ph[0].filesz = 0;
    ph[1].filesz = 0;
    b = build_elf(0x10000, ph, 2, &len);
    CHECK_ERROR(parse_copy(b, len, &img), "no PT_LOAD segment");
    free(b);
}

// Keep segments (PF_MIRV_KEEP): text, data and a zero-filled store the
// kernel may keep across a reload. Returns the parse result of the file.
static const char *
parse_with_keep(uint32_t keep_flags, uint64_t keep_vaddr, uint64_t keep_filesz,
                struct elf_image *img)
{
    size_t len;
    enum { KEEP = 0x00100000 };
    struct phdr_spec ph[] = {
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 0x20, 0x20},
        {PT_LOAD, PF_R | PF_W, 0x2000, 0x20000, 0x10, 0x800},
        {PT_LOAD, keep_flags | KEEP, 0x3000 + keep_vaddr % 0x1000, keep_vaddr, keep_filesz,
         0x3000},
    };
    unsigned char *b = build_elf(0x10000, ph, 3, &len);
    const char *why = parse_copy(b, len, img);
    free(b);
    return why;
}

static void
test_keep_segment_accepted(void)
{
    struct elf_image img;

    CHECK(parse_with_keep(PF_R | PF_W, 0x30000, 0, &img) == NULL);
    CHECK_EQ(img.count, 3);
    CHECK_EQ(img.seg[2].vaddr, 0x30000);
    CHECK_EQ(img.seg[2].memsz, 0x3000);
    CHECK_EQ(img.seg[2].flags, ELF_SEG_KEEP | ELF_SEG_R | ELF_SEG_W);
    CHECK_EQ(img.seg[1].flags, ELF_SEG_R | ELF_SEG_W); // the others are not kept
    // Not page-aligned is fine as long as no other segment shares its pages.
    CHECK(parse_with_keep(PF_R | PF_W, 0x30100, 0, &img) == NULL);
}

static void
test_keep_segment_rules(void)
{
    struct elf_image img;

    CHECK_ERROR(parse_with_keep(PF_R | PF_W | PF_X, 0x30000, 0, &img),
                "both writable and executable");
    CHECK_ERROR(parse_with_keep(PF_R | PF_X, 0x30000, 0, &img),
                "keep segment is not readable and writable data");
    CHECK_ERROR(parse_with_keep(PF_R, 0x30000, 0, &img),
                "keep segment is not readable and writable data");
    CHECK_ERROR(parse_with_keep(PF_W, 0x30000, 0, &img),
                "keep segment is not readable and writable data");
    CHECK_ERROR(parse_with_keep(PF_R | PF_W, 0x30000, 0x10, &img),
                "keep segment has file bytes");
    // Over the data segment's page, or its last page shared with data.
    CHECK_ERROR(parse_with_keep(PF_R | PF_W, 0x20000, 0, &img), "overlap in memory");
    CHECK_ERROR(parse_with_keep(PF_R | PF_W, 0x20800, 0, &img), "overlap in memory");
    CHECK_ERROR(parse_with_keep(PF_R | PF_W, 0x1e000, 0, &img), "overlap in memory");
    // In the kernel's half: outside user space like any segment.
    CHECK_ERROR(parse_with_keep(PF_R | PF_W, 0xffffffc000000000ull, 0, &img),
                "outside the user address range");
}

static void
test_one_keep_segment_only(void)
{
    size_t len;
    struct elf_image img;
    enum { KEEP = 0x00100000 };
    struct phdr_spec ph[] = {
        {PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 0x20, 0x20},
        {PT_LOAD, PF_R | PF_W | KEEP, 0x2000, 0x20000, 0, 0x1000},
        {PT_LOAD, PF_R | PF_W | KEEP, 0x3000, 0x30000, 0, 0x1000},
    };
    unsigned char *b = build_elf(0x10000, ph, 3, &len);
    CHECK_ERROR(parse_copy(b, len, &img), "more than one keep segment");
    free(b);
    ph[2].flags = PF_R | PF_W; // one kept, one plain: fine
    b = build_elf(0x10000, ph, 3, &len);
    CHECK(parse_copy(b, len, &img) == NULL);
    CHECK_EQ(img.seg[1].flags, ELF_SEG_KEEP | ELF_SEG_R | ELF_SEG_W);
    CHECK_EQ(img.seg[2].flags, ELF_SEG_R | ELF_SEG_W);
    free(b);
}

static void
test_entry_bounds(void)
{
    size_t len = 0;
    unsigned char *b = load("data.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    uint64_t text_last = get_field(b, 0, P_VADDR) + get_field(b, 0, P_MEMSZ) - 2;
    put_le(b, 24, text_last, 8); // the last halfword of text is still text
    CHECK(parse_copy(b, len, &img) == NULL);
    CHECK_EQ(img.entry, text_last);
    free(b);
}

static void
test_x86_64_refused_as_not_riscv(void)
{
    size_t len = 0;
    unsigned char *b = load("x86.elf", &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    CHECK_EQ(ehdr_of(b).e_machine, EM_X86_64); // really built for x86-64
    CHECK_EQ(ehdr_of(b).e_type, ET_EXEC);
    CHECK_ERROR(parse_copy(b, len, &img), "not RISC-V");
    free(b);
}

// ---- random corruption ----

// Anything accepted after corruption must still satisfy every promise.
static void
check_invariants(const struct elf_image *img, size_t len)
{
    bool entry_ok = false;

    CHECK(img->count >= 1 && img->count <= ELF_MAX_SEGMENTS);
    for (unsigned i = 0; i < img->count && i < ELF_MAX_SEGMENTS; i++) {
        const struct elf_segment *s = &img->seg[i];
        CHECK(s->filesz <= s->memsz && s->memsz > 0);
        CHECK(s->offset <= len && s->filesz <= len - s->offset);
        CHECK(s->vaddr >= VA_MIN && s->memsz <= VA_MAX - s->vaddr);
        CHECK(s->vaddr % 4096 == s->offset % 4096);
        CHECK((s->flags & (ELF_SEG_W | ELF_SEG_X)) != (ELF_SEG_W | ELF_SEG_X));
        CHECK((s->flags & ~15u) == 0);
        CHECK(!(s->flags & ELF_SEG_KEEP) ||
              (s->filesz == 0 && s->flags == (ELF_SEG_KEEP | ELF_SEG_R | ELF_SEG_W)));
        if (i > 0) {
            const struct elf_segment *p = &img->seg[i - 1];
            CHECK(((p->vaddr + p->memsz + 4095) & ~4095ull) <= (s->vaddr & ~4095ull));
        }
        entry_ok |= (s->flags & ELF_SEG_X) && img->entry >= s->vaddr &&
                    img->entry < s->vaddr + s->memsz;
    }
    CHECK(entry_ok);
}

static void
flip_bits(const char *name, int iterations, uint64_t seed, int *accepted)
{
    size_t len = 0;
    unsigned char *b = load(name, &len);
    struct elf_image img;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    // Most flips land in the headers (the first 0x200 bytes), where they matter.
    size_t hot = len < 0x200 ? len : 0x200;
    for (int iter = 0; iter < iterations; iter++) {
        unsigned char *copy = malloc(len);
        memcpy(copy, b, len);
        for (int k = 0; k < 3; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t range = (seed >> 60) < 12 ? hot : len;
            copy[(seed >> 24) % range] ^= (unsigned char)(1u << ((seed >> 16) & 7));
        }
        const char *why = NULL;
        memset(&img, 0xa5, sizeof(img));
        if (elf_parse(copy, len, VA_MIN, VA_MAX, &img, &why) == 0) {
            check_invariants(&img, len);
            ++*accepted;
        } else {
            CHECK(why != NULL && all_zero(&img));
        }
        free(copy);
    }
    free(b);
}

static void
test_random_bit_flips_never_crash(void)
{
    int accepted = 0;

    flip_bits("data.elf", 3000, 0x9e3779b97f4a7c15ull, &accepted);
    flip_bits("bss.elf", 3000, 0x2545f4914f6cdd1dull, &accepted);
    // Flips in code or padding leave the file valid: some must be accepted,
    // or the invariants above were never exercised.
    CHECK(accepted > 0);
}

int
main(int argc, char **argv)
{
    if (argc > 1) {
        fixture_dir = argv[1];
    }
    UTEST_RUN(test_data_fixture_matches_headers);
    UTEST_RUN(test_bss_fixture_matches_headers);
    UTEST_RUN(test_non_load_headers_ignored);
    UTEST_RUN(test_segments_sorted_by_vaddr);
    UTEST_RUN(test_unaligned_buffer_accepted);
    UTEST_RUN(test_why_may_be_null);
    UTEST_RUN(test_every_truncation_of_needed_bytes_refused);
    UTEST_RUN(test_header_checks_named);
    UTEST_RUN(test_segment_checks_named);
    UTEST_RUN(test_address_range_bounds);
    UTEST_RUN(test_segment_count_limit);
    UTEST_RUN(test_empty_load_segments);
    UTEST_RUN(test_entry_bounds);
    UTEST_RUN(test_keep_segment_accepted);
    UTEST_RUN(test_keep_segment_rules);
    UTEST_RUN(test_one_keep_segment_only);
    UTEST_RUN(test_x86_64_refused_as_not_riscv);
    UTEST_RUN(test_random_bit_flips_never_crash);
    return utest_finish();
}
