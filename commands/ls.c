// ls [-l] [PATH...]: lists directories (one name per line, '/' after
// directories) or names files; -l adds the type, permissions and size.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posix.h"

static int long_form;

static void
show(const char *dir, const char *name)
{
    char path[300];
    struct stat st;
    snprintf(path, sizeof(path), "%s%s%s", dir, dir[0] != '\0' && strcmp(dir, "/") ? "/" : "",
             name);
    if (stat(path, &st) != 0) {
        printf("%s\n", name);
        return;
    }
    const char *suffix = S_ISDIR(st.st_mode) ? "/" : "";
    if (!long_form) {
        printf("%s%s\n", name, suffix);
        return;
    }
    char type = S_ISDIR(st.st_mode) ? 'd' : S_ISCHR(st.st_mode) ? 'c' : '-';
    char perm[10];
    for (int i = 0; i < 9; i++) {
        perm[i] = (st.st_mode >> (8 - i)) & 1 ? "rwxrwxrwx"[i] : '-';
    }
    perm[9] = '\0';
    printf("%c%s %8lu %s%s\n", type, perm, (unsigned long)st.st_size, name, suffix);
}

static int
list(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        show("", path);
        return 0;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char name[256];
    for (unsigned i = 0; mirv_readdir(fd, i, name, sizeof(name)) > 0; i++) {
        show(path, name);
    }
    close(fd);
    return 0;
}

int
main(int argc, char **argv)
{
    int i = 1, status = 0;
    if (argc > 1 && strcmp(argv[1], "-l") == 0) {
        long_form = 1;
        i = 2;
    }
    if (i >= argc) {
        return list("/");
    }
    for (int first = i; i < argc; i++) {
        if (argc - first > 1) {
            printf("%s:\n", argv[i]);
        }
        status |= list(argv[i]);
    }
    return status;
}
