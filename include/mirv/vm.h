// The VM server's protocol (ABI): memory requests of user programs (brk,
// anonymous mmap/munmap, through lib/posix.c) and of PM (a process forked,
// exec'd or gone). Every call is a sendrec to VM; the reply's status is 0
// (or the address, in vm_rep.addr) or -MX_E*. Each caller may use only
// the calls in its VM call mask (servers/vm/perm.c): MX_EPERM otherwise.
#pragma once

#include <stdint.h>

#include "endpoint.h"

enum vm_call {
    VM_BASE = 0x900,
    VM_BRK = VM_BASE + 0,     // addr: the new break (0: only ask); rep addr = the break
    VM_MMAP = VM_BASE + 1,    // len, prot, flags: rep addr = the mapping
    VM_MUNMAP = VM_BASE + 2,  // addr, len (page-aligned addr)
    VM_FORK = VM_BASE + 3,    // PM: ep (parent) was forked into ep2 (copy-on-write)
    VM_EXEC = VM_BASE + 4,    // PM: ep runs a new program (RS: ep was reloaded in place):
                              // its regions start afresh
    VM_EXIT = VM_BASE + 5,    // PM: ep is gone
    VM_UPDATE = VM_BASE + 6,  // RS: live update: swap the images of ep and ep2 in the
                              // kernel (KC_UPDATE; flags VM_UPDATE_START lets the image
                              // now at ep run) and VM's records of them with them
    VM_REPLY = VM_BASE + 0x40,
};

// The bit of a call in a VM call mask.
static inline uint32_t
vm_call_bit(uint32_t type)
{
    return 1u << (type - VM_BASE);
}

// mmap's prot and flags (the POSIX values of lib/posix.h).
enum vm_prot { VM_PROT_READ = 1, VM_PROT_WRITE = 2, VM_PROT_EXEC = 4 };
enum vm_map_flags { VM_MAP_PRIVATE = 0x02, VM_MAP_ANONYMOUS = 0x20 };
enum vm_update_flags { VM_UPDATE_START = 1 };

struct vm_req {
    endpoint_t ep;      // FORK, EXEC, EXIT, UPDATE: the process
    endpoint_t ep2;     // FORK: the child; UPDATE: the other image
    uint64_t addr;      // BRK, MUNMAP
    uint64_t len;       // MMAP, MUNMAP
    uint32_t prot;      // MMAP: enum vm_prot
    uint32_t flags;     // MMAP: enum vm_map_flags; UPDATE: enum vm_update_flags
};

struct vm_rep {
    int32_t status;     // 0 or -MX_E*
    uint32_t pad;
    uint64_t addr;      // BRK: the break; MMAP: the mapping
};
