/* Interrupt-driven UART transmit: the THR-empty interrupt reaches the hart through PLIC
 * source 10 (context 0, M-mode); the handler claims it, feeds one byte, and completes. */
#include <string.h>

#include "bsp/bsp.h"
#include "check.h"

#define IIR_ID_MASK 0x0f
#define IIR_THR_EMPTY 0x02

static const char message[] = "uart: this line was sent by the THR-empty interrupt\n";
static volatile size_t sent;
static volatile int interrupts;
static volatile int foreign_claims;

static void on_external(struct bsp_trap_frame *f)
{
    (void)f;
    uint32_t source = bsp_plic_claim(BSP_PLIC_CTX_M);
    if (source == BSP_UART0_IRQ) {
        interrupts++;
        if ((bsp_uart_iir() & IIR_ID_MASK) == IIR_THR_EMPTY) {
            if (sent < strlen(message))
                bsp_uart_putc(message[sent++]);  /* THR is empty: does not wait */
            else
                bsp_uart_irq_disable(UART_IER_THR_EMPTY);
        }
    } else if (source != 0) {
        foreign_claims++;
    }
    if (source != 0)
        bsp_plic_complete(BSP_PLIC_CTX_M, source);
}

int main(void)
{
    bsp_plic_set_priority(BSP_UART0_IRQ, 1);
    bsp_plic_set_threshold(BSP_PLIC_CTX_M, 0);
    bsp_plic_enable(BSP_PLIC_CTX_M, BSP_UART0_IRQ);
    bsp_set_irq_handler(IRQ_M_EXT, on_external);
    bsp_irq_enable(IRQ_M_EXT);
    bsp_irq_global_enable();

    bsp_uart_irq_enable(UART_IER_THR_EMPTY);
    while (sent < strlen(message))
        __asm__ volatile("wfi");
    /* One more interrupt turns THR-empty off once the last byte has gone. */
    for (int spin = 0; spin < 1000000 && interrupts <= (int)strlen(message); spin++)
        ;
    bsp_irq_global_disable();
    bsp_uart_irq_disable(UART_IER_THR_EMPTY);
    bsp_plic_disable(BSP_PLIC_CTX_M, BSP_UART0_IRQ);

    CHECK(interrupts >= (int)strlen(message));
    CHECK(foreign_claims == 0);
    printf("uart: %u bytes sent by interrupts\n", (unsigned)sent);
    return 0;
}
