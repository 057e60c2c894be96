// Creating processes from ELF images and destroying them.
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "proc.h"

enum {
    TASK_STACK_PAGES = 16,               // 64 KiB user stack
    TASK_VA_MIN = 0x10000,               // nothing below 64 KiB (null guard)
};
static const uint64_t TASK_STACK_TOP = 0x7fff0000ull;

// Builds a new process (not yet runnable) from the ELF file elf[0..len):
// validates it, maps its segments and a stack in a fresh address space.
// Returns NULL with *why naming the problem; nothing is leaked.
struct proc *task_create_from_elf(const char *name, const void *elf, size_t len,
                                  const char **why);
// Replaces p's image with a fresh copy of the ELF file, keeping its slot,
// endpoint, privileges and priority: waiters on the old image fail with
// MX_EDEADSRCDST, its address space and IPC state go, and it is left NEW
// (not running). With keep, the pages of the image's keep segment (see
// kernel/elf.h) are the old image's, where it had plain read-write pages
// there, instead of zeroed ones: the service finds what it left (and
// must check it). On failure p is destroyed and *why says why.
int task_reload(struct proc *p, const void *elf, size_t len, bool keep, const char **why);
// A copy of parent (KC_FORK): its memory, registers, privileges, manager
// and priority; left RTS_NEW. NULL with *why if the table or memory is full.
struct proc *task_fork(struct proc *parent, const char **why);
// Replaces p's address space with one built from the ELF file elf[0..len)
// and a stack whose top frame_len bytes are copied from frame (in p's old
// address space); p then starts at the entry with sp at that frame. On
// failure (-MX_ENOEXEC, -MX_ENOMEM, -MX_EFAULT) p is unchanged.
int task_exec(struct proc *p, const void *elf, size_t len, uint64_t frame, uint64_t frame_len,
              const char **why);
// Releases everything p holds; waiters on it fail with MX_EDEADSRCDST.
void task_destroy(struct proc *p);
