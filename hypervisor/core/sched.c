#include "sched.h"

static bool wakes(struct hv_vm *vm, uint64_t now)
{
    if (vm->state == HV_VM_BLOCKED && vm->wake_at <= now)
        vm->state = HV_VM_RUNNABLE;
    return vm->state == HV_VM_RUNNABLE;
}

int hv_sched_pick(struct hv_vm *vms, unsigned n, int current, uint64_t now, uint64_t *wake_at)
{
    unsigned start = current < 0 ? 0 : (unsigned)current + 1;
    for (unsigned i = 0; i < n; i++) {
        unsigned k = (start + i) % n;
        if (wakes(&vms[k], now))
            return (int)k;
    }
    uint64_t earliest = UINT64_MAX;
    bool alive = false;
    for (unsigned i = 0; i < n; i++) {
        if (vms[i].state == HV_VM_STOPPED)
            continue;
        alive = true;
        if (vms[i].wake_at < earliest)
            earliest = vms[i].wake_at;
    }
    *wake_at = earliest;
    if (!alive)
        return HV_SCHED_DONE;
    return earliest == UINT64_MAX ? HV_SCHED_STUCK : HV_SCHED_IDLE;
}

void hv_sched_wfi(struct hv_vm *vm, uint64_t now, uint64_t deadline)
{
    if (deadline != UINT64_MAX && deadline > now) {
        vm->state = HV_VM_BLOCKED;
        vm->wake_at = deadline;
    }
}

bool hv_sched_should_preempt(const struct hv_vm *vms, unsigned n, int current, uint64_t now,
                             uint64_t slice_end)
{
    if (now < slice_end)
        return false;
    for (unsigned i = 0; i < n; i++) {
        if ((int)i == current)
            continue;
        if (vms[i].state == HV_VM_RUNNABLE ||
            (vms[i].state == HV_VM_BLOCKED && vms[i].wake_at <= now))
            return true;
    }
    return false;
}
