// Flattened device tree parser (Devicetree Specification v0.4, chapter 5,
// "Flattened Devicetree (DTB) Format").
//
// One pass over the structure block with a stack of open nodes. Properties of
// interest are remembered per node; when a node closes it is classified
// (memory, reserved memory, UART, CLINT, PLIC, test device, cpus, chosen) and
// its reg is decoded with the parent's #address-cells/#size-cells.
//
// Every read goes through a bounds check against the blob's header, and the
// header itself is checked against the caller's limit: a corrupt blob yields
// an error message, never an out-of-bounds access.
#include "fdt.h"

#include <stdbool.h>

#include "klib.h"

enum {
    TOK_BEGIN_NODE = 1,
    TOK_END_NODE = 2,
    TOK_PROP = 3,
    TOK_NOP = 4,
    TOK_END = 9,
    PATH_LEN = 128,   // node paths longer than this never match by path
    MAX_UARTS = 4,    // UART candidates remembered before stdout-path picks one
    MAX_CELLS = 2,    // we decode addresses and sizes of at most 64 bits
};

struct prop {
    const uint8_t *data; // NULL when the node has no such property
    uint32_t len;
};

struct node {
    uint32_t addr_cells;  // #address-cells for this node's children
    uint32_t size_cells;  // #size-cells for this node's children
    size_t path_len;      // strlen of this node's path in walker.path
    struct prop compatible, reg, device_type, status, reg_shift, interrupts;
    struct prop reg_io_width, ndev, irq_ext;
    struct prop isa, timebase, bootargs, stdout_path;
};

struct uart_cand {
    uint64_t base;
    uint64_t size;
    uint32_t shift;
    uint32_t io_width;
    uint32_t irq;
    char path[PATH_LEN];
};

struct walker {
    const uint8_t *st;     // structure block
    uint32_t st_size;
    const uint8_t *strs;   // strings block
    uint32_t strs_size;
    struct node stack[FDT_MAX_DEPTH];
    int depth;             // number of open nodes
    bool seen_root;
    char path[PATH_LEN];
    bool path_truncated[FDT_MAX_DEPTH];
    char stdout_path[PATH_LEN];
    struct uart_cand uarts[MAX_UARTS];
    unsigned uart_count;
    uint64_t cpus_timebase;
    struct fdt_info *out;
    const char *why;
};

static uint32_t
be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
align_up_u32(uint32_t x)
{
    return (x + 3u) & ~3u;
}

static uint64_t
be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static bool
fail(struct walker *w, const char *why)
{
    if (w->why == NULL) {
        w->why = why;
    }
    return false;
}

// True if [a, a+alen) and [b, b+blen) share a byte (64-bit math, no wrap).
static bool
ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen != 0 && blen != 0 && a < b + blen && b < a + alen;
}

// True if the property holds one or more NUL-terminated strings.
static bool
prop_is_strings(const struct prop *p)
{
    return p->data != NULL && p->len > 0 && p->data[p->len - 1] == '\0';
}

static bool
prop_has_string(const struct prop *p, const char *s)
{
    if (!prop_is_strings(p)) {
        return false;
    }
    for (uint32_t off = 0; off < p->len;) {
        const char *item = (const char *)p->data + off;
        if (strcmp(item, s) == 0) {
            return true;
        }
        off += (uint32_t)strlen(item) + 1;
    }
    return false;
}

static bool
prop_u64(const struct prop *p, uint64_t *v)
{
    if (p->data == NULL) {
        return false;
    }
    if (p->len == 4) {
        *v = be32(p->data);
        return true;
    }
    if (p->len == 8) {
        *v = be64(p->data);
        return true;
    }
    return false;
}

static uint64_t
read_cells(const uint8_t *p, uint32_t cells)
{
    return cells == 2 ? be64(p) : cells == 1 ? be32(p) : 0;
}

// Header checks: magic, sizes, block bounds, alignment, and no overlaps.
static bool
check_header(struct walker *w, const uint8_t *b, size_t avail, uint32_t *rsv_off)
{
    if (avail < FDT_HEADER_SIZE) {
        return fail(w, "device tree truncated: shorter than its header");
    }
    if (be32(b) != FDT_MAGIC) {
        return fail(w, "device tree has a bad magic number");
    }
    uint32_t total = be32(b + 4), off_st = be32(b + 8), off_strs = be32(b + 12);
    uint32_t off_rsv = be32(b + 16), version = be32(b + 20), last_comp = be32(b + 24);
    uint32_t size_strs = be32(b + 32), size_st = be32(b + 36);

    if (total < FDT_HEADER_SIZE || total > avail) {
        return fail(w, "device tree truncated: totalsize exceeds the available bytes");
    }
    if (version < 16 || last_comp > 17) {
        return fail(w, "device tree version not supported (need 16 or 17)");
    }
    if ((uint64_t)off_st + size_st > total || (uint64_t)off_strs + size_strs > total) {
        return fail(w, "device tree truncated: a block runs past totalsize");
    }
    if (off_st < FDT_HEADER_SIZE || off_strs < FDT_HEADER_SIZE || off_rsv < FDT_HEADER_SIZE) {
        return fail(w, "device tree block overlaps the header");
    }
    if ((off_st & 3) != 0 || (off_rsv & 7) != 0) {
        return fail(w, "device tree block misaligned");
    }
    if (ranges_overlap(off_st, size_st, off_strs, size_strs)) {
        return fail(w, "device tree structure and strings blocks overlap");
    }
    w->out->blob_size = total;
    w->st = b + off_st;
    w->st_size = size_st;
    w->strs = b + off_strs;
    w->strs_size = size_strs;
    *rsv_off = off_rsv;
    return true;
}

static bool
add_resv(struct walker *w, uint64_t base, uint64_t size)
{
    if (size == 0) {
        return true;
    }
    if (base + size < base) {
        return fail(w, "device tree reserved range wraps around");
    }
    if (w->out->resv_count == FDT_MAX_RESV) {
        return fail(w, "device tree has too many reserved ranges");
    }
    w->out->resv[w->out->resv_count++] = (struct fdt_range){base, size};
    return true;
}

// The memory reservation block: (address, size) pairs ending with (0, 0).
static bool
parse_rsvmap(struct walker *w, const uint8_t *b, uint32_t off)
{
    uint32_t total = w->out->blob_size;
    uint64_t start = off;
    uint32_t st_off = (uint32_t)(w->st - b), strs_off = (uint32_t)(w->strs - b);

    for (;;) {
        if ((uint64_t)off + 16 > total) {
            return fail(w, "device tree memory reservation block not terminated");
        }
        uint64_t base = be64(b + off), size = be64(b + off + 8);
        off += 16;
        if (base == 0 && size == 0) {
            break;
        }
        if (!add_resv(w, base, size)) {
            return false;
        }
    }
    if (ranges_overlap(start, off - start, st_off, w->st_size) ||
        ranges_overlap(start, off - start, strs_off, w->strs_size)) {
        return fail(w, "device tree memory reservation block overlaps another block");
    }
    return true;
}

static bool
add_mem(struct walker *w, uint64_t base, uint64_t size)
{
    if (size == 0) {
        return true;
    }
    if (base + size < base) {
        return fail(w, "device tree memory range wraps around");
    }
    if (w->out->mem_count == FDT_MAX_MEM) {
        return fail(w, "device tree has too many memory ranges");
    }
    w->out->mem[w->out->mem_count++] = (struct fdt_range){base, size};
    return true;
}

// Decodes the node's reg with the parent's cells; calls add() on each pair.
static bool
for_each_reg(struct walker *w, const struct node *n, const struct node *parent,
             bool (*add)(struct walker *, uint64_t, uint64_t))
{
    uint32_t ac = parent->addr_cells, sc = parent->size_cells;

    if (n->reg.data == NULL) {
        return true;
    }
    if (ac == 0 || ac > MAX_CELLS || sc > MAX_CELLS) {
        return fail(w, "device tree #address-cells/#size-cells not supported for reg");
    }
    uint32_t entry = (ac + sc) * 4;
    if (n->reg.len % entry != 0) {
        return fail(w, "device tree reg length is not a multiple of its cells");
    }
    for (uint32_t off = 0; off < n->reg.len; off += entry) {
        uint64_t base = read_cells(n->reg.data + off, ac);
        uint64_t size = read_cells(n->reg.data + off + ac * 4, sc);
        if (!add(w, base, size)) {
            return false;
        }
    }
    return true;
}

static bool
first_reg(struct walker *w, const struct node *n, const struct node *parent, uint64_t *base)
{
    uint32_t ac = parent->addr_cells;

    if (n->reg.data == NULL) {
        return fail(w, "device tree device node has no reg");
    }
    if (ac == 0 || ac > MAX_CELLS || parent->size_cells > MAX_CELLS) {
        return fail(w, "device tree #address-cells/#size-cells not supported for reg");
    }
    if (n->reg.len < ac * 4) {
        return fail(w, "device tree reg shorter than #address-cells");
    }
    *base = read_cells(n->reg.data, ac);
    return true;
}

static bool
node_disabled(const struct node *n)
{
    return prop_is_strings(&n->status) && strcmp((const char *)n->status.data, "okay") != 0 &&
           strcmp((const char *)n->status.data, "ok") != 0;
}

// The size of the node's first reg entry (0 if it has none or no sizes).
static uint64_t
first_reg_size(const struct node *n, const struct node *parent)
{
    uint32_t ac = parent->addr_cells, sc = parent->size_cells;

    if (n->reg.data == NULL || sc == 0 || ac > MAX_CELLS || sc > MAX_CELLS ||
        n->reg.len < (ac + sc) * 4) {
        return 0;
    }
    return read_cells(n->reg.data + ac * 4, sc);
}

static uint32_t
first_irq(const struct node *n)
{
    return n->interrupts.data != NULL && n->interrupts.len >= 4 ? be32(n->interrupts.data) : 0;
}

static bool
note_uart(struct walker *w, const struct node *n, const struct node *parent)
{
    struct uart_cand c = {0};
    uint64_t shift = 0, width = 1;

    if (!first_reg(w, n, parent, &c.base)) {
        return false;
    }
    if (n->reg_shift.data != NULL && (!prop_u64(&n->reg_shift, &shift) || shift > 3)) {
        return fail(w, "device tree UART reg-shift invalid");
    }
    if (n->reg_io_width.data != NULL &&
        (!prop_u64(&n->reg_io_width, &width) || (width != 1 && width != 4))) {
        return fail(w, "device tree UART reg-io-width invalid");
    }
    c.size = first_reg_size(n, parent);
    c.shift = (uint32_t)shift;
    c.io_width = (uint32_t)width;
    c.irq = first_irq(n);
    kstrlcpy(c.path, w->path, sizeof(c.path));
    if (w->uart_count < MAX_UARTS) {
        w->uarts[w->uart_count++] = c;
    }
    return true;
}

static bool
note_chosen(struct walker *w, const struct node *n)
{
    if (n->bootargs.data != NULL) {
        if (!prop_is_strings(&n->bootargs)) {
            return fail(w, "device tree /chosen/bootargs is not a string");
        }
        if (n->bootargs.len > FDT_BOOTARGS_MAX) {
            return fail(w, "device tree /chosen/bootargs too long");
        }
        kstrlcpy(w->out->bootargs, (const char *)n->bootargs.data, FDT_BOOTARGS_MAX);
    }
    if (n->stdout_path.data != NULL) {
        if (!prop_is_strings(&n->stdout_path)) {
            return fail(w, "device tree /chosen/stdout-path is not a string");
        }
        kstrlcpy(w->stdout_path, (const char *)n->stdout_path.data, PATH_LEN);
        for (char *p = w->stdout_path; *p != '\0'; p++) {
            if (*p == ':') {
                *p = '\0'; // drop options such as ":115200n8"
                break;
            }
        }
    }
    return true;
}

static bool
note_cpu(struct walker *w, const struct node *n)
{
    uint64_t tb;

    if (node_disabled(n) || w->out->isa[0] != '\0') {
        return true;
    }
    if (prop_is_strings(&n->isa)) {
        kstrlcpy(w->out->isa, (const char *)n->isa.data, FDT_ISA_MAX);
    }
    if (w->cpus_timebase == 0 && prop_u64(&n->timebase, &tb)) {
        w->cpus_timebase = tb; // some trees put it in the cpu node
    }
    return true;
}

// Remembers a device node with registers (root or bus level only: deeper
// reg values need not be CPU addresses). Past FDT_MAX_DEVICES, ignored.
static void
note_device(struct walker *w, const struct node *n, const struct node *parent, bool kernel)
{
    struct fdt_info *o = w->out;
    uint64_t base, size = first_reg_size(n, parent);

    if (w->depth > 3 || n->compatible.data == NULL || size == 0 ||
        o->dev_count == FDT_MAX_DEVICES) {
        return;
    }
    base = read_cells(n->reg.data, parent->addr_cells);
    if (base + size < base) {
        return;
    }
    o->dev[o->dev_count++] = (struct fdt_device){base, size, first_irq(n), kernel};
}

// The PLIC's S-mode context for the boot hart: interrupts-extended lists
// (phandle, cause) per context; the first with cause 9 (S external).
static void
note_plic(struct walker *w, const struct node *n)
{
    uint64_t ndev = 0;

    if (prop_u64(&n->ndev, &ndev) && ndev < 1024) {
        w->out->plic_ndev = (uint32_t)ndev;
    }
    w->out->plic_context = 1;
    for (uint32_t off = 0; n->irq_ext.data != NULL && off + 8 <= n->irq_ext.len; off += 8) {
        if (be32(n->irq_ext.data + off + 4) == 9) {
            w->out->plic_context = off / 8;
            break;
        }
    }
}

static bool
classify_device(struct walker *w, const struct node *n, const struct node *parent)
{
    const struct prop *compat = &n->compatible;
    bool kernel = true, ok = true;

    if (prop_has_string(compat, "ns16550a") || prop_has_string(compat, "ns16550")) {
        ok = note_uart(w, n, parent);
        kernel = false;
    } else if (prop_has_string(compat, "riscv,clint0") ||
               prop_has_string(compat, "sifive,clint0")) {
        ok = first_reg(w, n, parent, &w->out->clint_base);
    } else if (prop_has_string(compat, "riscv,plic0") ||
               prop_has_string(compat, "sifive,plic-1.0.0")) {
        ok = first_reg(w, n, parent, &w->out->plic_base);
        note_plic(w, n);
    } else if (prop_has_string(compat, "sifive,test0")) {
        ok = first_reg(w, n, parent, &w->out->test_base);
    } else {
        kernel = false;
    }
    if (ok) {
        note_device(w, n, parent, kernel);
    }
    return ok;
}

// Called when a node closes; the node is stack[depth-1].
static bool
classify(struct walker *w)
{
    const struct node *n = &w->stack[w->depth - 1];
    const struct node *parent = w->depth >= 2 ? &w->stack[w->depth - 2] : NULL;
    uint64_t tb;

    if (parent == NULL) {
        return true; // the root node itself has nothing we use
    }
    if (w->path_truncated[w->depth - 1]) {
        return classify_device(w, n, parent);
    }
    if (prop_has_string(&n->device_type, "memory")) {
        return for_each_reg(w, n, parent, add_mem);
    }
    if (w->depth == 3 && w->stack[1].path_len == 16 &&
        strncmp(w->path, "/reserved-memory/", 17) == 0) {
        return for_each_reg(w, n, parent, add_resv);
    }
    if (strcmp(w->path, "/chosen") == 0) {
        return note_chosen(w, n);
    }
    if (strcmp(w->path, "/cpus") == 0) {
        if (prop_u64(&n->timebase, &tb)) {
            w->cpus_timebase = tb;
        }
        return true;
    }
    if (prop_has_string(&n->device_type, "cpu")) {
        return note_cpu(w, n);
    }
    if (node_disabled(n)) {
        return true;
    }
    return classify_device(w, n, parent);
}

static bool
begin_node(struct walker *w, uint32_t *off)
{
    const char *name = (const char *)w->st + *off;
    size_t room = w->st_size - *off;
    size_t len = strnlen(name, room);

    if (len == room) {
        return fail(w, "device tree node name not terminated");
    }
    if (w->depth == FDT_MAX_DEPTH) {
        return fail(w, "device tree nodes nested too deeply");
    }
    if (w->depth == 0 && w->seen_root) {
        return fail(w, "device tree has more than one root node");
    }
    struct node *n = &w->stack[w->depth];
    size_t base_len = w->depth == 0 ? 0 : w->stack[w->depth - 1].path_len;
    bool truncated = w->depth > 0 && w->path_truncated[w->depth - 1];

    *n = (struct node){.addr_cells = 2, .size_cells = 1, .path_len = base_len};
    if (w->depth > 0 && !truncated) {
        if (base_len + 1 + len + 1 > PATH_LEN) {
            truncated = true;
        } else {
            w->path[base_len] = '/';
            memcpy(w->path + base_len + 1, name, len);
            n->path_len = base_len + 1 + len;
        }
    }
    w->path[n->path_len] = '\0';
    w->path_truncated[w->depth] = truncated;
    w->seen_root = true;
    w->depth++;
    *off = align_up_u32((uint32_t)(*off + len + 1));
    return true;
}

static bool
end_node(struct walker *w)
{
    if (w->depth == 0) {
        return fail(w, "device tree END_NODE without a matching BEGIN_NODE");
    }
    if (!classify(w)) {
        return false;
    }
    w->depth--;
    w->path[w->depth > 0 ? w->stack[w->depth - 1].path_len : 0] = '\0';
    return true;
}

static bool
set_cells(struct walker *w, uint32_t *cells, const struct prop *p)
{
    if (p->len != 4) {
        return fail(w, "device tree #address-cells/#size-cells is not one cell");
    }
    *cells = be32(p->data);
    return true;
}

// Remembers a property of the current node if it is one we use.
static bool
store_prop(struct walker *w, const char *name, struct prop p)
{
    struct node *n = &w->stack[w->depth - 1];
    static const struct {
        const char *name;
        size_t offset;
    } known[] = {
        {"compatible", offsetof(struct node, compatible)},
        {"reg", offsetof(struct node, reg)},
        {"device_type", offsetof(struct node, device_type)},
        {"status", offsetof(struct node, status)},
        {"reg-shift", offsetof(struct node, reg_shift)},
        {"interrupts", offsetof(struct node, interrupts)},
        {"reg-io-width", offsetof(struct node, reg_io_width)},
        {"riscv,ndev", offsetof(struct node, ndev)},
        {"interrupts-extended", offsetof(struct node, irq_ext)},
        {"riscv,isa", offsetof(struct node, isa)},
        {"timebase-frequency", offsetof(struct node, timebase)},
        {"bootargs", offsetof(struct node, bootargs)},
        {"stdout-path", offsetof(struct node, stdout_path)},
    };

    if (strcmp(name, "#address-cells") == 0) {
        return set_cells(w, &n->addr_cells, &p);
    }
    if (strcmp(name, "#size-cells") == 0) {
        return set_cells(w, &n->size_cells, &p);
    }
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(name, known[i].name) == 0) {
            *(struct prop *)((char *)n + known[i].offset) = p;
            break;
        }
    }
    return true;
}

static bool
property(struct walker *w, uint32_t *off)
{
    if (w->st_size - *off < 8) {
        return fail(w, "device tree property header truncated");
    }
    uint32_t len = be32(w->st + *off), nameoff = be32(w->st + *off + 4);
    *off += 8;
    if (len > w->st_size - *off) {
        return fail(w, "device tree property value runs past the structure block");
    }
    if (nameoff >= w->strs_size ||
        strnlen((const char *)w->strs + nameoff, w->strs_size - nameoff) ==
            w->strs_size - nameoff) {
        return fail(w, "device tree property name outside the strings block");
    }
    if (w->depth == 0) {
        return fail(w, "device tree property outside any node");
    }
    struct prop p = {w->st + *off, len};
    *off = align_up_u32(*off + len);
    return store_prop(w, (const char *)w->strs + nameoff, p);
}

static bool
walk(struct walker *w)
{
    uint32_t off = 0;

    for (;;) {
        if (off > w->st_size || w->st_size - off < 4) {
            return fail(w, "device tree structure block ends without FDT_END");
        }
        uint32_t tok = be32(w->st + off);
        off += 4;
        bool ok = true;
        switch (tok) {
        case TOK_BEGIN_NODE:
            ok = begin_node(w, &off);
            break;
        case TOK_END_NODE:
            ok = end_node(w);
            break;
        case TOK_PROP:
            ok = property(w, &off);
            break;
        case TOK_NOP:
            break;
        case TOK_END:
            if (w->depth != 0 || !w->seen_root) {
                return fail(w, "device tree ends inside a node or has no root");
            }
            return true;
        default:
            return fail(w, "device tree has an unknown structure token");
        }
        if (!ok) {
            return false;
        }
    }
}

static void
pick_uart(struct walker *w)
{
    if (w->uart_count == 0) {
        return;
    }
    const struct uart_cand *pick = &w->uarts[0];
    for (unsigned i = 0; i < w->uart_count; i++) {
        if (strcmp(w->uarts[i].path, w->stdout_path) == 0) {
            pick = &w->uarts[i];
        }
    }
    w->out->uart_type = FDT_UART_NS16550;
    w->out->uart_base = pick->base;
    w->out->uart_reg_shift = pick->shift;
    w->out->uart_irq = pick->irq;
    w->out->uart_size = pick->size;
    w->out->uart_reg_io_width = pick->io_width;
}

int
fdt_parse(const void *blob, size_t avail, struct fdt_info *out, const char **why)
{
    static struct walker w; // large; fdt_parse is not reentrant
    uint32_t rsv_off = 0;

    memset(&w, 0, sizeof(w));
    memset(out, 0, sizeof(*out));
    w.out = out;
    if (blob == NULL) {
        fail(&w, "no device tree");
    } else if (check_header(&w, blob, avail, &rsv_off) && parse_rsvmap(&w, blob, rsv_off) &&
               walk(&w)) {
        pick_uart(&w);
        out->timebase_hz = w.cpus_timebase;
        return 0;
    }
    *why = w.why;
    memset(out, 0, sizeof(*out));
    return -1;
}

const char *
fdt_check_required(const struct fdt_info *info)
{
    if (info->mem_count == 0) {
        return "device tree has no memory node";
    }
    if (info->uart_type == FDT_UART_NONE) {
        return "device tree has no ns16550 UART";
    }
    if (info->timebase_hz == 0) {
        return "device tree has no timebase-frequency";
    }
    return NULL;
}

uint64_t
fdt_mem_total(const struct fdt_info *info)
{
    uint64_t total = 0;

    for (unsigned i = 0; i < info->mem_count; i++) {
        total += info->mem[i].size;
    }
    return total;
}
