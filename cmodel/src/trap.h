/* Trap entry, delegation, return, and interrupt selection. */
#ifndef MK_TRAP_H
#define MK_TRAP_H

#include "hart.h"

/*
 * Takes a synchronous exception for the instruction at h->pc: picks the target mode through
 * medeleg, updates {m,s}epc/cause/tval and mstatus, moves to the handler, sets h->trapped,
 * clears the LR reservation, and counts it in the statistics.
 */
void mk_raise_exception(mk_hart_t *h, uint64_t cause, uint64_t tval);

/* Returns the highest-priority interrupt that is pending, enabled and not masked for the
 * current privilege (priority order of the privileged spec), or -1. */
int mk_trap_pending_interrupt(const mk_hart_t *h);

/* Takes interrupt irq (a value returned by mk_trap_pending_interrupt) at h->pc. */
void mk_take_interrupt(mk_hart_t *h, int irq);

/* The effective mip: software-written bits OR'd with the device lines. With Sstc enabled
 * (menvcfg.STCE), STIP is the stimecmp comparator's line only: the software bit is ignored. */
static inline uint64_t mk_mip(const mk_hart_t *h)
{
    uint64_t soft = h->csr.mip;
    if (h->csr.menvcfg & MK_MENVCFG_STCE)
        soft &= ~MK_MIP_STIP;
    return soft | h->irq_lines;
}

/* MRET and SRET state changes (the exec functions check privilege and TSR first). */
void mk_trap_mret(mk_hart_t *h);
void mk_trap_sret(mk_hart_t *h);

/* Changes privilege; every privilege change goes through here so caches stay consistent. */
void mk_set_priv(mk_hart_t *h, unsigned priv);

#endif
