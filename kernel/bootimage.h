// The boot image: ELF files of the boot processes packed into the kernel by
// tools/mkbootimg.py, with each one's name, priority and privileges.
// bootimage_start() creates a process for every valid entry (a bad ELF is
// refused with a message; the others still start).
#pragma once

#include <stdint.h>

enum { BOOTIMAGE_MAGIC = 0x424f4f54, BOOTIMAGE_NAME_LEN = 16 };

enum bootimage_flags {
    BOOTIMAGE_SYSTEM = 1 << 0,
    BOOTIMAGE_MODULE_ONLY = 1 << 1, // packed for KC_SPAWN, not started at boot
    BOOTIMAGE_BOOTFS = 1 << 2,      // gets the boot file system mapped read-only
    BOOTIMAGE_IPC_ALL = 1 << 3,     // may send to every process, later ones too
};

// The boot file system: a cpio (newc) archive that tools/mkbootimg.py packs
// page-aligned into the kernel image (empty if none). Processes with
// BOOTIMAGE_BOOTFS see it read-only at BOOTFS_VA; KC_EXEC loads programs
// from it.
extern const uint8_t bootfs_start[], bootfs_end[];
static const uint64_t BOOTFS_VA = 0x40000000ull;

struct bootimage_entry {
    char name[BOOTIMAGE_NAME_LEN];
    uint32_t prio;          // scheduling queue
    uint32_t flags;         // enum bootimage_flags
    uint64_t kcall_mask;    // kernel calls allowed
    uint64_t ipc_mask;      // bit i: may send to boot entry i
    uint64_t data;          // address of the ELF file in the kernel image
    uint64_t size;          // its size in bytes
    int32_t sig_mgr;        // boot entry managing its signals, -1 for none
    uint32_t reserved;
};

struct bootimage {
    uint32_t magic;
    uint32_t count;
    struct bootimage_entry entry[];
};

// Defined in the assembly file that tools/mkbootimg.py generates.
extern const struct bootimage bootimage;

// Creates the boot processes; returns how many started.
unsigned bootimage_start(void);
// The boot-image entry called name (at most BOOTIMAGE_NAME_LEN chars), or NULL.
const struct bootimage_entry *bootimage_find(const char *name);

struct proc;
// Gives p (started later from entry e, e.g. by KC_SPAWN) e's kernel calls,
// flags and IPC targets, resolving the targets by name among live processes.
void bootimage_apply_privileges(struct proc *p, const struct bootimage_entry *e);
// Maps the boot file system into p if entry e asks for it; 0 or -MX_ENOMEM.
int bootimage_map_bootfs(struct proc *p, const struct bootimage_entry *e);
