/* Round-robin scheduling of the guests (one vCPU each). */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include "vm.h"

#define HV_SCHED_IDLE (-1)   /* nothing runnable now; wait until *wake_at */
#define HV_SCHED_DONE (-2)   /* every guest has stopped */
#define HV_SCHED_STUCK (-3)  /* only guests blocked forever remain */

/* The guest to run next, after `current` in round-robin order (current itself last; -1 when
 * none ran yet). Wakes blocked guests whose wake_at has come. With HV_SCHED_IDLE, *wake_at is
 * the earliest wake-up. */
int hv_sched_pick(struct hv_vm *vms, unsigned n, int current, uint64_t now, uint64_t *wake_at);

/* The guest executed wfi at `now`; `deadline` is its pending timer (UINT64_MAX = none).
 * A guest with a timer in the future blocks until it; one with no timer (or a passed one)
 * stays runnable, so wfi is then only a yield: wfi may always complete early. */
void hv_sched_wfi(struct hv_vm *vm, uint64_t now, uint64_t deadline);

/* Whether `current` has used up its slice and someone else is waiting. */
bool hv_sched_should_preempt(const struct hv_vm *vms, unsigned n, int current, uint64_t now,
                             uint64_t slice_end);

#endif
