// cat: copies each named file (or stdin, or "-") to stdout.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
copy(int fd, const char *name)
{
    static char buf[1024];
    ssize_t n;
    fflush(stdout);
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(1, buf + done, (size_t)(n - done));
            if (w <= 0) {
                fprintf(stderr, "cat: write error: %s\n", strerror(errno));
                return 1;
            }
            done += w;
        }
    }
    if (n < 0) {
        fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
        return 1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    int status = 0;
    if (argc < 2) {
        return copy(0, "stdin");
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            status |= copy(0, "stdin");
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= copy(fd, argv[i]);
        close(fd);
    }
    return status;
}
