// KC_SETALARM: a CLOCK notification to the caller after `ticks` ticks
// (0 cancels). Replies with the ticks that were left on the previous alarm.
#include "../kcall.h"

#include <mirv/errors.h>

#include "../clock.h"
#include "../proc.h"

int
kc_setalarm(struct proc *caller, struct message *m)
{
    struct kc_setalarm *a = &m->u.setalarm;
    uint64_t now = clock_ticks();

    a->remaining = caller->alarm_tick > now ? caller->alarm_tick - now : 0;
    caller->alarm_tick = a->ticks == 0 ? 0 : now + a->ticks;
    clock_alarm_changed(caller->alarm_tick);
    return MX_OK;
}
