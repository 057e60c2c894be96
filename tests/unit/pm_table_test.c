// Unit tests for PM's process table (servers/pm/mproc.c): pids, waitpid
// matching, zombies, and orphans going to init.
#define UTEST_SUITE "pm_table"
#include "utest.h"

#include <mirv/endpoint.h>

#include "mproc.h"

static endpoint_t
ep(unsigned gen, unsigned slot)
{
    return endpoint_make(slot, gen);
}

static void
test_pids_are_fresh_and_found(void)
{
    mp_init();
    struct mproc *init = mp_add(ep(1, 5), 1, 0, false, "init");
    struct mproc *a = mp_add(ep(1, 6), 0, 1, false, "a");
    struct mproc *b = mp_add(ep(1, 7), 0, 1, false, "b");
    CHECK(init != NULL && a != NULL && b != NULL);
    CHECK_EQ(init->pid, 1);
    CHECK(a->pid > 1 && b->pid > 1 && a->pid != b->pid);
    CHECK(mp_by_pid(a->pid) == a);
    CHECK(mp_by_ep(ep(1, 6)) == a);
    CHECK(mp_by_ep(ep(2, 6)) == NULL); // stale generation
    CHECK(mp_by_pid(0) == NULL && mp_by_pid(-3) == NULL);
}

static void
test_wait_matching(void)
{
    mp_init();
    struct mproc *sh = mp_add(ep(1, 2), 0, 1, false, "sh");
    struct mproc *c1 = mp_add(ep(1, 3), 0, sh->pid, false, "c1");
    struct mproc *c2 = mp_add(ep(1, 4), 0, sh->pid, false, "c2");
    struct mproc *other = mp_add(ep(1, 5), 0, 1, false, "other");
    c2->pgid = 77;
    CHECK(mp_wait_matches(sh, -1, c1) && mp_wait_matches(sh, -1, c2));
    CHECK(mp_wait_matches(sh, c1->pid, c1) && !mp_wait_matches(sh, c1->pid, c2));
    CHECK(!mp_wait_matches(sh, -1, other));
    CHECK(mp_wait_matches(sh, -77, c2) && !mp_wait_matches(sh, -77, c1));
    CHECK(mp_has_child(sh, -1) && !mp_has_child(other, -1));
    CHECK(mp_zombie_child(sh, -1) == NULL);
    c1->state = MP_ZOMBIE;
    CHECK(mp_zombie_child(sh, -1) == c1);
    CHECK(mp_zombie_child(sh, c2->pid) == NULL);
    // a zombie's slot cannot be taken until it is reaped
    CHECK(mp_add(ep(2, 3), 0, 1, false, "x") == NULL);
    mp_free(c1);
    CHECK(mp_add(ep(2, 3), 0, 1, false, "x") != NULL);
}

static void
test_orphans_go_to_init(void)
{
    mp_init();
    struct mproc *p = mp_add(ep(1, 2), 0, 1, false, "p");
    struct mproc *c = mp_add(ep(1, 3), 0, p->pid, false, "c");
    struct mproc *sys = mp_add(ep(1, 4), 0, 0, true, "ds");
    mp_reparent_children(p);
    CHECK_EQ(c->ppid, 1);
    CHECK_EQ(sys->ppid, 0);
    CHECK(!mp_wait_matches(p, -1, c));
}

static void
test_system_processes_are_not_children(void)
{
    mp_init();
    struct mproc *init = mp_add(ep(1, 2), 1, 0, false, "init");
    struct mproc *sys = mp_add(ep(1, 3), 0, 1, true, "hello");
    CHECK(!mp_wait_matches(init, -1, sys));
}

static void
test_pid_not_reused_while_a_group_lives(void)
{
    mp_init();
    struct mproc *a = mp_add(ep(1, 2), 0, 1, false, "a");
    int pid = a->pid;
    struct mproc *b = mp_add(ep(1, 3), 0, 1, false, "b");
    b->pgid = pid + 1; // a group named after the next pid
    struct mproc *c = mp_add(ep(1, 4), 0, 1, false, "c");
    CHECK(c->pid != pid + 1 && c->pid != pid && c->pid != b->pid);
}

int
main(void)
{
    UTEST_RUN(test_pids_are_fresh_and_found);
    UTEST_RUN(test_wait_matching);
    UTEST_RUN(test_orphans_go_to_init);
    UTEST_RUN(test_system_processes_are_not_children);
    UTEST_RUN(test_pid_not_reused_while_a_group_lives);
    return utest_finish();
}
