// Process creation from a validated ELF image and process destruction.
#include "task.h"

#include "elf.h"
#include "frame.h"
#include "ipc.h"
#include "irq.h"
#include "kmem.h"
#include "pagefault.h"
#include "klib.h"
#include "sched.h"

#include <mirv/errors.h>

static unsigned
seg_prot(uint32_t flags)
{
    return ((flags & ELF_SEG_R) ? AS_R : 0) | ((flags & ELF_SEG_W) ? AS_W : 0) |
           ((flags & ELF_SEG_X) ? AS_X : 0);
}

// The frame of the plain read-write page at va in old (0: none), taken
// out of old so that destroying old leaves it alone.
static paddr_t
take_page(uint64_t old, uint64_t va)
{
    paddr_t pa;
    unsigned prot;

    if (old == 0 || !arch_as_lookup(old, va, &pa, &prot) || prot != (AS_R | AS_W)) {
        return 0;
    }
    return arch_as_unmap(old, va);
}

// Maps one segment page by page, copying file bytes and zeroing the rest.
// The pages of a keep segment come from the old image (keep_from) where
// it has them.
static bool
load_segment(uint64_t root, const uint8_t *file, const struct elf_segment *s, uint64_t keep_from)
{
    uint64_t start = align_down(s->vaddr, PAGE_SIZE);
    uint64_t end = align_up(s->vaddr + s->memsz, PAGE_SIZE);

    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        paddr_t pa = (s->flags & ELF_SEG_KEEP) ? take_page(keep_from, va) : 0;
        if (pa != 0) {
            if (arch_as_map(root, va, pa, AS_R | AS_W) != 0) {
                frame_free(pa);
                return false;
            }
            continue; // no file bytes in a keep segment (elf_parse)
        }
        pa = frame_alloc();
        if (pa == 0) {
            return false;
        }
        // File bytes that land in [va, va + PAGE_SIZE).
        uint64_t lo = va > s->vaddr ? va : s->vaddr;
        uint64_t hi = va + PAGE_SIZE;
        uint64_t file_end = s->vaddr + s->filesz;
        if (hi > file_end) {
            hi = file_end;
        }
        if (lo < hi) {
            memcpy((uint8_t *)(uintptr_t)pa + (lo - va), file + s->offset + (lo - s->vaddr),
                   hi - lo);
        }
        if (arch_as_map(root, va, pa, seg_prot(s->flags)) != 0) {
            frame_free(pa);
            return false;
        }
    }
    return true;
}

static bool
map_stack(uint64_t root)
{
    for (unsigned i = 1; i <= TASK_STACK_PAGES; i++) {
        paddr_t pa = frame_alloc();
        if (pa == 0) {
            return false;
        }
        if (arch_as_map(root, TASK_STACK_TOP - i * PAGE_SIZE, pa, AS_R | AS_W) != 0) {
            frame_free(pa);
            return false;
        }
    }
    return true;
}

// Where the read-only and the writable segments end (the pager's regions).
static void
set_layout(struct proc *p, const struct elf_image *img)
{
    p->text_end = TASK_VA_MIN;
    p->data_end = TASK_VA_MIN;
    for (unsigned i = 0; i < img->count; i++) {
        const struct elf_segment *s = &img->seg[i];
        uint64_t end = align_up(s->vaddr + s->memsz, PAGE_SIZE);
        if (!(s->flags & ELF_SEG_W) && end > p->text_end) {
            p->text_end = end;
        }
        p->data_end = end > p->data_end ? end : p->data_end;
    }
}

// Gives p a fresh address space holding the validated image img (with
// the keep segment's pages taken from keep_from, if not 0).
static bool
build_image(struct proc *p, const void *elf, const struct elf_image *img, uint64_t keep_from)
{
    p->as_root = arch_as_create();
    bool ok = p->as_root != 0;
    for (unsigned i = 0; ok && i < img->count; i++) {
        ok = load_segment(p->as_root, elf, &img->seg[i], keep_from);
    }
    if (!ok || !map_stack(p->as_root)) {
        return false;
    }
    arch_context_init(&p->ctx, img->entry, TASK_STACK_TOP, (uint64_t)p->ep);
    set_layout(p, img);
    return true;
}

static int
parse(const void *elf, size_t len, struct elf_image *img, const char **why)
{
    return elf_parse(elf, len, TASK_VA_MIN, TASK_STACK_TOP - TASK_STACK_PAGES * PAGE_SIZE, img,
                     why);
}

struct proc *
task_create_from_elf(const char *name, const void *elf, size_t len, const char **why)
{
    struct elf_image img;

    if (parse(elf, len, &img, why) != 0) {
        return NULL;
    }
    struct proc *p = proc_alloc(name);
    if (p == NULL) {
        *why = "process table full";
        return NULL;
    }
    if (!build_image(p, elf, &img, 0)) {
        *why = "out of memory";
        task_destroy(p);
        return NULL;
    }
    sched_set_priority(p, SCHED_USER_PRIO, SCHED_DEFAULT_QUANTUM);
    return p;
}

static bool
has_keep_segment(const struct elf_image *img)
{
    for (unsigned i = 0; i < img->count; i++) {
        if (img->seg[i].flags & ELF_SEG_KEEP) {
            return true;
        }
    }
    return false;
}

int
task_reload(struct proc *p, const void *elf, size_t len, bool keep, const char **why)
{
    struct elf_image img;

    if (parse(elf, len, &img, why) != 0) {
        return -MX_ENOEXEC;
    }
    pf_forget(p);
    kmem_forget(p);
    irq_release_all(p);
    ipc_cleanup(p);
    uint64_t old = p->as_root;
    if ((!keep || !has_keep_segment(&img)) && old != 0) {
        arch_as_destroy(old, frame_free); // nothing to take over: its frames serve the new image
        old = 0;
    }
    proc_reset_for_reload(p);
    bool ok = build_image(p, elf, &img, old); // old still holds the pages to keep
    if (old != 0) {
        arch_as_destroy(old, frame_free);
    }
    if (!ok) {
        *why = "out of memory";
        task_destroy(p);
        return -MX_ENOMEM;
    }
    return MX_OK;
}

struct proc *
task_fork(struct proc *parent, const char **why)
{
    struct proc *child = proc_alloc(parent->name);

    if (child == NULL) {
        *why = "process table full";
        return NULL;
    }
    // With a pager, pages are shared copy-on-write (it serves the write
    // faults); without one, copied now.
    bool cow = pf_pager() != NULL;
    child->as_root = cow ? arch_as_clone_cow(parent->as_root) : arch_as_clone(parent->as_root);
    if (cow) {
        arch_flush_all(parent->as_root);
        proc_as_changed(parent); // its reply buffer now needs a private page
    }
    child->text_end = parent->text_end;
    child->data_end = parent->data_end;
    if (child->as_root == 0) {
        *why = "out of memory";
        proc_free(child);
        return NULL;
    }
    arch_context_init(&child->ctx, 0, 0, 0);
    arch_context_copy_user(&child->ctx, &parent->ctx);
    child->priv = parent->priv;
    sched_set_priority(child, parent->prio, parent->quantum);
    return child;
}

// Copies the new program's stack frame from p's current address space into
// the top of the stack in root.
static int
copy_frame(struct proc *p, uint64_t root, uint64_t frame, uint64_t len)
{
    uint8_t buf[256];

    for (uint64_t done = 0; done < len;) {
        uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
        if (arch_copy_from_user(p->as_root, buf, frame + done, n) != 0 ||
            arch_copy_to_user(root, TASK_STACK_TOP - len + done, buf, n) != 0) {
            return -MX_EFAULT;
        }
        done += n;
    }
    return MX_OK;
}

int
task_exec(struct proc *p, const void *elf, size_t len, uint64_t frame, uint64_t frame_len,
          const char **why)
{
    struct elf_image img;
    struct proc tmp;

    if (frame_len > TASK_STACK_PAGES * PAGE_SIZE / 2 || (frame_len & 15) != 0) {
        *why = "bad stack frame";
        return -MX_EINVAL;
    }
    if (parse(elf, len, &img, why) != 0) {
        return -MX_ENOEXEC;
    }
    // Build into a scratch record, so that p is untouched on failure.
    tmp.ep = p->ep;
    tmp.as_root = 0;
    bool ok = build_image(&tmp, elf, &img, 0);
    int r = ok ? copy_frame(p, tmp.as_root, frame, frame_len) : -MX_ENOMEM;
    if (r != MX_OK) {
        *why = ok ? "bad stack frame" : "out of memory";
        if (tmp.as_root != 0) {
            arch_as_destroy(tmp.as_root, frame_free);
        }
        return r;
    }
    pf_forget(p);
    kmem_forget(p);
    arch_as_destroy(p->as_root, frame_free);
    p->as_root = tmp.as_root;
    proc_as_changed(p);
    arch_context_init(&p->ctx, img.entry, TASK_STACK_TOP - frame_len, 0);
    p->text_end = tmp.text_end;
    p->data_end = tmp.data_end;
    p->grant_table = 0; // it was in the old image's memory: no grants survive exec
    p->grant_entries = 0;
    return MX_OK;
}

void
task_destroy(struct proc *p)
{
    pf_forget(p);
    kmem_forget(p);
    irq_release_all(p);
    ipc_cleanup(p);
    if (p->as_root != 0) {
        arch_as_destroy(p->as_root, frame_free);
    }
    proc_free(p);
}
