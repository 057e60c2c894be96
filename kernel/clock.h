// The kernel clock: a periodic tick from the timer, counted in ticks.
#pragma once

#include <stdint.h>

enum { CLOCK_DEFAULT_HZ = 100 };

// Starts the periodic tick at hz ticks per second of a timebase_hz timer.
void clock_init(uint64_t timebase_hz, unsigned hz);
uint64_t clock_ticks(void);
volatile const uint64_t *clock_ticks_addr(void); // for the trap self-test
uint64_t clock_period(void);  // timebase ticks per clock tick
unsigned clock_hz(void);       // ticks per second
// A process's alarm moved to absolute tick `at` (0 = cancelled).
void clock_alarm_changed(uint64_t at);
