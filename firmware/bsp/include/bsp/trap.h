/* M-mode trap handling: the frame saved by trap.S and the handler registry (trap.c). */
#ifndef BSP_TRAP_H
#define BSP_TRAP_H

#include <stdint.h>

/* Saved by bsp_trap_entry. x[0] is unused; x[2] is the sp at the time of the trap.
 * A handler may change any field: trap.S restores mepc, mstatus and x1..x31 from it. */
struct bsp_trap_frame {
    uint64_t x[32];
    uint64_t mepc;
    uint64_t mstatus;
    uint64_t mcause;
    uint64_t mtval;
};

typedef void (*bsp_trap_handler_t)(struct bsp_trap_frame *frame);

#define BSP_MAX_IRQ 16        /* interrupt causes 0..15 */
#define BSP_MAX_EXCEPTION 24  /* exception causes 0..23 */

/* Exit code of a program that takes a trap nobody handles. */
#define BSP_EXIT_UNHANDLED_TRAP 126

/* The trap vector (trap.S); crt0 installs it in mtvec (direct mode). */
void bsp_trap_entry(void);

/* Called by trap.S for every trap. The default (weak) dispatches to the registered handlers
 * and, for an unhandled trap, prints mcause/mepc/mtval and exits with BSP_EXIT_UNHANDLED_TRAP.
 * A program may define its own. */
void bsp_trap(struct bsp_trap_frame *frame);

/* Register a handler for an interrupt cause (IRQ_M_SOFT, IRQ_M_TIMER, IRQ_M_EXT, ...) or an
 * exception cause. Returns the previous handler (NULL if none); NULL unregisters. Registering
 * does not enable anything: see bsp_irq_enable and bsp_irq_global_enable. An exception handler
 * that wants to skip the instruction must advance frame->mepc itself. */
bsp_trap_handler_t bsp_set_irq_handler(unsigned cause, bsp_trap_handler_t fn);
bsp_trap_handler_t bsp_set_exception_handler(unsigned cause, bsp_trap_handler_t fn);

void bsp_irq_enable(unsigned cause);   /* sets the mie bit */
void bsp_irq_disable(unsigned cause);  /* clears the mie bit */
void bsp_irq_global_enable(void);      /* mstatus.MIE = 1 */
void bsp_irq_global_disable(void);     /* mstatus.MIE = 0 */

#endif
