/* Calls to the SBI below the hypervisor (our firmware or OpenSBI): standard SBI only. */
#ifndef HV_ARCH_SBI_CALL_H
#define HV_ARCH_SBI_CALL_H

#include <stdint.h>

#include "sbi/sbi_ids.h"

struct hv_sbiret {
    long error, value;
};

static inline struct hv_sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0,
                                        unsigned long a1)
{
    register unsigned long r0 __asm__("a0") = a0;
    register unsigned long r1 __asm__("a1") = a1;
    register unsigned long r6 __asm__("a6") = fid;
    register unsigned long r7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
    return (struct hv_sbiret){(long)r0, (long)r1};
}

#endif
