// The contract between the portable kernel and the architecture layer.
// arch/riscv/ implements it for real hardware; host unit tests link fakes.
// The kernel sees the hardware only through these functions.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include <stddef.h>

#include "fdt.h"
#include "types.h"

// Records platform facts (exit device, timer flavour) from the device tree.
// Called once, before arch_mmu_init.
void arch_platform_init(const struct fdt_info *fdt, const char *bootargs);

// Builds the kernel's Sv39 map (RAM at VA == PA with W^X for the kernel
// image, devices in a high MMIO window) and turns paging on. Returns NULL or
// a message naming why it cannot (the caller panics).
const char *arch_mmu_init(const struct fdt_info *fdt);

// Virtual address at which the kernel reaches device register pa (valid
// before and after arch_mmu_init); 0 if pa is outside the device window.
uintptr_t arch_mmio_va(paddr_t pa);

// Timer: arm the next interrupt at an absolute time (timebase ticks).
void arch_timer_arm(uint64_t deadline);
uint64_t arch_time_now(void);
bool arch_timer_uses_sstc(void); // true: Sstc stimecmp; false: SBI TIME calls

// Zeroes one page (page-aligned), as fast as the machine allows.
void arch_page_zero(void *page);

// Interrupts: enable the timer source and global S-mode interrupts.
void arch_intr_enable(void);
void arch_intr_disable(void);
// Waits for the next interrupt (wfi); returns after it was handled.
void arch_idle(void);
// True if an enabled interrupt is waiting (the idle loop's work stops then).
bool arch_intr_pending(void);

// External interrupts (the PLIC on RISC-V), for the boot hart in S-mode.
// arch_irq_init (after arch_mmu_init) masks every line; an interrupt on an
// unmasked line calls irq_fire(line) and is then completed.
void arch_irq_init(const struct fdt_info *fdt);
bool arch_irq_present(void);     // false: no interrupt controller (drivers poll)
unsigned arch_irq_lines(void);   // lines are 1 .. this (0 without a controller)
void arch_irq_mask(unsigned line);
void arch_irq_unmask(unsigned line);

// Console of last resort (firmware), used before the UART is known.
void arch_firmware_putc(char c);

// Stops the machine: code 0 powers off cleanly, any other code makes the
// simulator exit with that status where the platform allows.
noreturn void arch_halt(int code);

// Fault-catching probes: return false instead of trapping when the access
// faults (used by self-tests; the user-copy routines use the same mechanism).
bool arch_probe_read(uintptr_t va, uint64_t *val);
bool arch_probe_write(uintptr_t va, uint64_t val);

// Self-test: fills the registers with patterns, waits until an interrupt
// handler changes *counter, returns 0 if every register kept its pattern,
// else the number of the first clobbered register.
int arch_selftest_trap_regs(volatile const uint64_t *counter);

// ---- processes: saved user context and address spaces ----

// A process's saved registers, laid out by the arch layer (on RISC-V, the
// trap frame). Kept first in struct proc; the kernel treats it as opaque.
enum { ARCH_CONTEXT_WORDS = 38 };
struct arch_context {
    uint64_t words[ARCH_CONTEXT_WORDS];
};

// User space is [0, ARCH_USER_VA_END); everything above belongs to the kernel.
static const uint64_t ARCH_USER_VA_END = 0x80000000ull;

// Prepares ctx to start in U-mode at entry with stack pointer sp and a0 = arg.
void arch_context_init(struct arch_context *ctx, uint64_t entry, uint64_t sp, uint64_t arg);
// The IPC trap arguments (a7 = op, a0 = endpoint, a1 = message address).
void arch_syscall_args(const struct arch_context *ctx, uint64_t *op, uint64_t *a0, uint64_t *a1);
// Makes the process run its trap instruction again when it next runs (the
// pc goes back to the ecall; the argument registers are untouched), so a
// suspended kernel call restarts from its beginning.
void arch_syscall_restart(struct arch_context *ctx);
// Sets the value the process sees returned from its trap.
void arch_set_retval(struct arch_context *ctx, int64_t value);
uint64_t arch_context_pc(const struct arch_context *ctx);

// Forgets any TLB entry for va in as_root (after a new mapping there).
void arch_flush_page(uint64_t as_root, uint64_t va);
// Makes as_root the current address space (satp), if it is not already.
void arch_as_switch(uint64_t as_root);
// Enters U-mode with this context in address space as_root. Never returns:
// the next trap from the process comes back through kernel_trap_user().
noreturn void arch_enter_user(struct arch_context *ctx, uint64_t as_root);

// AS_DEV: device registers, not RAM: never freed with the address space,
// and refused (MX_EFAULT) by user copies that walk the page tables.
// AS_BORROWED: RAM that is not the address space's own (boot file system
// pages of the kernel image): never freed, and shared, not copied, by fork.
// AS_COW: the space's own page, writable in principle but sharing its frame
// with another space since a fork: mapped read-only until a write copies it
// (cow_break). Never with AS_W, AS_DEV or AS_BORROWED.
enum as_prot { AS_R = 1, AS_W = 2, AS_X = 4, AS_DEV = 8, AS_BORROWED = 16, AS_COW = 32 };

// Address spaces: a root table that shares the kernel's half; user pages.
uint64_t arch_as_create(void);   // 0 if out of memory
int arch_as_map(uint64_t as_root, uint64_t va, paddr_t pa, unsigned prot); // 0 or -MX_E*
bool arch_as_is_mapped(uint64_t as_root, uint64_t va);  // a valid leaf maps va
// Frees the tables of as_root and calls free_page(pa) for each mapped page.
void arch_as_destroy(uint64_t as_root, void (*free_page)(paddr_t pa));
// A copy of the user half of as_root: every page it owns copied into a new
// frame with the same permissions, borrowed pages shared. 0 if out of
// memory (nothing is leaked).
uint64_t arch_as_clone(uint64_t as_root);
// Copy-on-write fork: a new space sharing every page of as_root, each owned
// frame with one more reference (frame_ref); owned writable pages become
// read-only AS_COW in both spaces. The caller flushes as_root's TLB. 0 if
// out of memory (nothing is leaked).
uint64_t arch_as_clone_cow(uint64_t as_root);
// The 4 KiB page at va: true with its frame and prot (enum as_prot) if mapped.
bool arch_as_lookup(uint64_t as_root, uint64_t va, paddr_t *pa, unsigned *prot);
// Replaces the mapping of the page at va (which must exist) by pa with prot.
int arch_as_remap(uint64_t as_root, uint64_t va, paddr_t pa, unsigned prot);
// Removes the page at va; returns its frame if the space owns it (a
// reference the caller drops), 0 if nothing, a device or a borrowed page.
paddr_t arch_as_unmap(uint64_t as_root, uint64_t va);
// Forgets every TLB entry of as_root (after many permissions changed).
void arch_flush_all(uint64_t as_root);
// Pages the address space owns (page tables not counted): a count kept on
// every map and unmap, so it costs a load.
uint64_t arch_as_pages(uint64_t as_root);
// dst gets src's user registers and pc (fork); the rest of dst stays.
void arch_context_copy_user(struct arch_context *dst, const struct arch_context *src);
// The user registers (regs[i] = x i) and pc of a context, and back.
void arch_context_get_user(const struct arch_context *ctx, uint64_t regs[32], uint64_t *pc);
void arch_context_set_user(struct arch_context *ctx, const uint64_t regs[32], uint64_t pc);
uint64_t arch_context_sp(const struct arch_context *ctx);
// Makes the context call pc(a0, a1) with stack sp, returning to ra.
void arch_context_call(struct arch_context *ctx, uint64_t pc, uint64_t sp, uint64_t a0,
                       uint64_t a1, uint64_t ra);

// Copies between kernel memory and any address space, walking its tables:
// never faults; -MX_EFAULT if any byte is outside user space, unmapped, not
// a user page, or lacks the permission (read for from, write for to).
int arch_copy_from_user(uint64_t as_root, void *dst, uint64_t va, size_t len);
int arch_copy_to_user(uint64_t as_root, uint64_t va, const void *src, size_t len);
// Copies one message (64 bytes, 8-aligned va) from the current address
// space into kernel memory: the IPC fast path's copy. 0 or -MX_EFAULT.
int arch_copy_msg_from_current(void *dst, uint64_t va);
int arch_copy_msg_to_current(uint64_t va, const void *src);
// A kernel pointer to user bytes [va, va+len) of as_root if they lie in one
// page that allows the access; NULL otherwise (callers fall back to copies).
void *arch_user_kptr(uint64_t as_root, uint64_t va, size_t len, bool write);
// Checks the same conditions without copying.
int arch_check_user(uint64_t as_root, uint64_t va, size_t len, bool write);

// Why a process trapped into the kernel.
enum user_trap {
    UTRAP_SYSCALL,       // ecall (pc already advanced past it)
    UTRAP_TIMER,         // timer interrupt
    UTRAP_INTERRUPT,     // other interrupt
    UTRAP_PAGE_FAULT,    // addr = faulting address
    UTRAP_ACCESS_FAULT,
    UTRAP_ILLEGAL,       // addr = the instruction bits (or 0)
    UTRAP_MISALIGNED,
    UTRAP_BREAKPOINT,
};

// ---- kernel hooks the arch layer calls ----
void clock_tick(void);   // kernel/clock.c, on each timer interrupt
void irq_fire(unsigned line); // kernel/irq.c, for each claimed external interrupt
// kernel/fastpath.c: an ecall (IPC or kernel call) from U-mode.
noreturn void kernel_syscall_trap(struct arch_context *ctx);
// kernel/ktrap.c: any other trap from U-mode; access = 'r', 'w', 'x' or 0.
noreturn void kernel_trap_user(struct arch_context *ctx, enum user_trap why, uint64_t addr,
                               int access);
paddr_t frame_alloc(void);   // kernel/frame.c: a zeroed 4 KiB frame, or 0
paddr_t frame_alloc_dirty(void); // kernel/frame.c: a 4 KiB frame, contents unknown
void frame_free(paddr_t pa); // kernel/frame.c: drops one reference
bool frame_ref(paddr_t pa);  // kernel/frame.c: one more reference
bool frame_pinned(paddr_t pa); // kernel/frame.c: the shared zero page (never freed, not counted)
// kernel/cow.c: makes the AS_COW page at va writable (copying its frame if
// it is still shared). 0, -MX_EFAULT if it is not a COW page, -MX_ENOMEM.
int cow_break(uint64_t as_root, uint64_t va);
// The same with spare, a fresh zeroed frame the caller gives up (used as
// the copy, or freed): the pager's map path has taken one already.
int cow_break_with(uint64_t as_root, uint64_t va, paddr_t spare);
