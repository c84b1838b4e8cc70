/* The hypervisor's timer: stimecmp when Sstc is usable from HS, else SBI TIME (which clears
 * a pending STIP). The last value is cached: the SBI path costs a trip to M-mode. */
#include "arch.h"
#include "csr.h"
#include "sbi_call.h"

static bool use_stimecmp;
static uint64_t programmed;

void hv_timer_init(bool sstc)
{
    use_stimecmp = sstc;
    programmed = 0;
    hv_timer_set(UINT64_MAX);
}

void hv_timer_set(uint64_t when)
{
    if (when == programmed)
        return;
    programmed = when;
    if (use_stimecmp)
        csr_write(stimecmp, when);
    else
        sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, when, 0);
}
