/*
 * CLINT at 0x2000000 (SiFive layout, one hart): msip at +0x0, mtimecmp at +0x4000, mtime at
 * +0xBFF8. mtime is derived from the cycle count (MK_MTIME_DIVIDER cycles per tick), so it
 * costs nothing to keep up to date; a write to mtime just moves the offset.
 * Accesses: msip 32-bit; mtimecmp and mtime 64-bit or either 32-bit half. Other offsets in
 * the region read as zero and ignore writes; other sizes fault.
 */
#include "soc.h"

#define CLINT_MSIP 0x0u
#define CLINT_MTIMECMP 0x4000u
#define CLINT_MTIME 0xBFF8u

void mk_clint_reset(mk_soc_t *soc)
{
    mk_clint_t *c = &soc->dev.clint;
    c->msip = 0;
    c->mtimecmp = UINT64_MAX;
    c->mtime_offset = 0;
}

uint64_t mk_soc_mtime(const mk_soc_t *soc)
{
    return soc->hart.cycle / MK_MTIME_DIVIDER + soc->dev.clint.mtime_offset;
}

static void set_mtime(mk_soc_t *soc, uint64_t value)
{
    soc->dev.clint.mtime_offset = value - soc->hart.cycle / MK_MTIME_DIVIDER;
}

/* Reads the 64-bit register at its 32-bit half `off & 4`, or whole. */
static uint64_t read_part(uint64_t reg, uint64_t off, unsigned size)
{
    if (size == 8)
        return reg;
    return (off & 4) ? reg >> 32 : (uint32_t)reg;
}

static uint64_t write_part(uint64_t reg, uint64_t off, unsigned size, uint64_t val)
{
    if (size == 8)
        return val;
    if (off & 4)
        return (reg & 0xFFFFFFFFull) | (val << 32);
    return (reg & ~0xFFFFFFFFull) | (uint32_t)val;
}

int mk_clint_load(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t *val)
{
    mk_clint_t *c = &soc->dev.clint;
    if (size != 4 && size != 8)
        return -1;
    if (off == CLINT_MSIP && size == 4)
        *val = c->msip;
    else if ((off & ~7ull) == CLINT_MTIMECMP)
        *val = read_part(c->mtimecmp, off, size);
    else if ((off & ~7ull) == CLINT_MTIME)
        *val = read_part(mk_soc_mtime(soc), off, size);
    else if (off == CLINT_MSIP)
        return -1;      /* 64-bit msip access */
    else
        *val = 0;
    return 0;
}

int mk_clint_store(mk_soc_t *soc, uint64_t off, unsigned size, uint64_t val)
{
    mk_clint_t *c = &soc->dev.clint;
    if (size != 4 && size != 8)
        return -1;
    if (off == CLINT_MSIP && size == 4)
        c->msip = (uint32_t)val & 1u;
    else if ((off & ~7ull) == CLINT_MTIMECMP)
        c->mtimecmp = write_part(c->mtimecmp, off, size, val);
    else if ((off & ~7ull) == CLINT_MTIME)
        set_mtime(soc, write_part(mk_soc_mtime(soc), off, size, val));
    else if (off == CLINT_MSIP)
        return -1;
    soc->hart.irq_recheck = true;
    return 0;
}

/* The cycle at which mtime + delta reaches cmp, or UINT64_MAX if it already has (the line is
 * high and stays high until software acts) or never will. */
static uint64_t cycle_when_time_reaches(const mk_soc_t *soc, uint64_t cmp, uint64_t delta)
{
    uint64_t now = mk_soc_mtime(soc) + delta;
    if (now >= cmp)
        return UINT64_MAX;
    uint64_t ticks = cmp - now;
    uint64_t tick_now = soc->hart.cycle / MK_MTIME_DIVIDER;
    if (ticks > UINT64_MAX / MK_MTIME_DIVIDER - tick_now)
        return UINT64_MAX;
    return (tick_now + ticks) * MK_MTIME_DIVIDER;
}

/* The next timer deadline: mtimecmp, and with Sstc enabled the hart's stimecmp, which
 * compares against the same time base, and vstimecmp, which compares against the guest's
 * time (time + htimedelta). */
uint64_t mk_clint_next_event(const mk_soc_t *soc)
{
    const mk_csrs_t *c = &soc->hart.csr;
    uint64_t t = cycle_when_time_reaches(soc, soc->dev.clint.mtimecmp, 0);
    if (c->menvcfg & MK_MENVCFG_STCE) {
        uint64_t s = cycle_when_time_reaches(soc, c->stimecmp, 0);
        if (s < t)
            t = s;
    }
    if (c->henvcfg & MK_MENVCFG_STCE) {
        uint64_t vs = cycle_when_time_reaches(soc, c->vstimecmp, c->htimedelta);
        if (vs < t)
            t = vs;
    }
    return t;
}
