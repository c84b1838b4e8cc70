/* CLINT timer interrupts through the BSP handler API: five periodic ticks, each re-arming
 * mtimecmp, with the hart sleeping in wfi between them. */
#include <stdint.h>

#include "bsp/bsp.h"
#include "check.h"

#define TICKS 5
#define PERIOD 1000   /* mtime ticks: 100 us at 10 MHz */

static volatile int ticks;
static volatile uint64_t last_mcause;

static void on_timer(struct bsp_trap_frame *f)
{
    last_mcause = f->mcause;
    if (++ticks < TICKS)
        bsp_clint_timer_after(PERIOD);
    else
        bsp_clint_timer_stop();  /* clears MTIP */
}

int main(void)
{
    CHECK(bsp_set_irq_handler(IRQ_M_TIMER, on_timer) == NULL);
    uint64_t start = bsp_clint_mtime();
    bsp_clint_timer_after(PERIOD);
    bsp_irq_enable(IRQ_M_TIMER);
    bsp_irq_global_enable();
    while (ticks < TICKS)
        __asm__ volatile("wfi");
    bsp_irq_global_disable();
    uint64_t elapsed = bsp_clint_mtime() - start;

    CHECK(last_mcause == (MCAUSE_INTERRUPT | IRQ_M_TIMER));
    CHECK(elapsed >= (uint64_t)TICKS * PERIOD);
    CHECK((csr_read(mip) & (1UL << IRQ_M_TIMER)) == 0);
    printf("timer: %d interrupts, at least %d ticks apart\n", ticks, PERIOD);
    return 0;
}
