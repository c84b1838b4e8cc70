#include "stats.h"

#include "print.h"

static const char *const names[HV_EXIT_COUNT] = {
    [HV_EXIT_SBI] = "sbi",           [HV_EXIT_TIMER] = "timer",
    [HV_EXIT_MMIO] = "mmio",         [HV_EXIT_WFI] = "wfi",
    [HV_EXIT_VIRT_INSN] = "virtual-insn", [HV_EXIT_ILLEGAL] = "illegal",
    [HV_EXIT_FAULT] = "fault",       [HV_EXIT_OTHER] = "other",
};

const char *hv_exit_name(enum hv_exit_reason r)
{
    return r < HV_EXIT_COUNT ? names[r] : "?";
}

uint64_t hv_stats_exits(const struct hv_stats *s)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < HV_EXIT_COUNT; i++)
        n += s->exits[i];
    return n;
}

void hv_stats_format_exits(const struct hv_stats *s, char *out, unsigned size)
{
    unsigned pos = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < HV_EXIT_COUNT && pos < size; i++) {
        if (!s->exits[i])
            continue;
        int n = hv_snprintf(out + pos, size - pos, "%s%s %lu", pos ? ", " : "", names[i],
                            (unsigned long)s->exits[i]);
        pos += (unsigned)n;
    }
    if (pos == 0)
        hv_snprintf(out, size, "none");
}
