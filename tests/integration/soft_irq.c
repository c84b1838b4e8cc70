/* Machine software interrupts: raising CLINT msip traps to the registered handler, which
 * clears it; with mie.MSIE off the interrupt stays pending in mip but is not taken. */
#include "bsp/bsp.h"
#include "check.h"

static volatile int taken;

static void on_soft(struct bsp_trap_frame *f)
{
    CHECK(f->mcause == (MCAUSE_INTERRUPT | IRQ_M_SOFT));
    bsp_clint_set_msip(0);
    taken++;
}

int main(void)
{
    bsp_set_irq_handler(IRQ_M_SOFT, on_soft);
    bsp_irq_global_enable();

    /* Masked: pending but not taken. */
    bsp_clint_set_msip(1);
    for (volatile int i = 0; i < 100; i++)
        ;
    CHECK(taken == 0);
    CHECK(csr_read(mip) & (1UL << IRQ_M_SOFT));
    bsp_clint_set_msip(0);
    CHECK((csr_read(mip) & (1UL << IRQ_M_SOFT)) == 0);

    bsp_irq_enable(IRQ_M_SOFT);
    for (int round = 1; round <= 3; round++) {
        bsp_clint_set_msip(1);
        while (taken < round)
            __asm__ volatile("wfi");
    }
    CHECK(taken == 3);
    CHECK((csr_read(mip) & (1UL << IRQ_M_SOFT)) == 0);
    printf("soft: %d software interrupts taken and cleared\n", taken);
    return 0;
}
