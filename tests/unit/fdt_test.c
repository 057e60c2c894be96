// Unit tests for the device-tree parser (kernel/fdt.c): good blobs made by
// dtc and by QEMU's dumpdtb, and corrupted blobs built or patched here. Every
// blob lives in a buffer of exactly its size so ASan flags any overread.
#define UTEST_SUITE "fdt"
#include "utest.h"

#include <stdbool.h>
#include <string.h>

#include "../../kernel/fdt.h"

static const char *blob_dir = "build/host/dtb";

static unsigned char *
load(const char *name, size_t *len)
{
    return utest_load(blob_dir, name, len, "made by make test-unit");
}

static uint32_t
get32(const unsigned char *b, size_t off)
{
    return (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 | (uint32_t)b[off + 2] << 8 |
           b[off + 3];
}

static void
put32(unsigned char *b, size_t off, uint32_t v)
{
    b[off] = (unsigned char)(v >> 24);
    b[off + 1] = (unsigned char)(v >> 16);
    b[off + 2] = (unsigned char)(v >> 8);
    b[off + 3] = (unsigned char)v;
}

// Parses a private copy of exactly len bytes; returns the error or NULL.
static const char *
parse_copy(const unsigned char *b, size_t len, struct fdt_info *info)
{
    unsigned char *copy = malloc(len ? len : 1);
    const char *why = NULL;

    memcpy(copy, b, len);
    if (fdt_parse(copy, len, info, &why) == 0) {
        why = NULL;
    } else if (why == NULL) {
        why = "(no message)";
    }
    free(copy);
    return why;
}

static void
test_good_tree_all_fields(void)
{
    size_t len = 0;
    unsigned char *b = load("good.dtb", &len);
    struct fdt_info info;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    CHECK(parse_copy(b, len, &info) == NULL);
    CHECK_EQ(info.mem_count, 2);
    CHECK_EQ(info.mem[0].base, 0x80000000);
    CHECK_EQ(info.mem[0].size, 0x4000000);
    CHECK_EQ(info.mem[1].base, 0x100000000);
    CHECK_EQ(fdt_mem_total(&info), 0x5000000);
    CHECK_EQ(info.resv_count, 2); // /memreserve/ plus /reserved-memory/fw
    CHECK_EQ(info.resv[0].size, 0x80000);
    CHECK_EQ(info.resv[1].size, 0x40000);
    CHECK_EQ(info.uart_type, FDT_UART_NS16550);
    CHECK_EQ(info.uart_base, 0x10001000); // picked by stdout-path, not the first
    CHECK_EQ(info.uart_reg_shift, 2);
    CHECK_EQ(info.uart_irq, 11);
    CHECK_EQ(info.clint_base, 0x2000000);
    CHECK_EQ(info.plic_base, 0xc000000);
    CHECK_EQ(info.test_base, 0x100000);
    CHECK_EQ(info.timebase_hz, 1000000);
    CHECK(strcmp(info.isa, "rv64imac_zicsr_zifencei") == 0);
    CHECK(strcmp(info.bootargs, "test=boot quiet") == 0);
    CHECK(fdt_check_required(&info) == NULL);
    CHECK_EQ(info.blob_size, len);
    free(b);
}

static void
check_qemu_virt(const char *name, uint64_t mem_bytes)
{
    size_t len = 0;
    unsigned char *b = load(name, &len);
    struct fdt_info info;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    CHECK(parse_copy(b, len, &info) == NULL);
    CHECK_EQ(info.mem_count, 1);
    CHECK_EQ(info.mem[0].base, 0x80000000);
    CHECK_EQ(info.mem[0].size, mem_bytes);
    CHECK_EQ(info.uart_base, 0x10000000);
    CHECK_EQ(info.uart_irq, 10);
    CHECK_EQ(info.uart_size, 0x100);
    CHECK_EQ(info.uart_reg_io_width, 1);
    CHECK_EQ(info.clint_base, 0x2000000);
    CHECK_EQ(info.plic_base, 0xc000000);
    CHECK_EQ(info.plic_context, 1); // hart 0: M-mode context 0, S-mode 1
    CHECK(info.plic_ndev >= 10);
    CHECK_EQ(info.test_base, 0x100000);
    CHECK_EQ(info.timebase_hz, 10000000);
    // The device list: the UART is for drivers, the PLIC and CLINT are not.
    bool uart = false, plic = false, clint = false;
    for (unsigned i = 0; i < info.dev_count; i++) {
        const struct fdt_device *d = &info.dev[i];
        uart |= d->base == 0x10000000 && d->size == 0x100 && d->irq == 10 && !d->kernel_owned;
        plic |= d->base == 0xc000000 && d->kernel_owned;
        clint |= d->base == 0x2000000 && d->kernel_owned;
        CHECK(d->base + d->size <= 0x80000000 || d->base >= 0x80000000 + mem_bytes);
    }
    CHECK(uart && plic && clint);
    CHECK(strncmp(info.isa, "rv64", 4) == 0);
    CHECK(strcmp(info.bootargs, "console=ttyS0 test=1") == 0);
    CHECK(fdt_check_required(&info) == NULL);
    free(b);
}

static void
test_qemu_virt_128m(void)
{
    check_qemu_virt("virt-128m.dtb", 128ull << 20);
}

static void
test_qemu_virt_2g(void)
{
    check_qemu_virt("virt-2g.dtb", 2048ull << 20);
}

static void
test_missing_memory_node_named(void)
{
    size_t len = 0;
    unsigned char *b = load("nomem.dtb", &len);
    struct fdt_info info;

    CHECK(b != NULL && parse_copy(b, len, &info) == NULL);
    const char *why = fdt_check_required(&info);
    CHECK(why != NULL && strstr(why, "no memory node") != NULL);
    free(b);
}

static void
test_missing_uart_named_and_one_cell_reg(void)
{
    size_t len = 0;
    unsigned char *b = load("nouart.dtb", &len);
    struct fdt_info info;

    CHECK(b != NULL && parse_copy(b, len, &info) == NULL);
    CHECK_EQ(info.mem_count, 1);
    CHECK_EQ(info.mem[0].base, 0x80000000); // #address-cells = 1
    CHECK_EQ(info.mem[0].size, 0x2000000);
    const char *why = fdt_check_required(&info);
    CHECK(why != NULL && strstr(why, "no ns16550 UART") != NULL);
    free(b);
}

static void
test_every_truncation_refused(void)
{
    size_t len = 0;
    unsigned char *b = load("good.dtb", &len);
    struct fdt_info info;
    int accepted = 0;

    CHECK(b != NULL);
    for (size_t n = 0; b != NULL && n < len; n++) {
        if (parse_copy(b, n, &info) == NULL) {
            accepted++;
        }
    }
    CHECK_EQ(accepted, 0);
    free(b);
}

// Applies patch() to a copy of good.dtb and expects an error containing want.
static void
expect_patched_error(void (*patch)(unsigned char *b, size_t len), const char *want)
{
    size_t len = 0;
    unsigned char *b = load("good.dtb", &len);
    struct fdt_info info;

    CHECK(b != NULL);
    if (b == NULL) {
        return;
    }
    patch(b, len);
    const char *why = parse_copy(b, len, &info);
    CHECK(why != NULL);
    if (why != NULL && strstr(why, want) == NULL) {
        char msg[200];
        snprintf(msg, sizeof(msg), "error '%s' lacks '%s'", why, want);
        utest_fail(__FILE__, __LINE__, msg);
    }
    CHECK_EQ(info.mem_count, 0); // nothing half-filled on failure
    free(b);
}

static void
patch_magic(unsigned char *b, size_t len)
{
    (void)len;
    b[0] ^= 0xff;
}

static void
patch_totalsize(unsigned char *b, size_t len)
{
    put32(b, 4, (uint32_t)len + 4);
}

static void
patch_version(unsigned char *b, size_t len)
{
    (void)len;
    put32(b, 20, 3);
    put32(b, 24, 2);
}

static void
patch_struct_past_end(unsigned char *b, size_t len)
{
    put32(b, 36, (uint32_t)len);
}

static void
patch_blocks_overlap(unsigned char *b, size_t len)
{
    (void)len;
    put32(b, 12, get32(b, 8) + 8); // strings start inside the structure block
    put32(b, 32, 16);
}

static void
patch_rsvmap_unterminated(unsigned char *b, size_t len)
{
    put32(b, 16, (uint32_t)((len & ~(size_t)7) - 8)); // under 16 bytes left
}

// Finds the first FDT_PROP token in the structure block; returns its offset.
static size_t
first_prop(const unsigned char *b)
{
    size_t off = get32(b, 8);
    while (get32(b, off) != 3) {
        off += 4;
    }
    return off;
}

static void
patch_name_offset(unsigned char *b, size_t len)
{
    (void)len;
    put32(b, first_prop(b) + 8, get32(b, 32) + 100);
}

static void
patch_prop_len(unsigned char *b, size_t len)
{
    (void)len;
    put32(b, first_prop(b) + 4, 0x7ffffff0);
}

static void
patch_no_end_token(unsigned char *b, size_t len)
{
    (void)len;
    size_t end = get32(b, 8) + get32(b, 36) - 4;
    put32(b, end, 4); // FDT_END becomes FDT_NOP: the walk runs off the block
}

static void
patch_unknown_token(unsigned char *b, size_t len)
{
    (void)len;
    put32(b, first_prop(b), 0x77);
}

static void
patch_unterminated_name(unsigned char *b, size_t len)
{
    (void)len;
    // Make the structure block end inside the root node's name ("").
    put32(b, 36, 4);
}

static void
test_corruptions_named(void)
{
    expect_patched_error(patch_magic, "bad magic");
    expect_patched_error(patch_totalsize, "truncated");
    expect_patched_error(patch_version, "version");
    expect_patched_error(patch_struct_past_end, "past totalsize");
    expect_patched_error(patch_blocks_overlap, "overlap");
    expect_patched_error(patch_rsvmap_unterminated, "reservation block");
    expect_patched_error(patch_name_offset, "outside the strings block");
    expect_patched_error(patch_prop_len, "runs past");
    expect_patched_error(patch_no_end_token, "without FDT_END");
    expect_patched_error(patch_unknown_token, "unknown structure token");
    expect_patched_error(patch_unterminated_name, "not terminated");
}

// A hand-built blob: header, empty rsvmap, then the given structure block
// and a strings block holding "reg", "#address-cells" and "device_type"
// at offsets 0, 4 and 19.
static unsigned char *
build_blob(const uint32_t *tokens, size_t ntok, size_t *len)
{
    static const char strings[] = "reg\0#address-cells\0device_type";
    size_t st_off = 40 + 16, st_size = ntok * 4;
    size_t strs_off = st_off + st_size, total = strs_off + sizeof(strings);
    unsigned char *b = calloc(1, total);

    put32(b, 0, 0xd00dfeed);
    put32(b, 4, (uint32_t)total);
    put32(b, 8, (uint32_t)st_off);
    put32(b, 12, (uint32_t)strs_off);
    put32(b, 16, 40);
    put32(b, 20, 17);
    put32(b, 24, 16);
    put32(b, 32, sizeof(strings));
    put32(b, 36, (uint32_t)st_size);
    for (size_t i = 0; i < ntok; i++) {
        put32(b, st_off + i * 4, tokens[i]);
    }
    memcpy(b + strs_off, strings, sizeof(strings));
    *len = total;
    return b;
}

static void
test_deep_nesting_refused(void)
{
    uint32_t tok[2 * 40 + 1];
    size_t n = 0, len;
    struct fdt_info info;

    for (int i = 0; i < 40; i++) {
        tok[n++] = 1; // BEGIN_NODE
        tok[n++] = 0; // empty name, padded
    }
    tok[n++] = 9;
    unsigned char *b = build_blob(tok, n, &len);
    const char *why = parse_copy(b, len, &info);
    CHECK(why != NULL && strstr(why, "nested too deeply") != NULL);
    free(b);
}

static void
test_unbalanced_and_second_root_refused(void)
{
    uint32_t extra_end[] = {1, 0, 2, 2, 9};
    uint32_t two_roots[] = {1, 0, 2, 1, 0, 2, 9};
    uint32_t no_root[] = {9};
    size_t len;
    struct fdt_info info;

    unsigned char *b = build_blob(extra_end, 5, &len);
    CHECK(parse_copy(b, len, &info) != NULL);
    free(b);
    b = build_blob(two_roots, 7, &len);
    CHECK(parse_copy(b, len, &info) != NULL);
    free(b);
    b = build_blob(no_root, 1, &len);
    CHECK(parse_copy(b, len, &info) != NULL);
    free(b);
}

static void
test_bad_cells_refused(void)
{
    // / { #address-cells = <3>; mem { device_type = "memory"; reg = <4 cells>; }; };
    // three address cells cannot be decoded into a 64-bit address.
    uint32_t tok[] = {1, 0, 3, 4, 4, 3,                      // root, #address-cells
                      1, 0x6d656d00,                         // node "mem"
                      3, 7, 19, 0x6d656d6f, 0x72790000,      // device_type = "memory"
                      3, 16, 0, 0, 0x80000000u, 0, 0x1000,   // reg
                      2, 2, 9};
    size_t len;
    struct fdt_info info;
    unsigned char *b = build_blob(tok, sizeof(tok) / 4, &len);
    const char *why = parse_copy(b, len, &info);
    CHECK(why != NULL && strstr(why, "not supported") != NULL);
    free(b);
}

// Random byte corruption must never crash (ASan/UBSan watch) and anything
// accepted must stay within the declared limits.
static void
test_random_corruption_never_crashes(void)
{
    size_t len = 0;
    unsigned char *b = load("virt-128m.dtb", &len);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    struct fdt_info info;

    CHECK(b != NULL);
    for (int iter = 0; b != NULL && iter < 4000; iter++) {
        unsigned char *copy = malloc(len);
        memcpy(copy, b, len);
        for (int k = 0; k < 4; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            copy[(seed >> 33) % len] ^= (unsigned char)(1u << ((seed >> 20) & 7));
        }
        const char *why = NULL;
        if (fdt_parse(copy, len, &info, &why) == 0) {
            CHECK(info.mem_count <= FDT_MAX_MEM && info.resv_count <= FDT_MAX_RESV);
            CHECK(strlen(info.bootargs) < FDT_BOOTARGS_MAX);
        } else {
            CHECK(why != NULL);
        }
        free(copy);
    }
    free(b);
}

int
main(int argc, char **argv)
{
    if (argc > 1) {
        blob_dir = argv[1];
    }
    UTEST_RUN(test_good_tree_all_fields);
    UTEST_RUN(test_qemu_virt_128m);
    UTEST_RUN(test_qemu_virt_2g);
    UTEST_RUN(test_missing_memory_node_named);
    UTEST_RUN(test_missing_uart_named_and_one_cell_reg);
    UTEST_RUN(test_every_truncation_refused);
    UTEST_RUN(test_corruptions_named);
    UTEST_RUN(test_deep_nesting_refused);
    UTEST_RUN(test_unbalanced_and_second_root_refused);
    UTEST_RUN(test_bad_cells_refused);
    UTEST_RUN(test_random_corruption_never_crashes);
    return utest_finish();
}
