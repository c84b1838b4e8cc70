/* CLINT driver for hart 0: msip at +0, mtimecmp at +0x4000, mtime at +0xBFF8. */
#include "bsp/clint.h"
#include "bsp/platform.h"
#include "mmio.h"

#define CLINT_MSIP     (BSP_CLINT_BASE + 0x0000)
#define CLINT_MTIMECMP (BSP_CLINT_BASE + 0x4000)
#define CLINT_MTIME    (BSP_CLINT_BASE + 0xBFF8)

uint64_t bsp_clint_mtime(void)
{
    return mmio_read64(CLINT_MTIME);
}

void bsp_clint_set_mtimecmp(uint64_t when)
{
    mmio_write64(CLINT_MTIMECMP, when);
}

void bsp_clint_timer_after(uint64_t ticks)
{
    bsp_clint_set_mtimecmp(bsp_clint_mtime() + ticks);
}

void bsp_clint_timer_stop(void)
{
    bsp_clint_set_mtimecmp(UINT64_MAX);
}

void bsp_clint_set_msip(int pending)
{
    mmio_write32(CLINT_MSIP, pending ? 1 : 0);
}

void bsp_clint_delay_us(uint64_t us)
{
    uint64_t end = bsp_clint_mtime() + us * (BSP_TIMEBASE_HZ / 1000000);
    while (bsp_clint_mtime() < end)
        ;
}
