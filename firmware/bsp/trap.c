/* Trap dispatch: handler tables for interrupts and exceptions, and the default report for
 * traps nobody handles. */
#include <stddef.h>

#include "bsp/bsp.h"

static bsp_trap_handler_t irq_handlers[BSP_MAX_IRQ];
static bsp_trap_handler_t exception_handlers[BSP_MAX_EXCEPTION];

bsp_trap_handler_t bsp_set_irq_handler(unsigned cause, bsp_trap_handler_t fn)
{
    if (cause >= BSP_MAX_IRQ)
        return NULL;
    bsp_trap_handler_t old = irq_handlers[cause];
    irq_handlers[cause] = fn;
    return old;
}

bsp_trap_handler_t bsp_set_exception_handler(unsigned cause, bsp_trap_handler_t fn)
{
    if (cause >= BSP_MAX_EXCEPTION)
        return NULL;
    bsp_trap_handler_t old = exception_handlers[cause];
    exception_handlers[cause] = fn;
    return old;
}

void bsp_irq_enable(unsigned cause) { csr_set(mie, 1UL << cause); }
void bsp_irq_disable(unsigned cause) { csr_clear(mie, 1UL << cause); }
void bsp_irq_global_enable(void) { csr_set(mstatus, MSTATUS_MIE); }
void bsp_irq_global_disable(void) { csr_clear(mstatus, MSTATUS_MIE); }

/* Printing without stdio: the trap may have interrupted printf itself. */
static void put_hex(const char *label, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    bsp_uart_puts(label);
    bsp_uart_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        bsp_uart_putc(digits[(v >> shift) & 0xf]);
}

static void report_unhandled(const struct bsp_trap_frame *f)
{
    bsp_uart_puts("\nbsp: unhandled ");
    bsp_uart_puts((f->mcause & MCAUSE_INTERRUPT) ? "interrupt" : "exception");
    put_hex(": mcause=", f->mcause);
    put_hex(" mepc=", f->mepc);
    put_hex(" mtval=", f->mtval);
    bsp_uart_putc('\n');
}

__attribute__((weak)) void bsp_trap(struct bsp_trap_frame *f)
{
    uint64_t code = f->mcause & ~MCAUSE_INTERRUPT;
    bsp_trap_handler_t fn = NULL;
    if (f->mcause & MCAUSE_INTERRUPT) {
        if (code < BSP_MAX_IRQ)
            fn = irq_handlers[code];
    } else if (code < BSP_MAX_EXCEPTION) {
        fn = exception_handlers[code];
    }
    if (fn) {
        fn(f);
        return;
    }
    report_unhandled(f);
    bsp_finish(BSP_EXIT_UNHANDLED_TRAP);
}
