// Periodic clock tick. Each timer interrupt re-arms the timer one period
// after the previous deadline (not after "now"), so ticks do not drift.
#include "clock.h"

#include "arch.h"
#include "ipc.h"
#include "proc.h"
#include "sched.h"

static struct {
    volatile uint64_t ticks; // ticks since clock_init
    uint64_t period;    // timebase ticks per tick
    uint64_t deadline;  // absolute time of the next tick
    unsigned hz;
    uint64_t next_alarm; // earliest pending alarm tick, 0 = none
} clock;

void
clock_init(uint64_t timebase_hz, unsigned hz)
{
    clock.hz = hz ? hz : CLOCK_DEFAULT_HZ;
    clock.period = timebase_hz / clock.hz;
    if (clock.period == 0) {
        clock.period = 1;
    }
    clock.deadline = arch_time_now() + clock.period;
    arch_timer_arm(clock.deadline);
}

// Notifies every process whose alarm is due and finds the next one.
static void
fire_alarms(void)
{
    uint64_t next = 0;

    for (unsigned i = 0; i < NR_PROCS; i++) {
        struct proc *p = proc_at(i);
        if ((p->rts & RTS_SLOT_FREE) || p->alarm_tick == 0) {
            continue;
        }
        if (p->alarm_tick <= clock.ticks) {
            p->alarm_tick = 0;
            ipc_notify_kernel(p, KSRC_CLOCK);
        } else if (next == 0 || p->alarm_tick < next) {
            next = p->alarm_tick;
        }
    }
    clock.next_alarm = next;
}

void
clock_alarm_changed(uint64_t at)
{
    if (at != 0 && (clock.next_alarm == 0 || at < clock.next_alarm)) {
        clock.next_alarm = at;
    }
}

unsigned
clock_hz(void)
{
    return clock.hz;
}

void
clock_tick(void)
{
    uint64_t now = arch_time_now();

    clock.ticks++;
    clock.deadline += clock.period;
    if (clock.deadline <= now) {
        clock.deadline = now + clock.period; // we fell behind: skip, don't storm
    }
    arch_timer_arm(clock.deadline);
    if (clock.next_alarm != 0 && clock.ticks >= clock.next_alarm) {
        fire_alarms();
    }
    sched_tick();
}

uint64_t
clock_ticks(void)
{
    return clock.ticks;
}

uint64_t
clock_period(void)
{
    return clock.period;
}

volatile const uint64_t *
clock_ticks_addr(void)
{
    return &clock.ticks;
}
