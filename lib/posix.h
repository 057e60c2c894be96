// The C library glue of user programs: picolibc's system calls (read,
// write, open, fork, execve, waitpid, kill, ...) as messages to PM and VFS,
// and the stdin/stdout/stderr streams on file descriptors 0, 1 and 2.
// Errors set errno as POSIX says; the functions are those of <unistd.h>,
// <fcntl.h>, <sys/stat.h>, <sys/wait.h> and <signal.h>. Also:
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include <mirv/pm.h>

// Called once by the start-up code before main.
void posix_init(void);
// The name of entry `index` of the directory open on fd into buf: the name
// length, 0 past the last entry, -1 with errno on error.
int mirv_readdir(int fd, unsigned index, char *buf, size_t len);
// Process `index` onwards of PM's table: the slot reported (pass slot + 1
// next time), or -1 with errno ESRCH past the end.
int mirv_procinfo(int index, struct pm_procinfo *out);
// Translates a mirv error code (MX_E*, positive) into an errno value.
int mirv_errno(int code);
// A short message for a wait status: "Segmentation fault" and the like,
// or NULL for a normal exit.
const char *mirv_signal_name(int sig);
