// service: talks to RS, with MINIX's syntax and exit codes (the exit status
// is RS's error code, 0 on success):
//   service up <binary> [-label L] [-period TICKS] [-policy restart|reset]
//   service down L | refresh L | fi L | query L
//   service update <binary>|self -label L [-state S] [-maxtime TICKS] [-x|-y|-z]
//   service list
// A binary names a boot-image module by its last path component
// (/bin/hello2 -> hello2): RS starts services from the boot image.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirv/errors.h>
#include <mirv/rs.h>
#include <mirv/sef.h>

#include "syslib.h"

enum { EXIT_USAGE = 1 };

static int
usage(void)
{
    fprintf(stderr,
            "usage: service up <binary> [-label L] [-period TICKS] [-policy restart|reset]\n"
            "       service down|refresh|fi|query LABEL\n"
            "       service update <binary>|self -label L [-state 1|2|3] [-maxtime TICKS]"
            " [-x|-y|-z]\n"
            "       service list\n");
    return EXIT_USAGE;
}

static endpoint_t
rs_endpoint(void)
{
    endpoint_t ep = sys_lookup("rs");
    if (ep < 0) {
        fprintf(stderr, "service: RS is not running\n");
        exit(MX_ESRCH);
    }
    return ep;
}

// Sends the request; returns RS's status as a positive error code (0 ok).
static int
rs_call(uint32_t type, struct message *m)
{
    m->type = type;
    int r = ipc_sendrec(rs_endpoint(), m);
    if (r != 0) {
        fprintf(stderr, "service: cannot reach RS (%d)\n", r);
        return -r;
    }
    return m->u.rs_rep.status < 0 ? -m->u.rs_rep.status : 0;
}

static int
copy_name(char *dst, const char *src, const char *what)
{
    const char *base = strrchr(src, '/');
    base = base != NULL ? base + 1 : src;
    if (strlen(base) == 0 || strlen(base) >= 16) {
        fprintf(stderr, "service: bad %s '%s' (1 to 15 characters)\n", what, base);
        return -1;
    }
    strcpy(dst, base);
    return 0;
}

static const char *
explain(int code)
{
    switch (code) {
    case 0: return "ok";
    case MX_ESRCH: return "no such service";
    case MX_EPERM: return "not allowed (a core service?)";
    case MX_EBUSY: return "busy (another update, or restarting)";
    case MX_EEXIST: return "label already in use";
    case MX_ENOENT: return "no such binary in the boot image";
    case MX_EINVAL: return "invalid argument";
    case MX_ERESTART: return "new version crashed in init: rolled back";
    case MX_ENOSYS: return "new version's init failed: rolled back";
    case MX_EINTR: return "timed out: rolled back";
    case MX_ENOSPC: return "RS's service table is full";
    default: return "failed";
    }
}

static int
finish(const char *what, const char *label, int code)
{
    if (code != 0) {
        fprintf(stderr, "service: %s %s: %s (%d)\n", what, label, explain(code), code);
    }
    return code;
}

static int
parse_uint(const char *s, uint32_t *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v > 1000000) {
        fprintf(stderr, "service: '%s' is not a number\n", s);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

// Options after the binary of up/update into q; -1 on a bad one.
static int
options(int argc, char **argv, struct rs_req *q, int update)
{
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (update && (!strcmp(o, "-x") || !strcmp(o, "-y") || !strcmp(o, "-z"))) {
            q->debug = o[1] == 'x'   ? SEF_DEBUG_INIT_CRASH
                       : o[1] == 'y' ? SEF_DEBUG_INIT_FAIL
                                     : SEF_DEBUG_INIT_HANG;
            continue;
        }
        if (v == NULL) {
            fprintf(stderr, "service: %s needs a value\n", o);
            return -1;
        }
        i++;
        if (!strcmp(o, "-label")) {
            bad = copy_name(q->label, v, "label");
        } else if (!strcmp(o, "-period") && !update) {
            bad = parse_uint(v, &q->period);
        } else if (!strcmp(o, "-policy") && !update) {
            q->policy = !strcmp(v, "reset") ? RS_POLICY_RESET : RS_POLICY_RESTART;
            bad = strcmp(v, "reset") && strcmp(v, "restart");
        } else if (!strcmp(o, "-state") && update) {
            bad = parse_uint(v, &q->lu_state);
        } else if (!strcmp(o, "-maxtime") && update) {
            bad = parse_uint(v, &q->maxtime);
        } else {
            fprintf(stderr, "service: unknown option %s\n", o);
            return -1;
        }
        if (bad) {
            return -1;
        }
    }
    return 0;
}

static int
do_up(int argc, char **argv)
{
    struct message m = {0};
    struct rs_req *q = &m.u.rs_req;
    if (argc < 1 || copy_name(q->module, argv[0], "binary") != 0 ||
        options(argc - 1, argv + 1, q, 0) != 0) {
        return usage();
    }
    if (q->label[0] == '\0') {
        strcpy(q->label, q->module);
    }
    char label[16];
    strcpy(label, q->label); // the reply overwrites the request
    int code = rs_call(RS_UP, &m);
    if (code == 0) {
        printf("%s: up, endpoint %d\n", label, m.u.rs_rep.ep);
    }
    return finish("up", label, code);
}

static int
do_update(int argc, char **argv)
{
    struct message m = {0};
    struct rs_req *q = &m.u.rs_req;
    if (argc < 1) {
        return usage();
    }
    int self = strcmp(argv[0], "self") == 0;
    if ((self ? (strcpy(q->module, RS_UPDATE_SELF), 0)
              : copy_name(q->module, argv[0], "binary")) != 0 ||
        options(argc - 1, argv + 1, q, 1) != 0 || q->label[0] == '\0') {
        return usage();
    }
    if (q->lu_state == 0) {
        q->lu_state = 1; // request free, MINIX's default
    }
    char label[16];
    strcpy(label, q->label); // the reply overwrites the request
    int code = rs_call(RS_UPDATE, &m);
    if (code == 0) {
        printf("%s: updated, endpoint %d\n", label, m.u.rs_rep.ep);
    }
    return finish("update", label, code);
}

static int
do_simple(uint32_t type, const char *what, const char *label)
{
    struct message m = {0};
    if (copy_name(m.u.rs_req.label, label, "label") != 0) {
        return usage();
    }
    int code = rs_call(type, &m);
    if (code == 0 && type == RS_QUERY) {
        printf("%s: endpoint %d, restarts %u, %s\n", label, m.u.rs_rep.ep, m.u.rs_rep.restarts,
               m.u.rs_rep.restarting ? "restarting" : "running");
    }
    return finish(what, label, code);
}

static int
do_list(void)
{
    printf("%-15s %6s %8s %-7s %6s %s\n", "LABEL", "EP", "RESTARTS", "POLICY", "PERIOD",
           "STATE");
    for (uint32_t i = 0;; i++) {
        struct message m = {0};
        m.u.rs_req.index = i;
        int code = rs_call(RS_LIST, &m);
        if (code == MX_ESRCH) {
            return 0;
        }
        if (code != 0) {
            return finish("list", "", code);
        }
        const struct rs_rep *r = &m.u.rs_rep;
        char label[17];
        memcpy(label, r->label, 16);
        label[16] = '\0';
        printf("%-15s %6d %8u %-7s %6u %s\n", label, r->ep, r->restarts,
               r->policy == RS_POLICY_RESET ? "reset" : "restart", r->period,
               r->restarting ? "restarting" : "running");
    }
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        return usage();
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "up")) {
        return do_up(argc - 2, argv + 2);
    }
    if (!strcmp(cmd, "update")) {
        return do_update(argc - 2, argv + 2);
    }
    if (!strcmp(cmd, "list") && argc == 2) {
        return do_list();
    }
    static const struct {
        const char *name;
        uint32_t type;
    } simple[] = {{"down", RS_DOWN}, {"refresh", RS_REFRESH}, {"fi", RS_FI}, {"query", RS_QUERY}};
    for (unsigned i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
        if (!strcmp(cmd, simple[i].name) && argc == 3) {
            return do_simple(simple[i].type, simple[i].name, argv[2]);
        }
    }
    return usage();
}
