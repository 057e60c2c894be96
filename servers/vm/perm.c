// VM call masks, per service: user programs may grow and shrink their own
// memory (brk, mmap, munmap); PM reports process events (fork, exec, exit);
// a system service gets only what its entry below names. Masks are looked
// up once per endpoint (its name and flags from the kernel) and cached.
#include "perm.h"

#include <string.h>

#include <mirv/kcall.h>
#include <mirv/msg.h>
#include <mirv/vm.h>

#include "syslib.h"

enum { PERM_SLOTS = 64 };

static const uint32_t MEMORY_CALLS = (1u << (VM_BRK - VM_BASE)) | (1u << (VM_MMAP - VM_BASE)) |
                                     (1u << (VM_MUNMAP - VM_BASE));
static const uint32_t PROCESS_CALLS = (1u << (VM_FORK - VM_BASE)) |
                                      (1u << (VM_EXEC - VM_BASE)) | (1u << (VM_EXIT - VM_BASE));
// RS: a service reloaded in place (EXEC) or live-updated (UPDATE).
static const uint32_t SERVICE_CALLS = (1u << (VM_EXEC - VM_BASE)) |
                                      (1u << (VM_UPDATE - VM_BASE));

// System services with VM calls; any other one has none.
static const struct {
    const char *name;
    uint32_t mask;
} services[] = {
    {"pm", PROCESS_CALLS},
    {"rs", SERVICE_CALLS},
    {"pfbench", MEMORY_CALLS}, // the page-fault benchmark image's test program
    {"kmemtest", MEMORY_CALLS}, // and its SIGKMEM test
};

static struct {
    endpoint_t ep;
    uint32_t mask;
} cache[PERM_SLOTS];

static int
proc_info(endpoint_t ep, struct kc_getinfo *out)
{
    struct message m = {0};
    m.u.getinfo.what = GETINFO_PROC;
    m.u.getinfo.ep = ep;
    int r = kcall(KC_GETINFO, &m);
    *out = m.u.getinfo;
    return r;
}

static uint32_t
lookup(endpoint_t caller)
{
    struct kc_getinfo gi;

    if (proc_info(caller, &gi) != 0) {
        return 0;
    }
    if (!(gi.flags & PRIV_SYSTEM)) {
        return MEMORY_CALLS;
    }
    for (unsigned i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
        if (strncmp(gi.name, services[i].name, sizeof(gi.name)) == 0) {
            return services[i].mask;
        }
    }
    return 0;
}

uint32_t
vm_call_mask(endpoint_t caller)
{
    unsigned slot = endpoint_slot(caller);

    if (slot >= PERM_SLOTS) {
        return lookup(caller);
    }
    if (cache[slot].ep != caller || caller == 0) {
        cache[slot].ep = caller;
        cache[slot].mask = lookup(caller);
    }
    return cache[slot].mask;
}

void
vm_perm_forget(endpoint_t ep)
{
    unsigned slot = endpoint_slot(ep);

    if (slot < PERM_SLOTS && cache[slot].ep == ep) {
        cache[slot].ep = ENDPOINT_NONE;
    }
}

bool
vm_manages(endpoint_t caller, endpoint_t target)
{
    struct kc_getinfo gi;
    return proc_info(target, &gi) == 0 && gi.sig_mgr == caller;
}
