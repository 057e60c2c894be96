// RS's restart policy (see policy.h).
#include "policy.h"

#include <string.h>

uint32_t
rs_backoff_next(uint32_t prev, bool restarted_before, uint64_t up_ticks)
{
    if (!restarted_before || up_ticks >= RS_STABLE_TICKS) {
        return 0;
    }
    if (prev == 0) {
        return RS_BACKOFF_FIRST_TICKS;
    }
    return prev >= RS_BACKOFF_MAX_TICKS / 2 ? RS_BACKOFF_MAX_TICKS : prev * 2;
}

bool
rs_loses_state(const char *label)
{
    return rs_is_core(label) && strcmp(label, "ds") != 0;
}

bool
rs_is_core(const char *label)
{
    static const char *const core[] = {"pm", "vm", "rs", "ds"};

    for (unsigned i = 0; i < sizeof(core) / sizeof(core[0]); i++) {
        if (strcmp(label, core[i]) == 0) {
            return true;
        }
    }
    return false;
}
