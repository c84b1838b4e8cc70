/* Trap entry (exceptions and interrupts), delegation, xRET, and interrupt selection. */
#include "trap.h"

#include "csr.h"
#include "mem.h"

/* The xcause register keeps only the interrupt bit and a 5-bit code (docs/isa.md). */
#define CAUSE_CODE_MASK 0x1FULL

void mk_set_priv(mk_hart_t *h, unsigned priv)
{
    if (h->priv == priv)
        return;
    h->priv = (uint8_t)priv;
    /* The fast path caches per privilege, and which interrupts are enabled depends on it. */
    mk_mem_fast_flush(h);
    h->irq_recheck = true;
}

static uint64_t tvec_target(uint64_t tvec, uint64_t cause, bool interrupt)
{
    uint64_t base = tvec & ~3ULL;
    if (interrupt && (tvec & 3) == 1)
        return base + 4 * cause;
    return base;
}

/* Common trap entry. Delegation goes to S only for traps taken in S or U. */
static void take_trap(mk_hart_t *h, uint64_t cause, uint64_t tval, bool interrupt)
{
    uint64_t deleg = interrupt ? h->csr.mideleg : h->csr.medeleg;
    uint64_t xcause = (interrupt ? MK_CAUSE_INTERRUPT : 0) | (cause & CAUSE_CODE_MASK);
    uint64_t st = h->csr.mstatus;
    unsigned from = h->priv;

    if (from <= MK_PRIV_S && ((deleg >> cause) & 1)) {
        h->csr.sepc = h->pc & ~1ULL;
        h->csr.scause = xcause;
        h->csr.stval = tval;
        st &= ~(MK_MSTATUS_SPP | MK_MSTATUS_SPIE | MK_MSTATUS_SIE);
        if (from == MK_PRIV_S)
            st |= MK_MSTATUS_SPP;
        if (h->csr.mstatus & MK_MSTATUS_SIE)
            st |= MK_MSTATUS_SPIE;
        mk_csr_set_mstatus(h, st);
        h->pc = tvec_target(h->csr.stvec, cause, interrupt);
        mk_set_priv(h, MK_PRIV_S);
    } else {
        h->csr.mepc = h->pc & ~1ULL;
        h->csr.mcause = xcause;
        h->csr.mtval = tval;
        st &= ~(MK_MSTATUS_MPP | MK_MSTATUS_MPIE | MK_MSTATUS_MIE);
        st |= (uint64_t)from << MK_MSTATUS_MPP_SHIFT;
        if (h->csr.mstatus & MK_MSTATUS_MIE)
            st |= MK_MSTATUS_MPIE;
        mk_csr_set_mstatus(h, st);
        h->pc = tvec_target(h->csr.mtvec, cause, interrupt);
        mk_set_priv(h, MK_PRIV_M);
    }
    h->reservation_valid = false;
    h->wfi = false;
    h->irq_recheck = true;
}

void mk_raise_exception(mk_hart_t *h, uint64_t cause, uint64_t tval)
{
    take_trap(h, cause, tval, false);
    h->trapped = true;
    h->stats.exceptions[cause & 63]++;
}

void mk_take_interrupt(mk_hart_t *h, int irq)
{
    take_trap(h, (uint64_t)irq, 0, true);
    h->stats.interrupts[irq & 63]++;
}

/* Priority among interrupts for the same privilege level (privileged spec, mip/mie). */
static const int irq_priority[] = {
    MK_IRQ_MEI, MK_IRQ_MSI, MK_IRQ_MTI, MK_IRQ_SEI, MK_IRQ_SSI, MK_IRQ_STI,
};

static int highest(uint64_t set)
{
    for (unsigned i = 0; i < sizeof irq_priority / sizeof irq_priority[0]; i++)
        if (set & (1ULL << irq_priority[i]))
            return irq_priority[i];
    return -1;
}

int mk_trap_pending_interrupt(const mk_hart_t *h)
{
    uint64_t pending = mk_mip(h) & h->csr.mie;
    if (!pending)
        return -1;
    uint64_t st = h->csr.mstatus;
    uint64_t m_level = pending & ~h->csr.mideleg;
    uint64_t s_level = pending & h->csr.mideleg;

    bool m_enabled = h->priv < MK_PRIV_M || (st & MK_MSTATUS_MIE);
    bool s_enabled = h->priv < MK_PRIV_S || (h->priv == MK_PRIV_S && (st & MK_MSTATUS_SIE));
    /* Interrupts for a higher privilege level are taken first. */
    if (m_enabled && m_level)
        return highest(m_level);
    if (s_enabled && s_level)
        return highest(s_level);
    return -1;
}

void mk_trap_mret(mk_hart_t *h)
{
    uint64_t st = h->csr.mstatus;
    unsigned to = (unsigned)((st & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT);
    bool mpie = st & MK_MSTATUS_MPIE;

    st &= ~(MK_MSTATUS_MIE | MK_MSTATUS_MPP);
    st |= MK_MSTATUS_MPIE;      /* MPP = U, the least-privileged mode */
    if (mpie)
        st |= MK_MSTATUS_MIE;
    if (to != MK_PRIV_M)
        st &= ~MK_MSTATUS_MPRV;
    mk_csr_set_mstatus(h, st);
    h->pc = h->csr.mepc;
    h->reservation_valid = false;
    mk_set_priv(h, to);
    h->irq_recheck = true;
}

void mk_trap_sret(mk_hart_t *h)
{
    uint64_t st = h->csr.mstatus;
    unsigned to = (st & MK_MSTATUS_SPP) ? MK_PRIV_S : MK_PRIV_U;
    bool spie = st & MK_MSTATUS_SPIE;

    st &= ~(MK_MSTATUS_SIE | MK_MSTATUS_SPP | MK_MSTATUS_MPRV);  /* SRET never returns to M */
    st |= MK_MSTATUS_SPIE;
    if (spie)
        st |= MK_MSTATUS_SIE;
    mk_csr_set_mstatus(h, st);
    h->pc = h->csr.sepc;
    h->reservation_valid = false;
    mk_set_priv(h, to);
    h->irq_recheck = true;
}
