// C start-up of every user program (called by crt0.S with the initial sp):
// finds argc, argv and envp in the exec frame (a boot process has none),
// runs main, and exits through exit() so that stdio is flushed.
#include <stdint.h>
#include <stdlib.h>

#include <mirv/pm.h>

#include "posix.h"

extern char **environ;
int main(int argc, char **argv, char **envp);
void __mirv_start(uint64_t *sp) __attribute__((noreturn));

void
__mirv_start(uint64_t *sp)
{
    static char *no_args[] = {NULL};
    int argc = 0;
    char **argv = no_args;

    if ((uint64_t)(uintptr_t)sp < PM_STACK_TOP) {
        argc = (int)sp[0];
        argv = (char **)(sp + 1);
        environ = argv + argc + 1;
    } else {
        environ = no_args;
    }
    posix_init();
    exit(main(argc, argv, environ));
}
