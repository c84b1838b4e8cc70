/* Per-guest counters, printed at shutdown. */
#ifndef HV_STATS_H
#define HV_STATS_H

#include <stdint.h>

enum hv_exit_reason {
    HV_EXIT_SBI,          /* ecall from VS */
    HV_EXIT_TIMER,        /* the hypervisor's timer (preemption, timer injection) */
    HV_EXIT_MMIO,         /* guest-page fault on the virtual UART, emulated */
    HV_EXIT_WFI,          /* virtual instruction: wfi (yield) */
    HV_EXIT_VIRT_INSN,    /* any other virtual instruction: illegal instruction injected */
    HV_EXIT_ILLEGAL,      /* illegal instruction: injected */
    HV_EXIT_FAULT,        /* guest-page or access fault outside the guest: fault injected */
    HV_EXIT_OTHER,
    HV_EXIT_COUNT
};

struct hv_stats {
    uint64_t exits[HV_EXIT_COUNT];
    uint64_t sbi_calls;
    uint64_t cycles;           /* cycles spent in the guest (V = 1) */
    uint64_t world_switches;   /* times the guest was switched in */
    uint64_t hlvx_fallbacks;   /* instruction reads that HLVX could not do */
};

const char *hv_exit_name(enum hv_exit_reason r);
uint64_t hv_stats_exits(const struct hv_stats *s);
/* "sbi 3, timer 5, ..." for the nonzero reasons, "none" when there are none. */
void hv_stats_format_exits(const struct hv_stats *s, char *out, unsigned size);

#endif
