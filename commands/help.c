// help: what the shell and the system's commands do.
#include <stdio.h>

int
main(void)
{
    puts("Commands (in /bin):\n"
         "  cat [FILE...]        print files (or what you type)\n"
         "  echo [-n] [ARG...]   print the arguments\n"
         "  help                 this text\n"
         "  kill [-SIG] PID...   send a signal (default TERM; -9 or -KILL to kill)\n"
         "  ls [-l] [PATH...]    list directories (/, /bin, /dev, /etc)\n"
         "  pfbench [PAGES]      page-fault benchmark (store, load, copy-on-write)\n"
         "  ps                   list processes: pid, endpoint, state, memory, name\n"
         "Shell: words, 'single' and \"double\" quotes, \\ escapes, $? (last status),\n"
         "  CMD & (run in the background), # comments; builtins: exit [N], wait.\n"
         "  Ctrl-C interrupts the running command, Ctrl-D at the prompt ends the shell\n"
         "  (init starts a new one). Try: cat /dev/hello, cat /etc/motd, ps.");
    return 0;
}
