// Regions of a process's address space (see region.h).
#include "region.h"

#include <stddef.h>

#include <mirv/errors.h>
#include <mirv/vm.h>

static uint64_t
page_up(uint64_t a)
{
    return (a + VS_PAGE - 1) & ~(uint64_t)(VS_PAGE - 1);
}

// Inserts r keeping the order; false if the table is full.
static bool
insert(struct vspace *s, struct vregion r)
{
    unsigned i = s->count;

    if (s->count == VS_REGIONS) {
        return false;
    }
    while (i > 0 && s->r[i - 1].start > r.start) {
        s->r[i] = s->r[i - 1];
        i--;
    }
    s->r[i] = r;
    s->count++;
    return true;
}

static void
remove_at(struct vspace *s, unsigned i)
{
    for (; i + 1 < s->count; i++) {
        s->r[i] = s->r[i + 1];
    }
    s->count--;
}

bool
vs_init(struct vspace *s, endpoint_t ep, uint64_t text_end, uint64_t data_end)
{
    text_end = page_up(text_end);
    data_end = page_up(data_end);
    s->ep = ep;
    s->count = 0;
    if (text_end < VS_VA_MIN || data_end < text_end || data_end > VS_MMAP_BASE) {
        return false;
    }
    const struct vregion fixed[] = {
        {VS_VA_MIN, text_end, VM_PROT_READ | VM_PROT_EXEC, VR_TEXT},
        {text_end, data_end, VM_PROT_READ | VM_PROT_WRITE, VR_DATA},
        {data_end, data_end, VM_PROT_READ | VM_PROT_WRITE, VR_HEAP},
        {VS_STACK_TOP - VS_STACK_MAX, VS_STACK_TOP, VM_PROT_READ | VM_PROT_WRITE, VR_STACK},
    };
    for (unsigned i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        if (fixed[i].start < fixed[i].end || fixed[i].kind == VR_HEAP) {
            insert(s, fixed[i]);
        }
    }
    return true;
}

const struct vregion *
vs_find(const struct vspace *s, uint64_t addr)
{
    for (unsigned i = 0; i < s->count; i++) {
        if (addr >= s->r[i].start && addr < s->r[i].end) {
            return &s->r[i];
        }
    }
    return NULL;
}

bool
vs_allows(const struct vregion *r, int access)
{
    uint32_t need = access == 'w' ? VM_PROT_WRITE : access == 'x' ? VM_PROT_EXEC : VM_PROT_READ;
    return (r->prot & need) != 0;
}

static struct vregion *
heap_of(struct vspace *s, unsigned *index)
{
    for (unsigned i = 0; i < s->count; i++) {
        if (s->r[i].kind == VR_HEAP) {
            *index = i;
            return &s->r[i];
        }
    }
    return NULL;
}

uint64_t
vs_brk(const struct vspace *s)
{
    unsigned i;
    const struct vregion *h = heap_of((struct vspace *)s, &i);
    return h != NULL ? h->end : 0;
}

int
vs_set_brk(struct vspace *s, uint64_t brk, uint64_t *freed_start, uint64_t *freed_end)
{
    unsigned i;
    struct vregion *h = heap_of(s, &i);

    if (h == NULL || brk < h->start || brk > VS_STACK_TOP) {
        return -MX_EINVAL;
    }
    uint64_t end = page_up(brk);
    uint64_t limit = i + 1 < s->count ? s->r[i + 1].start : VS_STACK_TOP;
    if (end > limit) {
        return -MX_ENOMEM;
    }
    *freed_start = end < h->end ? end : h->end;
    *freed_end = h->end;
    h->end = end;
    return MX_OK;
}

int
vs_mmap(struct vspace *s, uint64_t len, uint32_t prot, uint64_t *addr)
{
    uint64_t size = page_up(len);
    uint64_t top = VS_STACK_TOP - VS_STACK_MAX - VS_GAP;
    uint64_t at = VS_MMAP_BASE;

    if (len == 0 || size < len || size > top - VS_MMAP_BASE) {
        return len == 0 || size < len ? -MX_EINVAL : -MX_ENOMEM;
    }
    for (unsigned i = 0; i < s->count; i++) { // first fit above VS_MMAP_BASE
        const struct vregion *r = &s->r[i];
        if (r->end <= at || (r->kind == VR_HEAP && r->start == r->end)) {
            continue;
        }
        if (r->start >= at + size) {
            break;
        }
        at = r->end;
    }
    if (at + size > top) {
        return -MX_ENOMEM;
    }
    if (!insert(s, (struct vregion){at, at + size, prot, VR_ANON})) {
        return -MX_ENOMEM;
    }
    *addr = at;
    return MX_OK;
}

// Cuts [lo, hi) out of anonymous region i; false if a split finds no room.
static bool
cut(struct vspace *s, unsigned i, uint64_t lo, uint64_t hi)
{
    struct vregion r = s->r[i];

    if (lo <= r.start && hi >= r.end) {
        remove_at(s, i);
    } else if (lo <= r.start) {
        s->r[i].start = hi;
    } else if (hi >= r.end) {
        s->r[i].end = lo;
    } else {
        struct vregion upper = {hi, r.end, r.prot, VR_ANON};
        if (s->count == VS_REGIONS) {
            return false;
        }
        s->r[i].end = lo;
        insert(s, upper);
    }
    return true;
}

int
vs_munmap(struct vspace *s, uint64_t addr, uint64_t len)
{
    uint64_t end = addr + page_up(len);

    if ((addr & (VS_PAGE - 1)) != 0 || len == 0 || end < addr || end > VS_STACK_TOP) {
        return -MX_EINVAL;
    }
    for (unsigned i = 0; i < s->count; i++) { // only anonymous regions may go
        const struct vregion *r = &s->r[i];
        if (r->start < end && addr < r->end && r->kind != VR_ANON) {
            return -MX_EINVAL;
        }
    }
    for (unsigned i = 0; i < s->count;) {
        const struct vregion *r = &s->r[i];
        if (r->start < end && addr < r->end) {
            unsigned before = s->count;
            if (!cut(s, i, addr, end)) {
                return -MX_ENOMEM;
            }
            if (s->count < before) {
                continue; // removed: the next one moved to i
            }
        }
        i++;
    }
    return MX_OK;
}

void
vs_copy(struct vspace *dst, const struct vspace *src, endpoint_t ep)
{
    *dst = *src;
    dst->ep = ep;
}

void
vs_swap(struct vspace *a, endpoint_t ep_a, struct vspace *b, endpoint_t ep_b)
{
    struct vspace t = *a;
    bool a_known = b->ep == ep_b, b_known = t.ep == ep_a;

    *a = *b;
    *b = t;
    a->ep = a_known ? ep_a : ENDPOINT_NONE;
    b->ep = b_known ? ep_b : ENDPOINT_NONE;
}
