/* The round-robin scheduler: order, wfi blocking and waking, idling, completion, and when a
 * slice's end preempts. */
#include "hv_test.h"

#include "sched.h"

static struct hv_vm vms[4];

static int setup(void **state)
{
    (void)state;
    memset(vms, 0, sizeof vms);
    for (unsigned i = 0; i < 4; i++)
        vms[i].state = HV_VM_RUNNABLE;
    return 0;
}

static void round_robin(void **state)
{
    (void)state;
    uint64_t wake;
    int cur = -1;
    const int want[] = {0, 1, 2, 3, 0, 1};
    for (unsigned i = 0; i < 6; i++) {
        cur = hv_sched_pick(vms, 4, cur, 0, &wake);
        assert_int_equal(cur, want[i]);
    }
}

static void skips_stopped_and_blocked(void **state)
{
    (void)state;
    uint64_t wake;
    vms[1].state = HV_VM_STOPPED;
    vms[2].state = HV_VM_BLOCKED;
    vms[2].wake_at = 1000;
    assert_int_equal(hv_sched_pick(vms, 4, 0, 10, &wake), 3);
    assert_int_equal(hv_sched_pick(vms, 4, 3, 10, &wake), 0);
    /* At its wake-up time the blocked one runs again, in its turn. */
    assert_int_equal(hv_sched_pick(vms, 4, 0, 1000, &wake), 2);
    assert_int_equal(vms[2].state, HV_VM_RUNNABLE);
}

static void current_runs_again_when_alone(void **state)
{
    (void)state;
    uint64_t wake;
    vms[0].state = vms[2].state = vms[3].state = HV_VM_STOPPED;
    assert_int_equal(hv_sched_pick(vms, 4, 1, 0, &wake), 1);
}

static void idle_until_earliest_wakeup(void **state)
{
    (void)state;
    uint64_t wake = 0;
    vms[0].state = HV_VM_STOPPED;
    vms[1].state = HV_VM_BLOCKED;
    vms[1].wake_at = 5000;
    vms[2].state = HV_VM_BLOCKED;
    vms[2].wake_at = 3000;
    vms[3].state = HV_VM_STOPPED;
    assert_int_equal(hv_sched_pick(vms, 4, 2, 100, &wake), HV_SCHED_IDLE);
    assert_int_equal(wake, 3000);
}

static void done_when_all_stopped(void **state)
{
    (void)state;
    uint64_t wake;
    for (unsigned i = 0; i < 4; i++)
        vms[i].state = HV_VM_STOPPED;
    assert_int_equal(hv_sched_pick(vms, 4, 0, 0, &wake), HV_SCHED_DONE);
}

static void stuck_when_blocked_forever(void **state)
{
    (void)state;
    uint64_t wake;
    for (unsigned i = 0; i < 4; i++) {
        vms[i].state = HV_VM_BLOCKED;
        vms[i].wake_at = UINT64_MAX;
    }
    assert_int_equal(hv_sched_pick(vms, 4, 0, 0, &wake), HV_SCHED_STUCK);
}

static void wfi_blocks_only_with_a_future_timer(void **state)
{
    (void)state;
    hv_sched_wfi(&vms[0], 100, UINT64_MAX);  /* no timer: wfi is a yield */
    assert_int_equal(vms[0].state, HV_VM_RUNNABLE);
    hv_sched_wfi(&vms[0], 100, 50);          /* already due: returns at once */
    assert_int_equal(vms[0].state, HV_VM_RUNNABLE);
    hv_sched_wfi(&vms[0], 100, 100);
    assert_int_equal(vms[0].state, HV_VM_RUNNABLE);
    hv_sched_wfi(&vms[0], 100, 700);
    assert_int_equal(vms[0].state, HV_VM_BLOCKED);
    assert_int_equal(vms[0].wake_at, 700);
}

static void preemption(void **state)
{
    (void)state;
    /* Before the slice ends: never. */
    assert_false(hv_sched_should_preempt(vms, 4, 0, 99, 100));
    /* After it, with others waiting: yes. */
    assert_true(hv_sched_should_preempt(vms, 4, 0, 100, 100));
    /* Nobody else runnable: the spinning guest keeps the CPU. */
    vms[1].state = vms[2].state = HV_VM_STOPPED;
    vms[3].state = HV_VM_BLOCKED;
    vms[3].wake_at = 500;
    assert_false(hv_sched_should_preempt(vms, 4, 0, 200, 100));
    /* ... until the blocked one's wake-up time. */
    assert_true(hv_sched_should_preempt(vms, 4, 0, 500, 100));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, setup)
    const struct CMUnitTest tests[] = {
        T(round_robin), T(skips_stopped_and_blocked), T(current_runs_again_when_alone),
        T(idle_until_earliest_wakeup), T(done_when_all_stopped), T(stuck_when_blocked_forever),
        T(wfi_blocks_only_with_a_future_timer), T(preemption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
