// echo: prints its arguments separated by spaces; -n leaves out the newline.
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
    int i = 1, newline = 1;
    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = 0;
        i = 2;
    }
    for (int first = i; i < argc; i++) {
        printf(i > first ? " %s" : "%s", argv[i]);
    }
    if (newline) {
        putchar('\n');
    }
    return 0;
}
