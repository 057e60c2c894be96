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
// Memory (served by VM): sbrk (picolibc's malloc uses it; <unistd.h>) and
// anonymous private mappings. mmap takes addr NULL, fd -1, offset 0 and
// flags MAP_PRIVATE | MAP_ANONYMOUS, prot PROT_READ/PROT_WRITE (or
// PROT_NONE); anything else is EINVAL.
enum { PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4 };
enum { MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_ANON = MAP_ANONYMOUS };
#define MAP_FAILED ((void *)-1)
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t len);
// Translates a mirv error code (MX_E*, positive) into an errno value.
int mirv_errno(int code);
// A short message for a wait status: "Segmentation fault" and the like,
// or NULL for a normal exit.
const char *mirv_signal_name(int sig);
