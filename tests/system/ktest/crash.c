// crash: misbehaves as soon as it starts, in the way its name says
// (crash_ill: illegal instruction; crash_kmem: reads kernel memory;
// crash_unmapped: stores to an unmapped address). The kernel must stop it
// and keep everything else running.
#include <string.h>

#include "syslib.h"

int
main(void)
{
    char name[16] = {0};
    struct message m = {0};

    m.u.getinfo.what = GETINFO_SELF;
    kcall(KC_GETINFO, &m);
    memcpy(name, m.u.getinfo.name, sizeof(name) - 1);
    if (strcmp(name, "crash_ill") == 0) {
        __asm__ volatile(".word 0x00000000"); // an illegal instruction
    } else if (strcmp(name, "pfsegv") == 0) {
        *(volatile uint64_t *)0x30000000ul = 1; // outside VM's regions: SIGSEGV
    } else if (strcmp(name, "crash_kmem") == 0) {
        (void)*(volatile uint64_t *)0x80200000ul; // the kernel's text
    } else {
        *(volatile uint64_t *)0x40000000ul = 1; // nothing mapped there
    }
    return 0;
}
