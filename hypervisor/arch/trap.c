/* Traps taken while the hypervisor itself runs (sscratch = 0). Only probes expect any: a
 * CSR that may not exist, HLVX on guest code. Anything else is a hypervisor bug. */
#include "arch.h"
#include "csr.h"
#include "print.h"
#include "sbi_call.h"

struct hs_frame {
    uint64_t x[32];
    uint64_t sepc;
    uint64_t pad[3];
};

/* The one piece of mutable state outside struct hv: a probe in progress. */
static volatile long probe_cause;
static volatile bool probe_armed;

void hv_hs_trap(struct hs_frame *f);

void hv_hs_trap(struct hs_frame *f)
{
    uint64_t cause = csr_read(scause);
    if (probe_armed && !(cause & CAUSE_INTERRUPT)) {
        probe_armed = false;
        probe_cause = (long)cause;
        uint16_t first = *(volatile uint16_t *)(uintptr_t)f->sepc;
        f->sepc += (first & 3) == 3 ? 4 : 2;
        return;
    }
    hv_printf("hv: unexpected trap in the hypervisor: scause 0x%lx sepc 0x%lx stval 0x%lx\n",
              (unsigned long)cause, (unsigned long)f->sepc, (unsigned long)csr_read(stval));
    hv_panic("internal error");
}

long hv_try(void (*fn)(void *), void *arg)
{
    probe_cause = -1;
    probe_armed = true;
    fn(arg);
    probe_armed = false;
    return probe_cause;
}

void hv_panic(const char *why)
{
    hv_printf("hv: panic: %s\n", why);
    sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
             SBI_SRST_REASON_SYSFAIL);
    for (;;)
        __asm__ volatile("wfi");
}
