// ps: every process, system ones included: pid, endpoint, state, the memory
// it owns, name. A footer sums the memory.
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mirv/kcall.h>

#include "posix.h"

static const char *
state_name(const struct pm_procinfo *p)
{
    if (p->state == PM_ZOMBIE) {
        return "zombie";
    }
    uint32_t k = p->kstate;
    return k == 0                                          ? "run"
           : k & (PSTATE_STOPPED | PSTATE_SIG_PENDING)     ? "stop"
           : k & (PSTATE_PAGEFAULT | PSTATE_KMEM)          ? "fault"
           : k & PSTATE_SENDING                            ? "send"
           : k & PSTATE_RECEIVING                          ? "wait"
           : k & PSTATE_NEW                                ? "new"
                                                           : "other";
}

int
main(void)
{
    struct pm_procinfo p;
    unsigned count = 0;
    unsigned long kib = 0;

    printf("  PID  PPID     EP STATE   TYPE     KiB NAME\n");
    for (int slot = 0; mirv_procinfo(slot, &p) >= 0; slot = p.status + 1) {
        char name[17];
        memcpy(name, p.name, 16);
        name[16] = '\0';
        printf("%5d %5d %6d %-7s %-6s %5u %s\n", p.pid, p.ppid, p.ep, state_name(&p),
               p.state == PM_SYSTEM ? "system" : "user", p.pages * 4, name);
        count++;
        kib += p.pages * 4ul;
    }
    if (errno != ESRCH) {
        fprintf(stderr, "ps: %s\n", strerror(errno));
        return 1;
    }
    printf("%u processes, %lu KiB of memory in use by them\n", count, kib);
    return 0;
}
