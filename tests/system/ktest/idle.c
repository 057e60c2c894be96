// Test bystanders: "exiter" exits after its first message; "sleeper" waits
// for a message from pong that never comes (so it is never ready for
// others); "forbidden" receives from anyone (ipctest may not send to it).
#include <string.h>

#include "syslib.h"

int
main(void)
{
    struct message m = {0};

    m.u.getinfo.what = GETINFO_SELF;
    kcall(KC_GETINFO, &m);
    if (strncmp(m.u.getinfo.name, "sleeper", 8) == 0) {
        ipc_receive(sys_lookup("pong"), &m);
    }
    ipc_receive(ENDPOINT_ANY, &m);
    return 7; // exiter's status; the others never get here
}
