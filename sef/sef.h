// System Event Framework: the library every system process is built on.
//
//   sef_setcb_*()   register callbacks (each has a default)
//   sef_startup()   initialize: with RS, run its init protocol (fresh,
//                   restart or live update); without RS, a fresh init
//   sef_receive()   receive the next message for the process itself; SEF
//                   handles its own traffic on the way (RS pings, kernel
//                   signals, the signal-manager protocol)
//
// Signals: kernel signals for the process itself (and non-lethal signals
// its manager forwards) reach the signal handler; a manager's callback sees
// each (process, signal) of the processes it manages. Defaults: SIGTERM
// ends the process in order; a manager leaves lethal signals stopped (RS
// restarts the service) and forwards the others to the target's handler.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <mirv/endpoint.h>
#include <mirv/msg.h>
#include <mirv/sef.h>

struct sef_init_info {
    enum sef_init_type type;
    uint32_t restarts;
    endpoint_t old_ep;
    uint32_t lu_state;   // live update: the state the old version reached
    endpoint_t state_ep; // live update: the old image (blocked) ...
    uint64_t state_va;   // ... and its state block (sef_lu_state_block), 0: none
    uint32_t state_len;
};

// What a signal-manager callback decided about one signal.
enum sef_sig_decision {
    SEF_SIG_DONE = 0,      // handled: nothing more to do
    SEF_SIG_FORWARD = 1,   // hand it to the target's own signal handler
    SEF_SIG_KEEP_STOPPED = 2, // leave it stopped (it is killed or restarted); later
                              // signals of the same batch are not offered
};

typedef int (*sef_cb_init_t)(const struct sef_init_info *info);
// Live update: is `state` (1 request free, 2 protocol free, 3 work free)
// reached? 0: ready (SEF tells RS and waits for the swap); -MX_ENOTREADY:
// not yet (SEF keeps serving and asks again before each receive, until RS
// gives up after maxtime); another error: RS aborts the update with it.
// Default: ready for 1..3 (a SEF process between requests is request free).
typedef int (*sef_cb_lu_prepare_t)(int state);
typedef void (*sef_cb_signal_handler_t)(int sig);
typedef enum sef_sig_decision (*sef_cb_signal_manager_t)(endpoint_t target, int sig);

void sef_setcb_init_fresh(sef_cb_init_t cb);
void sef_setcb_init_restart(sef_cb_init_t cb);
void sef_setcb_init_lu(sef_cb_init_t cb);
void sef_setcb_signal_handler(sef_cb_signal_handler_t cb);
void sef_setcb_signal_manager(sef_cb_signal_manager_t cb);
void sef_setcb_lu_prepare(sef_cb_lu_prepare_t cb);

// Live-update state handover: the old version declares the block of memory
// that holds its state (any time before an update); when it is ready, SEF
// tells RS where the block is, and the new version's LU init copies it from
// the old image (blocked until the update is over) with sef_lu_copy_state,
// which needs the vircopy kernel call. MX_ESRCH: no block declared;
// MX_EINVAL: len differs from the old block (the layout changed).
void sef_lu_state_block(const void *base, size_t len);
int sef_lu_copy_state(const struct sef_init_info *info, void *dst, size_t len);

// The defaults, for callbacks that want to add to them.
void sef_default_signal_handler(int sig);
enum sef_sig_decision sef_default_signal_manager(endpoint_t target, int sig);

void sef_startup(void);
int sef_receive(endpoint_t src, struct message *m);

// While a signal handler runs for kernel signals: the SYSTEM notification
// that brought them (for SIGKPF it carries the oldest page fault). NULL
// otherwise.
const struct message *sef_signal_message(void);

// From a signal handler: run kernel call m (type set) together with the next
// receive of sef_receive, in one trap. A failure is reported on the console.
void sef_kcall_before_receive(const struct message *m);
// The same without a copy: from a handler of kernel signals, the buffer of
// the notification being handled (read what you need of it first), to be
// filled with the kernel call that runs with the next receive. NULL
// outside such a handler.
struct message *sef_kcall_in_place(void);

endpoint_t sef_self(void);
enum sef_init_type sef_init_type(void);
