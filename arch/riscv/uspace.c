// Processes on RISC-V: the saved context is the trap frame; entering U-mode
// switches satp when the address space changes; user address spaces share
// the kernel's root entries; user copies walk the page tables (no faults:
// a missing or forbidden page is MX_EFAULT).
#include "arch.h"

#include <mirv/errors.h>

#include "csr.h"
#include "klib.h"
#include "panic.h"
#include "sv39.h"
#include "trapframe.h"
#include "userpte.h"

_Static_assert(sizeof(struct trapframe) == sizeof(struct arch_context), "context size");

static void
pages_add(uint64_t as_root, int64_t n)
{
    ((uint64_t *)(uintptr_t)as_root)[PAGES_SLOT] += (uint64_t)n << 1;
}

// The space's own RAM (freed with it): plain or copy-on-write.
static bool
pte_owned(uint64_t pte)
{
    return (pte & PTE_SW) == 0 || (pte & PTE_SW) == PTE_COW;
}

// Counted in the space's page count (ps's KiB, checked when the space is
// freed): owned RAM, except the shared zero page, which is nobody's.
static bool
pte_counted(uint64_t pte)
{
    return pte_owned(pte) && !((pte & PTE_SW) == PTE_COW && frame_pinned(sv39_pte_pa(pte)));
}

static bool
pte_is_dev(uint64_t pte)
{
    return (pte & PTE_SW) == PTE_DEV;
}

static unsigned
pte_prot(uint64_t pte)
{
    unsigned kind = (pte & PTE_SW) == PTE_COW       ? AS_COW
                    : (pte & PTE_SW) == PTE_DEV      ? AS_DEV
                    : (pte & PTE_SW) == PTE_BORROWED ? AS_BORROWED
                                                     : 0;
    return ((pte & PTE_R) ? AS_R : 0) | ((pte & PTE_W) ? AS_W : 0) | ((pte & PTE_X) ? AS_X : 0) |
           kind;
}

static inline uint64_t
prot_flags(unsigned prot)
{
    uint64_t flags = USER_PTE_BASE;

    _Static_assert(PTE_R == AS_R << 1 && PTE_W == AS_W << 1 && PTE_X == AS_X << 1, "prot bits");
    if (!(prot & (AS_COW | AS_DEV | AS_BORROWED))) { // plain memory: the page-fault case
        return flags | ((prot & (AS_R | AS_W | AS_X)) << 1) | ((prot & AS_W) ? PTE_R : 0);
    }

    flags |= (prot & (AS_R | AS_W | AS_COW)) ? PTE_R : 0;
    flags |= (prot & AS_W) && !(prot & AS_COW) ? PTE_W : 0;
    flags |= (prot & AS_X) ? PTE_X : 0;
    flags |= (prot & AS_COW) ? PTE_COW : (prot & AS_DEV) ? PTE_DEV : 0;
    flags |= (prot & AS_BORROWED) && !(prot & AS_COW) ? PTE_BORROWED : 0;
    return flags;
}

// Linker-script symbol: top of the kernel stack.
extern char __stack_top[];
// trapentry.S
noreturn void arch_return_to_user(struct trapframe *tf);
// mmu.c
const uint64_t *mmu_kernel_root(void);
// usercopy.S: copies within the current address space, -1 on a fault.
int usercopy(void *dst, const void *src, size_t len);
int usercopy_msg(void *dst, uint64_t va);
int usercopy_msg_out(uint64_t va, const void *src);
int userprobe(uint64_t va, int write);

// Root in satp, 0 = the kernel's own. Global: the IPC fast path in
// trapentry.S switches address spaces too.
uint64_t current_root;
static uint64_t user_sstatus; // sstatus for U-mode: SPIE set, SPP/SIE/SUM/FS clear

static struct trapframe *
tf_of(struct arch_context *ctx)
{
    return (struct trapframe *)ctx;
}

void
arch_context_init(struct arch_context *ctx, uint64_t entry, uint64_t sp, uint64_t arg)
{
    struct trapframe *tf = tf_of(ctx);

    memset(tf, 0, sizeof(*tf));
    tf->sepc = entry;
    tf->regs[REG_SP] = sp;
    tf->regs[REG_A0] = arg;
    tf->kernel_sp = (uint64_t)(uintptr_t)__stack_top; // the one kernel stack, always
}

void
arch_syscall_args(const struct arch_context *ctx, uint64_t *op, uint64_t *a0, uint64_t *a1)
{
    const struct trapframe *tf = (const struct trapframe *)ctx;

    *op = tf->regs[REG_A7];
    *a0 = tf->regs[REG_A0];
    *a1 = tf->regs[REG_A0 + 1];
}

void
arch_syscall_restart(struct arch_context *ctx)
{
    tf_of(ctx)->sepc -= 4; // ecall has no compressed form
}

void
arch_set_retval(struct arch_context *ctx, int64_t value)
{
    tf_of(ctx)->regs[REG_A0] = (uint64_t)value;
}

void
arch_context_copy_user(struct arch_context *dst, const struct arch_context *src)
{
    const struct trapframe *s = (const struct trapframe *)src;
    struct trapframe *d = tf_of(dst);

    memcpy(d->regs, s->regs, sizeof(d->regs));
    d->sepc = s->sepc;
}

void
arch_context_get_user(const struct arch_context *ctx, uint64_t regs[32], uint64_t *pc)
{
    const struct trapframe *t = (const struct trapframe *)ctx;

    memcpy(regs, t->regs, sizeof(t->regs));
    regs[0] = 0;
    *pc = t->sepc;
}

void
arch_context_set_user(struct arch_context *ctx, const uint64_t regs[32], uint64_t pc)
{
    struct trapframe *t = tf_of(ctx);

    memcpy(&t->regs[1], &regs[1], 31 * sizeof(uint64_t));
    t->sepc = pc;
}

uint64_t
arch_context_sp(const struct arch_context *ctx)
{
    return ((const struct trapframe *)ctx)->regs[REG_SP];
}

void
arch_context_call(struct arch_context *ctx, uint64_t pc, uint64_t sp, uint64_t a0, uint64_t a1,
                  uint64_t ra)
{
    struct trapframe *t = tf_of(ctx);

    t->sepc = pc;
    t->regs[REG_SP] = sp;
    t->regs[REG_A0] = a0;
    t->regs[REG_A0 + 1] = a1;
    t->regs[REG_RA] = ra;
}

uint64_t
arch_context_pc(const struct arch_context *ctx)
{
    return ((const struct trapframe *)ctx)->sepc;
}

void
arch_flush_page(uint64_t as_root, uint64_t va)
{
    (void)as_root; // no ASIDs yet: the address alone is flushed, in every space
    sfence_vma_addr(va);
}

void
arch_as_switch(uint64_t as_root)
{
    if (as_root != current_root) {
        csr_write_satp(sv39_satp(as_root, 0));
        sfence_vma_all();
        current_root = as_root;
    }
}

noreturn void
arch_enter_user(struct arch_context *ctx, uint64_t as_root)
{
    struct trapframe *tf = tf_of(ctx);

    arch_as_switch(as_root);
    if (user_sstatus == 0) { // computed once: the other sstatus bits never change
        user_sstatus =
            (csr_read_sstatus() & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_SUM | SSTATUS_FS)) |
            SSTATUS_SPIE; // U-mode, interrupts on after sret, no SUM, FPU off
    }
    tf->sstatus = user_sstatus;
    arch_return_to_user(tf);
}

uint64_t
arch_as_create(void)
{
    paddr_t root = frame_alloc();

    if (root == 0) {
        return 0;
    }
    const uint64_t *k = mmu_kernel_root();
    uint64_t *r = (uint64_t *)(uintptr_t)root;
    for (unsigned i = USER_ROOT_ENTRIES; i < PAGES_SLOT; i++) {
        r[i] = k[i];
    }
    r[PAGES_SLOT] = 0; // no pages yet (k[PAGES_SLOT] is never valid)
    return root;
}

static uint64_t
table_alloc(void *ctx)
{
    (void)ctx;
    return frame_alloc();
}

// arch_as_map's general case: missing tables, a misaligned or taken slot.
static __attribute__((noinline)) int
map_slow(uint64_t as_root, uint64_t va, paddr_t pa, uint64_t flags)
{
    static const struct sv39_alloc alloc = {table_alloc, NULL};

    switch (sv39_map((uint64_t *)(uintptr_t)as_root, va, pa, 0, flags, &alloc)) {
    case SV39_OK:
        pages_add(as_root, pte_counted(sv39_pte(pa, flags)));
        return MX_OK;
    case SV39_EEXIST:
        return -MX_EEXIST;
    case SV39_ENOMEM:
        return -MX_ENOMEM;
    default:
        return -MX_EINVAL;
    }
}

int
arch_as_map(uint64_t as_root, uint64_t va, paddr_t pa, unsigned prot)
{
    uint64_t flags = prot_flags(prot);

    if (va >= ARCH_USER_VA_END) {
        return -MX_EINVAL;
    }
    // The usual case (page fault): both table levels exist, the slot is
    // free; three loads and a store. Anything else takes sv39_map.
    uint64_t *root = (uint64_t *)(uintptr_t)as_root;
    uint64_t l2 = root[sv39_index(va, 2)];
    if ((va & (PAGE_SIZE - 1)) == 0 && (pa & (PAGE_SIZE - 1)) == 0 && (l2 & PTE_V) &&
        !sv39_pte_is_leaf(l2)) {
        uint64_t l1 = ((uint64_t *)(uintptr_t)sv39_pte_pa(l2))[sv39_index(va, 1)];
        if ((l1 & PTE_V) && !sv39_pte_is_leaf(l1)) {
            uint64_t *pte = &((uint64_t *)(uintptr_t)sv39_pte_pa(l1))[sv39_index(va, 0)];
            if (*pte & PTE_V) {
                return -MX_EEXIST;
            }
            *pte = sv39_pte(pa, flags | PTE_V);
            pages_add(as_root, (prot & (AS_DEV | AS_BORROWED)) == 0 && // else not owned
                                   !((prot & AS_COW) && frame_pinned(pa))); // the zero page
            return MX_OK;
        }
    }
    return map_slow(as_root, va, pa, flags);
}

bool
arch_as_is_mapped(uint64_t as_root, uint64_t va)
{
    int level = 0;
    uint64_t *pte = as_root != 0 && va < ARCH_USER_VA_END
                        ? sv39_lookup((uint64_t *)(uintptr_t)as_root, va, &level)
                        : NULL;

    return pte != NULL && (*pte & PTE_V);
}

// Frees a table at `level` and everything below it in the user half;
// returns the number of owned pages it freed.
static uint64_t
free_table(uint64_t *table, int level, void (*free_page)(paddr_t pa))
{
    uint64_t n = 0;

    for (unsigned i = 0; i < SV39_ENTRIES; i++) {
        uint64_t pte = table[i];
        if (!(pte & PTE_V)) {
            continue;
        }
        if (!sv39_pte_is_leaf(pte)) {
            n += free_table((uint64_t *)(uintptr_t)sv39_pte_pa(pte), level - 1, free_page);
        } else if (level == 0 && pte_owned(pte)) {
            n += pte_counted(pte); // before the free: the zero page stays pinned anyway
            free_page(sv39_pte_pa(pte));
        }
    }
    free_page((paddr_t)(uintptr_t)table);
    return n;
}

void
arch_as_destroy(uint64_t as_root, void (*free_page)(paddr_t pa))
{
    uint64_t *root = (uint64_t *)(uintptr_t)as_root;

    if (as_root == current_root) {
        csr_write_satp(sv39_satp((uint64_t)(uintptr_t)mmu_kernel_root(), 0));
        sfence_vma_all();
        current_root = 0;
    }
    uint64_t freed = 0;
    for (unsigned i = 0; i < USER_ROOT_ENTRIES; i++) {
        if ((root[i] & PTE_V) && !sv39_pte_is_leaf(root[i])) {
            freed += free_table((uint64_t *)(uintptr_t)sv39_pte_pa(root[i]), 1, free_page);
        }
    }
    // The walk is free here: it checks the kept count every time a space goes.
    if (freed != arch_as_pages(as_root)) {
        panic("address space %#lx owned %lu pages, its count said %lu", (unsigned long)as_root,
              (unsigned long)freed, (unsigned long)arch_as_pages(as_root));
    }
    free_page(as_root);
}

// Copies the table at `level` (va: what it maps from) into dst_root.
static bool
clone_table(uint64_t dst_root, const uint64_t *table, int level, uint64_t va)
{
    for (unsigned i = 0; i < SV39_ENTRIES; i++) {
        uint64_t pte = table[i];
        uint64_t at = va + i * sv39_level_size(level);
        if (!(pte & PTE_V)) {
            continue;
        }
        if (!sv39_pte_is_leaf(pte)) {
            if (!clone_table(dst_root, (const uint64_t *)(uintptr_t)sv39_pte_pa(pte), level - 1,
                             at)) {
                return false;
            }
            continue;
        }
        paddr_t pa = sv39_pte_pa(pte);
        unsigned prot = pte_prot(pte);
        bool shared = !pte_owned(pte);
        if (level != 0) {
            return false; // user pages are 4 KiB
        }
        if (prot & AS_COW) {
            prot = (prot & ~(unsigned)AS_COW) | AS_W; // the copy is private
        }
        if (!shared) {
            paddr_t copy = frame_alloc_dirty();
            if (copy == 0) {
                return false;
            }
            memcpy((void *)(uintptr_t)copy, (const void *)(uintptr_t)pa, PAGE_SIZE);
            pa = copy;
        }
        if (arch_as_map(dst_root, at, pa, prot) != MX_OK) {
            if (!shared) {
                frame_free(pa);
            }
            return false;
        }
    }
    return true;
}

uint64_t
arch_as_clone(uint64_t as_root)
{
    const uint64_t *root = (const uint64_t *)(uintptr_t)as_root;
    uint64_t copy = arch_as_create();

    if (copy == 0) {
        return 0;
    }
    for (unsigned i = 0; i < USER_ROOT_ENTRIES; i++) {
        if ((root[i] & PTE_V) && !sv39_pte_is_leaf(root[i]) &&
            !clone_table(copy, (const uint64_t *)(uintptr_t)sv39_pte_pa(root[i]), 1,
                         i * sv39_level_size(2))) {
            arch_as_destroy(copy, frame_free);
            return 0;
        }
    }
    return copy;
}

// Shares the table at `level` (va: what it maps from) with dst_root:
// owned pages get one more reference, writable ones turn copy-on-write in
// both spaces.
static bool
share_table(uint64_t dst_root, uint64_t *table, int level, uint64_t va)
{
    for (unsigned i = 0; i < SV39_ENTRIES; i++) {
        uint64_t pte = table[i];
        uint64_t at = va + i * sv39_level_size(level);
        if (!(pte & PTE_V)) {
            continue;
        }
        if (!sv39_pte_is_leaf(pte)) {
            if (!share_table(dst_root, (uint64_t *)(uintptr_t)sv39_pte_pa(pte), level - 1, at)) {
                return false;
            }
            continue;
        }
        unsigned prot = pte_prot(pte);
        paddr_t pa = sv39_pte_pa(pte);
        if (level != 0 || (pte_owned(pte) && !frame_ref(pa))) {
            return false; // user pages are 4 KiB, own pages pool frames
        }
        if (prot & AS_W && pte_owned(pte)) {
            prot = (prot & ~(unsigned)AS_W) | AS_COW;
            table[i] = sv39_pte(pa, prot_flags(prot) | PTE_V);
        }
        if (arch_as_map(dst_root, at, pa, prot) != MX_OK) {
            if (pte_owned(pte)) {
                frame_free(pa);
            }
            return false;
        }
    }
    return true;
}

uint64_t
arch_as_clone_cow(uint64_t as_root)
{
    uint64_t *root = (uint64_t *)(uintptr_t)as_root;
    uint64_t copy = arch_as_create();

    if (copy == 0) {
        return 0;
    }
    for (unsigned i = 0; i < USER_ROOT_ENTRIES; i++) {
        if ((root[i] & PTE_V) && !sv39_pte_is_leaf(root[i]) &&
            !share_table(copy, (uint64_t *)(uintptr_t)sv39_pte_pa(root[i]), 1,
                         i * sv39_level_size(2))) {
            arch_as_destroy(copy, frame_free); // the parent keeps COW pages: harmless
            return 0;
        }
    }
    return copy;
}

static uint64_t *
user_leaf(uint64_t as_root, uint64_t va)
{
    int level = 0;
    uint64_t *pte = as_root != 0 && va < ARCH_USER_VA_END
                        ? sv39_lookup((uint64_t *)(uintptr_t)as_root, va, &level)
                        : NULL;

    return pte != NULL && level == 0 && (*pte & PTE_V) ? pte : NULL;
}

bool
arch_as_lookup(uint64_t as_root, uint64_t va, paddr_t *pa, unsigned *prot)
{
    uint64_t *pte = user_leaf(as_root, va);

    if (pte == NULL) {
        return false;
    }
    *pa = sv39_pte_pa(*pte);
    *prot = pte_prot(*pte);
    return true;
}

int
arch_as_remap(uint64_t as_root, uint64_t va, paddr_t pa, unsigned prot)
{
    uint64_t *pte = user_leaf(as_root, va);

    if (pte == NULL || (pa & (PAGE_SIZE - 1)) != 0) {
        return -MX_EINVAL;
    }
    uint64_t flags = prot_flags(prot);
    pages_add(as_root, (int64_t)pte_counted(sv39_pte(pa, flags)) - (int64_t)pte_counted(*pte));
    *pte = sv39_pte(pa, flags | PTE_V);
    return MX_OK;
}

paddr_t
arch_as_unmap(uint64_t as_root, uint64_t va)
{
    uint64_t *pte = user_leaf(as_root, va);

    if (pte == NULL) {
        return 0;
    }
    paddr_t pa = pte_owned(*pte) ? sv39_pte_pa(*pte) : 0;
    pages_add(as_root, -(int64_t)pte_counted(*pte));
    *pte = 0;
    return pa;
}

void
arch_flush_all(uint64_t as_root)
{
    (void)as_root; // no ASIDs yet
    sfence_vma_all();
}

uint64_t
arch_as_pages(uint64_t as_root)
{
    return as_root != 0 ? ((const uint64_t *)(uintptr_t)as_root)[PAGES_SLOT] >> 1 : 0;
}

// The kernel address of user byte va, if the page allows the access.
static uint8_t *
user_byte(uint64_t as_root, uint64_t va, bool write)
{
    int level = 0;
    uint64_t *pte = sv39_lookup((uint64_t *)(uintptr_t)as_root, va, &level);
    uint64_t need = PTE_V | PTE_U | (write ? PTE_W : PTE_R);

    if (pte != NULL && write && level == 0 && (*pte & PTE_SW) == PTE_COW &&
        cow_break(as_root, va) == MX_OK) {
        pte = sv39_lookup((uint64_t *)(uintptr_t)as_root, va, &level); // now private
    }
    if (pte == NULL || (*pte & need) != need || pte_is_dev(*pte)) {
        return NULL; // device registers are not RAM: the kernel never copies there
    }
    return (uint8_t *)(uintptr_t)(sv39_pte_pa(*pte) | (va & (sv39_level_size(level) - 1)));
}

static bool
range_ok(uint64_t va, size_t len)
{
    return va < ARCH_USER_VA_END && len <= ARCH_USER_VA_END - va;
}

void *
arch_user_kptr(uint64_t as_root, uint64_t va, size_t len, bool write)
{
    if (as_root == 0 || len == 0 || !range_ok(va, len) ||
        (va & ~(uint64_t)(PAGE_SIZE - 1)) != ((va + len - 1) & ~(uint64_t)(PAGE_SIZE - 1))) {
        return NULL;
    }
    return user_byte(as_root, va, write);
}

// The current address space: touch the first byte and one byte in every
// further page with the fault-catching probe.
static int
probe_current(uint64_t va, size_t len, bool write)
{
    uint64_t end = va + len;

    for (uint64_t p = va; p < end; p = (p | (PAGE_SIZE - 1)) + 1) {
        if (userprobe(p, write) != 0) {
            return -MX_EFAULT;
        }
    }
    return MX_OK;
}

// Copies [va, va+len) to or from buf (or only checks it when buf is NULL).
// The current address space is used directly (SUM and fault fixups); any
// other one is walked page by page.
static int
user_copy(uint64_t as_root, uint64_t va, void *buf, size_t len, bool to_user)
{
    uint8_t *k = buf;

    if (as_root == 0 || !range_ok(va, len)) {
        return -MX_EFAULT;
    }
    if (as_root == current_root) {
        void *u = (void *)(uintptr_t)va;
        bool ok = k == NULL ? probe_current(va, len, to_user) == MX_OK
                            : usercopy(to_user ? u : k, to_user ? k : u, len) == 0;
        if (ok) {
            return MX_OK;
        }
        if (!to_user) {
            return -MX_EFAULT;
        }
        // A write may have met a copy-on-write page: the walk below breaks it.
    }
    while (len > 0) {
        size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > len) {
            chunk = len;
        }
        uint8_t *u = user_byte(as_root, va, to_user);
        if (u == NULL) {
            return -MX_EFAULT;
        }
        if (k != NULL) {
            memcpy(to_user ? u : k, to_user ? k : u, chunk);
            k += chunk;
        }
        va += chunk;
        len -= chunk;
    }
    return MX_OK;
}

int
arch_copy_msg_from_current(void *dst, uint64_t va)
{
    if ((va & 7) != 0 || va > ARCH_USER_VA_END - 64) {
        return -MX_EFAULT;
    }
    return usercopy_msg(dst, va) == 0 ? MX_OK : -MX_EFAULT;
}

int
arch_copy_msg_to_current(uint64_t va, const void *src)
{
    if ((va & 7) != 0 || va > ARCH_USER_VA_END - 64) {
        return -MX_EFAULT;
    }
    if (usercopy_msg_out(va, src) == 0) {
        return MX_OK;
    }
    return user_copy(current_root, va, (void *)(uintptr_t)src, 64, true); // COW page?
}

int
arch_copy_from_user(uint64_t as_root, void *dst, uint64_t va, size_t len)
{
    return user_copy(as_root, va, dst, len, false);
}

int
arch_copy_to_user(uint64_t as_root, uint64_t va, const void *src, size_t len)
{
    return user_copy(as_root, va, (void *)(uintptr_t)src, len, true);
}

int
arch_check_user(uint64_t as_root, uint64_t va, size_t len, bool write)
{
    return user_copy(as_root, va, NULL, len, write);
}
