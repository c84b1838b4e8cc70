/* S-mode trap dispatch to registered handlers (guest.h). */
#include <stdbool.h>

#include "guest.h"

static guest_trap_handler_t irq_handlers[GUEST_NUM_IRQS];
static guest_trap_handler_t exception_handlers[GUEST_NUM_EXCEPTIONS];

guest_trap_handler_t guest_set_irq_handler(unsigned irq, guest_trap_handler_t fn)
{
    if (irq >= GUEST_NUM_IRQS)
        return NULL;
    guest_trap_handler_t old = irq_handlers[irq];
    irq_handlers[irq] = fn;
    return old;
}

guest_trap_handler_t guest_set_exception_handler(unsigned cause, guest_trap_handler_t fn)
{
    if (cause >= GUEST_NUM_EXCEPTIONS)
        return NULL;
    guest_trap_handler_t old = exception_handlers[cause];
    exception_handlers[cause] = fn;
    return old;
}

void guest_trap_dispatch(struct guest_trap_frame *f);

void guest_trap_dispatch(struct guest_trap_frame *f)
{
    uint64_t code = f->scause & ~SCAUSE_INTERRUPT;
    bool is_irq = (f->scause & SCAUSE_INTERRUPT) != 0;
    guest_trap_handler_t fn = NULL;
    if (is_irq && code < GUEST_NUM_IRQS)
        fn = irq_handlers[code];
    else if (!is_irq && code < GUEST_NUM_EXCEPTIONS)
        fn = exception_handlers[code];
    if (fn) {
        fn(f);
        return;
    }
    printf("guest: unhandled %s: scause=0x%016lx sepc=0x%016lx stval=0x%016lx\n",
           is_irq ? "interrupt" : "exception", f->scause, f->sepc, f->stval);
    guest_exit(GUEST_EXIT_UNHANDLED_TRAP);
}
