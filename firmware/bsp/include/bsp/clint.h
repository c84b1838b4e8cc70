/* CLINT: machine timer and software interrupt of hart 0. */
#ifndef BSP_CLINT_H
#define BSP_CLINT_H

#include <stdint.h>

uint64_t bsp_clint_mtime(void);                 /* ticks at BSP_TIMEBASE_HZ */
void bsp_clint_set_mtimecmp(uint64_t when);     /* MTIP is pending while mtime >= mtimecmp */
void bsp_clint_timer_after(uint64_t ticks);     /* mtimecmp = mtime + ticks */
void bsp_clint_timer_stop(void);                /* mtimecmp = UINT64_MAX */
void bsp_clint_set_msip(int pending);           /* raise (1) or clear (0) MSIP */
void bsp_clint_delay_us(uint64_t us);           /* busy wait on mtime */

#endif
