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

/* Everything a synchronous trap writes (H extension: tval2 and tinst go to htval/htinst or
 * mtval2/mtinst; gva says that tval holds a guest virtual address). */
typedef struct mk_trap_info {
    uint64_t cause;
    uint64_t tval;
    uint64_t tval2;     /* guest physical address >> 2 for guest-page faults, else 0 */
    uint64_t tinst;     /* transformed instruction or pseudo-instruction, or 0 */
    bool gva;
} mk_trap_info_t;

/* The general form of mk_raise_exception(): routes through medeleg and hedeleg (to M, HS or
 * VS), writes every trap CSR of the target level, sets h->trapped. */
void mk_raise_trap(mk_hart_t *h, const mk_trap_info_t *t);

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

/* After an exception: the cause and xtval that the trap wrote, read from the CSRs of the mode
 * it went to (mcause/mtval, scause/stval, or vscause/vstval with V = 1). For the step loop's
 * retirement record. */
void mk_trap_taken(const mk_hart_t *h, uint64_t *cause, uint64_t *tval);

/* The MK_MODE_* index (mk_model.h) of a privilege and V, for the statistics. */
unsigned mk_trap_mode_index(unsigned priv, bool v);

/* Changes privilege; every privilege change goes through here so caches stay consistent. */
void mk_set_priv(mk_hart_t *h, unsigned priv);
/* Changes privilege and virtualization mode together (H extension). */
void mk_set_mode(mk_hart_t *h, unsigned priv, bool v);

#endif
