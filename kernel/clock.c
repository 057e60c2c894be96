// Periodic clock tick. Each timer interrupt re-arms the timer one period
// after the previous deadline (not after "now"), so ticks do not drift.
#include "clock.h"

#include "arch.h"

static struct {
    volatile uint64_t ticks; // ticks since clock_init
    uint64_t period;    // timebase ticks per tick
    uint64_t deadline;  // absolute time of the next tick
} clock;

void
clock_init(uint64_t timebase_hz, unsigned hz)
{
    clock.period = timebase_hz / (hz ? hz : CLOCK_DEFAULT_HZ);
    if (clock.period == 0) {
        clock.period = 1;
    }
    clock.deadline = arch_time_now() + clock.period;
    arch_timer_arm(clock.deadline);
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
