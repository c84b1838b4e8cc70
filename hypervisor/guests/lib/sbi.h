/* SBI calls from an S-mode payload (riscv-non-isa/riscv-sbi-doc). Works under any SBI
 * implementation: Matryoshka's firmware, its hypervisor, or OpenSBI. */
#ifndef GUEST_SBI_H
#define GUEST_SBI_H

#include <stdint.h>

#include "sbi/sbi_ids.h"

struct sbiret {
    long error;
    long value;
};

static inline struct sbiret sbi_ecall(unsigned long eid, unsigned long fid, unsigned long arg0,
                                      unsigned long arg1, unsigned long arg2)
{
    register unsigned long a0 __asm__("a0") = arg0;
    register unsigned long a1 __asm__("a1") = arg1;
    register unsigned long a2 __asm__("a2") = arg2;
    register unsigned long a6 __asm__("a6") = fid;
    register unsigned long a7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
    return (struct sbiret){(long)a0, (long)a1};
}

static inline long sbi_get_spec_version(void)
{
    return sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0).value;
}

static inline long sbi_get_impl_id(void)
{
    return sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0).value;
}

/* Nonzero if the extension is available. */
static inline long sbi_probe_extension(unsigned long eid)
{
    return sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, eid, 0, 0).value;
}

/* Programs the next supervisor timer interrupt (absolute time; UINT64_MAX = none) and clears
 * a pending one. */
static inline long sbi_set_timer(uint64_t when)
{
    return sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, when, 0, 0).error;
}

/* Writes len bytes at physical address buf; returns the count written or an SBI error. */
static inline struct sbiret sbi_dbcn_write(const void *buf, unsigned long len)
{
    return sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, len, (unsigned long)buf, 0);
}

static inline long sbi_legacy_putchar(int c)
{
    return sbi_ecall(SBI_EXT_LEGACY_CONSOLE_PUTCHAR, 0, (unsigned long)c, 0, 0).error;
}

static inline struct sbiret sbi_hart_get_status(unsigned long hartid)
{
    return sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0);
}

/* Returns only on failure. */
static inline long sbi_system_reset(unsigned long type, unsigned long reason)
{
    return sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, type, reason, 0).error;
}

#endif
