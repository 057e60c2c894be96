// The kernel's side of a trap from a process, and the way back out:
// kernel_trap_user() handles the trap, kernel_resume() picks the next
// process (or idles) and enters it. Neither returns.
#pragma once

#include <stdnoreturn.h>

#include "arch.h"

noreturn void kernel_resume(void);
