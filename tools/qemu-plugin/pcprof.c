// QEMU TCG plugin (API v1, for Debian's QEMU 7.2, which ships no plugin
// header): counts executed guest instructions per virtual address, exactly
// (an inline add per instruction), and at exit writes "vaddr count" lines
// for every executed address to the file given as out=PATH (default
// pcprof.out). tools/pcprof.py folds them into functions with the ELF's
// symbols. Build: gcc -O2 -shared -fPIC -o libpcprof.so pcprof.c
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
typedef uint64_t qemu_plugin_id_t;
typedef struct {
    const char *target_name;
    struct {
        int min;
        int cur;
    } version;
    bool system_emulation;
    union {
        struct {
            int smp_vcpus;
            int max_vcpus;
        } system;
    };
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                    void *userdata);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

// One counter per distinct vaddr (open addressing; a TB translated twice
// shares the counter).
enum { TABLE_BITS = 20, TABLE_SIZE = 1 << TABLE_BITS };
struct slot {
    uint64_t vaddr;
    uint64_t count;
    bool used;
};
static struct slot *table;
static char out_path[512] = "pcprof.out";

static uint64_t *
counter_for(uint64_t va)
{
    uint64_t h = (va * 0x9e3779b97f4a7c15ull) >> (64 - TABLE_BITS);
    for (uint64_t i = 0; i < TABLE_SIZE; i++) {
        struct slot *s = &table[(h + i) & (TABLE_SIZE - 1)];
        if (!s->used) {
            s->used = true;
            s->vaddr = va;
            return &s->count;
        }
        if (s->vaddr == va) {
            return &s->count;
        }
    }
    return NULL; // table full: not counted
}

static void
tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t *c = counter_for(qemu_plugin_insn_vaddr(insn));
        if (c != NULL) {
            qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, c, 1);
        }
    }
}

static void
at_exit(qemu_plugin_id_t id, void *p)
{
    (void)id;
    (void)p;
    FILE *f = fopen(out_path, "w");
    if (f == NULL) {
        return;
    }
    for (uint64_t i = 0; i < TABLE_SIZE; i++) {
        if (table[i].used && table[i].count != 0) {
            fprintf(f, "%llx %llu\n", (unsigned long long)table[i].vaddr,
                    (unsigned long long)table[i].count);
        }
    }
    fclose(f);
}

QEMU_PLUGIN_EXPORT int
qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0) {
            snprintf(out_path, sizeof(out_path), "%s", argv[i] + 4);
        }
    }
    table = calloc(TABLE_SIZE, sizeof(*table));
    if (table == NULL) {
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
