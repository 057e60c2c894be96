// RS's live update (update.c): one update at a time, driven by RS's
// receive loop, so RS keeps serving (and keeps time) while the old version
// gets ready and the new one initializes.
#pragma once

#include <stdbool.h>

#include <mirv/msg.h>
#include <mirv/rs.h>

#include "service.h"

// Starts updating s as rq asks; client gets the answer when it is over.
// Returns RS_REPLY_LATER, or an error (answered at once).
int lu_start(struct service *s, const struct rs_req *rq, endpoint_t client);
// True while an update runs (for s; or for any service when s is NULL).
bool lu_busy(const struct service *s);
// A message from the service under update (READY, INIT_REPLY); true if
// it was one.
bool lu_message(const struct message *m);
// A lethal signal for target; true if the update took care of it.
bool lu_signal(endpoint_t target, int sig);
// RS's clock: give up on a phase that overran its maxtime.
void lu_tick(void);
