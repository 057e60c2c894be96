// In-kernel boot self-tests, run when the kernel command line has "test=...":
//   test=boot   timer, trap save/restore, kernel map permissions
//   test=panic  a deliberate kernel fault (the runner expects the panic)
// Each test prints "PASS: boot/<name>" or "FAIL: boot/<name>: why"; the
// machine then halts with status 0 (all passed) or 1.
#pragma once

#include "memmap.h"

void boottest_run(const char *bootargs, const struct memmap *mm);
