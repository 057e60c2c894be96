// init: the first user process (pid 1). Opens the console as stdin, stdout
// and stderr, starts the shell on it (again whenever it exits), and reaps
// every orphan PM hands it.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "posix.h"
#include "syslib.h"

enum { RESPAWN_MAX = 20 };

static pid_t
start_shell(void)
{
    static char name[] = "sh", path[] = "PATH=/bin", home[] = "HOME=/";
    static char *const argv[] = {name, NULL};
    static char *const envp[] = {path, home, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        execve("/bin/sh", argv, envp);
        fprintf(stderr, "init: cannot run /bin/sh: %s\n", strerror(errno));
        _exit(127);
    }
    if (pid < 0) {
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
    }
    return pid;
}

int
main(void)
{
    for (int fd = 0; fd < 3; fd++) {
        if (open("/dev/console", O_RDWR) != fd) {
            break; // nothing to print on, but keep going: orphans need reaping
        }
    }
    printf("init: starting the shell\n");
    unsigned respawns = 0;
    pid_t shell = start_shell();
    for (;;) {
        int status;
        pid_t pid = wait(&status);
        if (pid < 0) {
            if (shell < 0) {
                // No children and no shell to start: nothing can exit any
                // more, so wait for good (nobody sends to init).
                struct message m;
                ipc_receive(ENDPOINT_ANY, &m);
            }
            continue;
        }
        if (pid != shell) {
            continue; // an orphan, reaped
        }
        if (++respawns > RESPAWN_MAX) {
            fprintf(stderr, "init: the shell keeps failing; giving up\n");
            shell = -1;
            continue;
        }
        shell = start_shell();
    }
}
