// sh: the shell. Reads a line at the prompt "# ", splits it into words
// ('single' and "double" quotes, backslash escapes, $? for the last status,
// # comments), and runs the program /bin/WORD (or the path given) in a
// child of its own process group, in the foreground of the console, or in
// the background with a trailing &. Builtins: exit [N], wait, cd (refused:
// there are no working directories). A program killed by a signal is
// reported ("Segmentation fault"), as are finished background jobs.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "posix.h"

enum { LINE_MAX_ = 512, ARGS_MAX = 32 };

static int last_status;
static char env_path[] = "PATH=/bin", env_home[] = "HOME=/";
static char *const env[] = {env_path, env_home, NULL};

struct cmdline {
    char words[LINE_MAX_ * 2];
    char *argv[ARGS_MAX + 1];
    int argc;
    int background;
};

// Appends the decimal value of $? at *o.
static size_t
put_status(char *o, size_t room)
{
    int n = snprintf(o, room, "%d", last_status);
    return n < 0 ? 0 : (size_t)n < room ? (size_t)n : room - 1;
}

// Splits line into words; -1 with a message on a syntax error.
static int
split(const char *line, struct cmdline *c)
{
    char *o = c->words, *end = c->words + sizeof(c->words) - 16;
    const char *p = line;
    c->argc = 0;
    c->background = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') {
            p++;
        }
        if (*p == '\0' || *p == '#') {
            break;
        }
        if (*p == '&') {
            p++;
            c->background = 1;
            continue;
        }
        if (c->argc == ARGS_MAX) {
            fprintf(stderr, "sh: too many arguments (at most %d)\n", ARGS_MAX);
            return -1;
        }
        c->argv[c->argc++] = o;
        char quote = 0;
        while (*p != '\0' && o < end) {
            char ch = *p;
            if (quote == 0 && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '&')) {
                break;
            }
            p++;
            if (ch == quote) {
                quote = 0;
            } else if (quote == 0 && (ch == '\'' || ch == '"')) {
                quote = ch;
            } else if (ch == '\\' && quote != '\'' && *p != '\0') {
                *o++ = *p++;
            } else if (ch == '$' && quote != '\'' && *p == '?') {
                p++;
                o += put_status(o, (size_t)(end - o));
            } else {
                *o++ = ch;
            }
        }
        if (quote != 0) {
            fprintf(stderr, "sh: missing closing %c\n", quote);
            return -1;
        }
        if (o >= end) {
            fprintf(stderr, "sh: line too long\n");
            return -1;
        }
        *o++ = '\0';
        if (c->background && c->argc > 0) {
            fprintf(stderr, "sh: '&' must end the command\n");
            return -1;
        }
    }
    c->argv[c->argc] = NULL;
    return 0;
}

// Reports how a child ended; returns the shell status ($?).
static int
report(pid_t pid, int status, int background)
{
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (background) {
            printf("[%d] %s\n", (int)pid, mirv_signal_name(sig));
        } else if (sig != SIGINT) {
            printf("%s\n", mirv_signal_name(sig));
        } else {
            printf("\n");
        }
        return 128 + sig;
    }
    int code = WEXITSTATUS(status);
    if (background) {
        printf("[%d] Done (%d)\n", (int)pid, code);
    }
    return code;
}

// Background jobs that finished since the last prompt.
static void
reap_jobs(void)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        report(pid, status, 1);
    }
}

static void
run_child(const struct cmdline *c)
{
    char path[300];
    struct sigaction dfl = {0};
    dfl.sa_handler = SIG_DFL;
    setpgid(0, 0);
    sigaction(SIGINT, &dfl, NULL);
    sigaction(SIGQUIT, &dfl, NULL);
    if (strchr(c->argv[0], '/') != NULL) {
        snprintf(path, sizeof(path), "%s", c->argv[0]);
    } else {
        snprintf(path, sizeof(path), "/bin/%s", c->argv[0]);
    }
    execve(path, c->argv, env);
    if (errno == ENOENT) {
        fprintf(stderr, "sh: %s: command not found\n", c->argv[0]);
        _exit(127);
    }
    fprintf(stderr, "sh: %s: cannot execute: %s\n", c->argv[0], strerror(errno));
    _exit(126);
}

static void
run(const struct cmdline *c)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "sh: cannot start %s: %s\n", c->argv[0], strerror(errno));
        last_status = 1;
        return;
    }
    if (pid == 0) {
        run_child(c);
    }
    setpgid(pid, pid);
    if (c->background) {
        printf("[%d]\n", (int)pid);
        last_status = 0;
        return;
    }
    tcsetpgrp(0, pid);
    int status;
    pid_t r;
    while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    tcsetpgrp(0, getpid());
    last_status = r == pid ? report(pid, status, 0) : 1;
}

// Runs a builtin; 0 if the command is not one.
static int
builtin(const struct cmdline *c)
{
    if (strcmp(c->argv[0], "exit") == 0) {
        exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
    }
    if (strcmp(c->argv[0], "cd") == 0) {
        fprintf(stderr, "sh: cd: there are no working directories; use absolute paths\n");
        last_status = 1;
        return 1;
    }
    if (strcmp(c->argv[0], "wait") == 0) {
        int status;
        pid_t pid;
        while ((pid = wait(&status)) > 0) {
            report(pid, status, 1);
        }
        last_status = 0;
        return 1;
    }
    return 0;
}

int
main(void)
{
    static char line[LINE_MAX_];
    static struct cmdline c;
    struct sigaction ign = {0};
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, NULL);
    sigaction(SIGQUIT, &ign, NULL);
    setpgid(0, 0);
    tcsetpgrp(0, getpid());
    for (;;) {
        reap_jobs();
        printf("# ");
        fflush(stdout);
        if (fgets(line, sizeof(line), stdin) == NULL) {
            printf("\n");
            return last_status;
        }
        if (strchr(line, '\n') == NULL && strlen(line) == sizeof(line) - 1) {
            fprintf(stderr, "sh: line too long (at most %d characters)\n", LINE_MAX_ - 2);
            int ch;
            while ((ch = getchar()) != EOF && ch != '\n') {
            }
            last_status = 2;
            continue;
        }
        if (split(line, &c) != 0) {
            last_status = 2;
            continue;
        }
        if (c.argc == 0 || builtin(&c)) {
            continue;
        }
        run(&c);
    }
}
