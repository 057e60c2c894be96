// kill [-N | -NAME] PID...: sends a signal (TERM by default) through PM.
// kill -l lists the signal names.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int sig;
} names[] = {
    {"HUP", SIGHUP}, {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ILL", SIGILL},
    {"ABRT", SIGABRT}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"BUS", SIGBUS},
    {"SEGV", SIGSEGV}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"CHLD", SIGCHLD},
};

static int
parse_signal(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*s != '\0' && *end == '\0') {
        return n >= 0 && n < 64 ? (int)n : -1;
    }
    if (strncmp(s, "SIG", 3) == 0) {
        s += 3;
    }
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i].name) == 0) {
            return names[i].sig;
        }
    }
    return -1;
}

int
main(int argc, char **argv)
{
    int sig = SIGTERM, i = 1, status = 0;
    if (argc > 1 && strcmp(argv[1], "-l") == 0) {
        for (unsigned j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
            printf("%2d %s\n", names[j].sig, names[j].name);
        }
        return 0;
    }
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
        sig = parse_signal(argv[1] + 1);
        if (sig < 0) {
            fprintf(stderr, "kill: %s: unknown signal (kill -l lists them)\n", argv[1] + 1);
            return 2;
        }
        i = 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: kill [-SIGNAL] PID...\n");
        return 2;
    }
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (*argv[i] == '\0' || *end != '\0') {
            fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
            status = 1;
        } else if (kill((pid_t)pid, sig) != 0) {
            fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
