// Kernel-call wrappers and console output for system processes.
#include "syslib.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
kcall(uint32_t nr, struct message *m)
{
    m->type = nr;
    int r = ipc_sendrec(ENDPOINT_SYSTEM, m);
    return r != 0 ? r : m->u.reply.status;
}

endpoint_t
sys_self(void)
{
    struct message m = {0};
    m.u.getinfo.what = GETINFO_SELF;
    int r = kcall(KC_GETINFO, &m);
    return r != 0 ? r : m.u.getinfo.ep;
}

endpoint_t
sys_lookup(const char *name)
{
    struct message m = {0};
    m.u.getinfo.what = GETINFO_PROC;
    m.u.getinfo.ep = ENDPOINT_NONE;
    strncpy(m.u.getinfo.name, name, sizeof(m.u.getinfo.name) - 1);
    int r = kcall(KC_GETINFO, &m);
    return r != 0 ? r : m.u.getinfo.ep;
}

int
sys_proc_state(endpoint_t ep, uint32_t *state)
{
    struct message m = {0};
    m.u.getinfo.what = GETINFO_PROC;
    m.u.getinfo.ep = ep;
    int r = kcall(KC_GETINFO, &m);
    *state = m.u.getinfo.state;
    return r;
}

int
sys_exit(int code)
{
    struct message m = {0};
    m.u.exit.code = code;
    kcall(KC_EXIT, &m);
    for (;;) {
    }
}

int
sys_abort(int code)
{
    struct message m = {0};
    m.u.abort.code = code;
    kcall(KC_ABORT, &m);
    for (;;) {
    }
}

int
sys_setalarm(uint64_t ticks, uint64_t *remaining)
{
    struct message m = {0};
    m.u.setalarm.ticks = ticks;
    int r = kcall(KC_SETALARM, &m);
    if (remaining != NULL) {
        *remaining = m.u.setalarm.remaining;
    }
    return r;
}

int
sys_vircopy(endpoint_t src, uint64_t src_va, endpoint_t dst, uint64_t dst_va, uint64_t len)
{
    struct message m = {0};
    m.u.vircopy.src_ep = src;
    m.u.vircopy.src_va = src_va;
    m.u.vircopy.dst_ep = dst;
    m.u.vircopy.dst_va = dst_va;
    m.u.vircopy.len = len;
    return kcall(KC_VIRCOPY, &m);
}

int
sys_kill(endpoint_t target, int signal)
{
    struct message m = {0};
    m.u.kill.target = target;
    m.u.kill.signal = signal;
    return kcall(KC_KILL, &m);
}

int
sys_privctl(endpoint_t target, uint64_t kcall_mask)
{
    struct message m = {0};
    m.u.privctl.target = target;
    m.u.privctl.kcall_mask = kcall_mask;
    return kcall(KC_PRIVCTL, &m);
}

int
sys_write(const char *buf, size_t len)
{
    struct message m = {0};
    m.u.diagctl.va = (uint64_t)(uintptr_t)buf;
    m.u.diagctl.len = (uint32_t)len;
    return kcall(KC_DIAGCTL, &m);
}

int
sys_setgrant(const struct grant_entry *table, uint32_t entries)
{
    struct message m = {0};
    m.u.setgrant.table = (uint64_t)(uintptr_t)table;
    m.u.setgrant.entries = entries;
    return kcall(KC_SETGRANT, &m);
}

static int
safecopy(uint32_t op, endpoint_t granter, grant_id_t id, uint64_t offset, uint64_t addr,
         uint64_t size)
{
    struct message m = {0};
    m.u.safecopy.op = op;
    m.u.safecopy.granter = granter;
    m.u.safecopy.id = id;
    m.u.safecopy.offset = offset;
    m.u.safecopy.addr = addr;
    m.u.safecopy.size = size;
    return kcall(KC_SAFECOPY, &m);
}

int
sys_safecopyfrom(endpoint_t granter, grant_id_t id, uint64_t offset, void *addr, uint64_t size)
{
    return safecopy(SAFECOPY_FROM, granter, id, offset, (uint64_t)(uintptr_t)addr, size);
}

int
sys_safecopyto(endpoint_t granter, grant_id_t id, uint64_t offset, const void *addr,
               uint64_t size)
{
    return safecopy(SAFECOPY_TO, granter, id, offset, (uint64_t)(uintptr_t)addr, size);
}

int
sys_vsafecopy(const struct safecopy_elem *vec, uint32_t count, uint32_t *done)
{
    struct message m = {0};
    m.u.safecopy.op = SAFECOPY_VEC;
    m.u.safecopy.addr = (uint64_t)(uintptr_t)vec;
    m.u.safecopy.size = count;
    int r = kcall(KC_SAFECOPY, &m);
    if (done != NULL) {
        *done = m.u.safecopy.done;
    }
    return r;
}

int
uprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return n;
    }
    sys_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
    return n;
}

int
sys_getdevice(uint32_t index, struct kc_devinfo *out)
{
    struct message m = {0};
    m.u.devinfo.what = GETINFO_DEVICE;
    m.u.devinfo.index = index;
    int r = kcall(KC_GETINFO, &m);
    if (r == MX_OK) {
        *out = m.u.devinfo;
    }
    return r;
}

int
sys_irqctl(uint32_t op, uint32_t line, uint32_t hook)
{
    struct message m = {0};
    m.u.irqctl.op = op;
    m.u.irqctl.line = line;
    m.u.irqctl.hook = hook;
    return kcall(KC_IRQCTL, &m);
}

int
sys_devmap(uint64_t pa, uint64_t size, uint64_t va)
{
    struct message m = {0};
    m.u.devmap.pa = pa;
    m.u.devmap.size = size;
    m.u.devmap.va = va;
    return kcall(KC_DEVMAP, &m);
}
