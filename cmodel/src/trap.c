/*
 * Trap entry (exceptions and interrupts), delegation to HS and VS (H extension), xRET, and
 * interrupt selection. hypervisor.adoc "Traps" is the reference for every rule here.
 */
#include "trap.h"

#include "csr.h"
#include "mem.h"

/* The xcause register keeps only the interrupt bit and a 5-bit code (docs/isa.md). */
#define CAUSE_CODE_MASK 0x1FULL

/* Causes whose xtval is a virtual address (breakpoint: the pc): with V = 1 it is a guest
 * virtual address, so a trap into HS or M sets GVA (hypervisor.adoc, hstatus.GVA). */
#define ADDRESS_CAUSES ((1ULL << MK_CAUSE_MISALIGNED_FETCH) | (1ULL << MK_CAUSE_FETCH_ACCESS) | \
                        (1ULL << MK_CAUSE_BREAKPOINT) | (1ULL << MK_CAUSE_MISALIGNED_LOAD) |   \
                        (1ULL << MK_CAUSE_LOAD_ACCESS) | (1ULL << MK_CAUSE_MISALIGNED_STORE) | \
                        (1ULL << MK_CAUSE_STORE_ACCESS) | (1ULL << MK_CAUSE_FETCH_PAGE_FAULT) | \
                        (1ULL << MK_CAUSE_LOAD_PAGE_FAULT) |                                   \
                        (1ULL << MK_CAUSE_STORE_PAGE_FAULT) |                                  \
                        (1ULL << MK_CAUSE_FETCH_GUEST_PAGE_FAULT) |                            \
                        (1ULL << MK_CAUSE_LOAD_GUEST_PAGE_FAULT) |                             \
                        (1ULL << MK_CAUSE_STORE_GUEST_PAGE_FAULT))

/* VS-level interrupts as the guest sees them: VSSI/VSTI/VSEI appear as SSI/STI/SEI. */
#define VS_INTERRUPTS (MK_MIP_VSSIP | MK_MIP_VSTIP | MK_MIP_VSEIP)

void mk_set_mode(mk_hart_t *h, unsigned priv, bool v)
{
    if (h->priv == priv && h->v == v)
        return;
    h->priv = (uint8_t)priv;
    h->v = v;
    /* The fast path caches per privilege and V, and which interrupts are enabled depends on
     * both. */
    mk_mem_fast_flush(h);
    h->irq_recheck = true;
}

void mk_set_priv(mk_hart_t *h, unsigned priv)
{
    mk_set_mode(h, priv, h->v);
}

unsigned mk_trap_mode_index(unsigned priv, bool v)
{
    if (priv == MK_PRIV_M)
        return MK_MODE_M;
    if (v)
        return priv == MK_PRIV_S ? MK_MODE_VS : MK_MODE_VU;
    return priv == MK_PRIV_S ? MK_MODE_HS : MK_MODE_U;
}

static uint64_t tvec_target(uint64_t tvec, uint64_t cause, bool interrupt)
{
    uint64_t base = tvec & ~3ULL;
    if (interrupt && (tvec & 3) == 1)
        return base + 4 * cause;
    return base;
}

typedef enum { TO_M, TO_HS, TO_VS } trap_target_t;

/* Exceptions: medeleg picks HS (or VS), then hedeleg picks VS for traps taken with V = 1.
 * Nothing is delegated away from M-mode. */
static trap_target_t exception_target(const mk_hart_t *h, uint64_t cause)
{
    if (h->priv == MK_PRIV_M || !((h->csr.medeleg >> cause) & 1))
        return TO_M;
    if (h->v && ((h->csr.hedeleg >> cause) & 1))
        return TO_VS;
    return TO_HS;
}

/* Interrupts: mideleg then hideleg. mk_trap_pending_interrupt() only returns an interrupt
 * delegated to VS while V = 1. */
static trap_target_t interrupt_target(const mk_hart_t *h, uint64_t irq)
{
    if (!((h->csr.mideleg >> irq) & 1))
        return TO_M;
    return ((h->csr.hideleg >> irq) & 1) ? TO_VS : TO_HS;
}

/* sstatus-style entry (SPP, SPIE, SIE) on an mstatus or vsstatus value. */
static uint64_t s_entry_status(uint64_t st, unsigned from_priv)
{
    uint64_t next = st & ~(MK_MSTATUS_SPP | MK_MSTATUS_SPIE | MK_MSTATUS_SIE);
    if (from_priv == MK_PRIV_S)
        next |= MK_MSTATUS_SPP;
    if (st & MK_MSTATUS_SIE)
        next |= MK_MSTATUS_SPIE;
    return next;
}

/* Common trap entry. t->cause is the cause code (interrupt number for interrupts). */
static void take_trap(mk_hart_t *h, const mk_trap_info_t *t, bool interrupt)
{
    uint64_t cause = t->cause & 63;
    trap_target_t to = interrupt ? interrupt_target(h, cause) : exception_target(h, cause);
    uint64_t flag = interrupt ? MK_CAUSE_INTERRUPT : 0;
    unsigned from = h->priv;
    bool from_v = h->v;
    mk_csrs_t *c = &h->csr;

    h->stats.trap_routes[mk_trap_mode_index(from, from_v)]
                        [to == TO_M ? MK_MODE_M : to == TO_HS ? MK_MODE_HS : MK_MODE_VS]++;

    if (to == TO_VS) {
        /* VS-level interrupts reach the guest as the S-level ones (2 -> 1, 6 -> 5, 10 -> 9). */
        uint64_t vcause = interrupt && ((VS_INTERRUPTS >> cause) & 1) ? cause - 1 : cause;
        c->vsepc = h->pc & ~1ULL;
        c->vscause = flag | (vcause & CAUSE_CODE_MASK);
        c->vstval = t->tval;
        mk_csr_set_vsstatus(h, s_entry_status(c->vsstatus, from));
        h->pc = tvec_target(c->vstvec, vcause, interrupt);
        mk_set_mode(h, MK_PRIV_S, true);
    } else if (to == TO_HS) {
        c->sepc = h->pc & ~1ULL;
        c->scause = flag | (cause & CAUSE_CODE_MASK);
        c->stval = t->tval;
        c->htval = t->tval2;
        c->htinst = t->tinst;
        uint64_t hs = c->hstatus & ~(MK_HSTATUS_SPV | MK_HSTATUS_GVA);
        if (from_v) {
            /* SPVP is written only for traps from V = 1 (it keeps its value otherwise). */
            hs = (hs & ~MK_HSTATUS_SPVP) | MK_HSTATUS_SPV |
                 (from == MK_PRIV_S ? MK_HSTATUS_SPVP : 0);
        }
        if (t->gva)
            hs |= MK_HSTATUS_GVA;
        mk_csr_set_hstatus(h, hs);
        mk_csr_set_mstatus(h, s_entry_status(c->mstatus, from));
        h->pc = tvec_target(c->stvec, cause, interrupt);
        mk_set_mode(h, MK_PRIV_S, false);
    } else {
        c->mepc = h->pc & ~1ULL;
        c->mcause = flag | (cause & CAUSE_CODE_MASK);
        c->mtval = t->tval;
        c->mtval2 = t->tval2;
        c->mtinst = t->tinst;
        uint64_t st = c->mstatus & ~(MK_MSTATUS_MPP | MK_MSTATUS_MPIE | MK_MSTATUS_MIE |
                                     MK_MSTATUS_MPV | MK_MSTATUS_GVA);
        st |= (uint64_t)from << MK_MSTATUS_MPP_SHIFT;
        if (c->mstatus & MK_MSTATUS_MIE)
            st |= MK_MSTATUS_MPIE;
        if (from_v)
            st |= MK_MSTATUS_MPV;
        if (t->gva)
            st |= MK_MSTATUS_GVA;
        mk_csr_set_mstatus(h, st);
        h->pc = tvec_target(c->mtvec, cause, interrupt);
        mk_set_mode(h, MK_PRIV_M, false);
    }
    h->reservation_valid = false;
    h->wfi = false;
    h->irq_recheck = true;
}

void mk_raise_trap(mk_hart_t *h, const mk_trap_info_t *t)
{
    take_trap(h, t, false);
    h->trapped = true;
    h->stats.exceptions[t->cause & 63]++;
}

void mk_raise_exception(mk_hart_t *h, uint64_t cause, uint64_t tval)
{
    mk_trap_info_t t = {
        .cause = cause,
        .tval = tval,
        /* With V = 1, an address in xtval is a guest virtual address. */
        .gva = h->v && ((ADDRESS_CAUSES >> (cause & 63)) & 1),
    };
    mk_raise_trap(h, &t);
}

void mk_trap_taken(const mk_hart_t *h, uint64_t *cause, uint64_t *tval)
{
    const mk_csrs_t *c = &h->csr;
    if (h->priv == MK_PRIV_M) {
        *cause = c->mcause;
        *tval = c->mtval;
    } else if (h->v) {
        *cause = c->vscause;
        *tval = c->vstval;
    } else {
        *cause = c->scause;
        *tval = c->stval;
    }
}

void mk_take_interrupt(mk_hart_t *h, int irq)
{
    mk_trap_info_t t = { .cause = (uint64_t)irq };
    take_trap(h, &t, true);
    h->stats.interrupts[irq & 63]++;
}

/* Decreasing priority of interrupts destined for the same mode (machine.adoc, mip/mie;
 * hypervisor.adoc for SGEI and the VS-level ones). */
static const int irq_priority[] = {
    MK_IRQ_MEI, MK_IRQ_MSI, MK_IRQ_MTI, MK_IRQ_SEI, MK_IRQ_SSI, MK_IRQ_STI,
    MK_IRQ_SGEI, MK_IRQ_VSEI, MK_IRQ_VSSI, MK_IRQ_VSTI,
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
    const mk_csrs_t *c = &h->csr;
    uint64_t m_level = pending & ~c->mideleg;
    uint64_t hs_level = pending & c->mideleg & ~c->hideleg;
    uint64_t vs_level = pending & c->mideleg & c->hideleg;

    bool m_enabled = h->priv < MK_PRIV_M || (c->mstatus & MK_MSTATUS_MIE);
    /* HS-level interrupts are always enabled while V = 1 (HS is more privileged). */
    bool hs_enabled = h->v || h->priv < MK_PRIV_S ||
                      (h->priv == MK_PRIV_S && (c->mstatus & MK_MSTATUS_SIE));
    /* Interrupts delegated to VS are taken only with V = 1. */
    bool vs_enabled = h->v && (h->priv == MK_PRIV_U || (c->vsstatus & MK_MSTATUS_SIE));
    /* Interrupts for a more privileged mode are taken first. */
    if (m_enabled && m_level)
        return highest(m_level);
    if (hs_enabled && hs_level)
        return highest(hs_level);
    if (vs_enabled && vs_level)
        return highest(vs_level);
    return -1;
}

void mk_trap_mret(mk_hart_t *h)
{
    uint64_t st = h->csr.mstatus;
    unsigned to = (unsigned)((st & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT);
    bool to_v = to != MK_PRIV_M && (st & MK_MSTATUS_MPV);
    bool mpie = st & MK_MSTATUS_MPIE;

    st &= ~(MK_MSTATUS_MIE | MK_MSTATUS_MPP | MK_MSTATUS_MPV);
    st |= MK_MSTATUS_MPIE;      /* MPP = U, the least-privileged mode */
    if (mpie)
        st |= MK_MSTATUS_MIE;
    if (to != MK_PRIV_M)
        st &= ~MK_MSTATUS_MPRV;
    mk_csr_set_mstatus(h, st);
    h->pc = h->csr.mepc;
    h->reservation_valid = false;
    mk_set_mode(h, to, to_v);
    h->irq_recheck = true;
}

/* sstatus-style return (SIE, SPIE, SPP) on an mstatus or vsstatus value. */
static uint64_t s_return_status(uint64_t st)
{
    uint64_t next = st & ~(MK_MSTATUS_SIE | MK_MSTATUS_SPP);
    next |= MK_MSTATUS_SPIE;
    if (st & MK_MSTATUS_SPIE)
        next |= MK_MSTATUS_SIE;
    return next;
}

void mk_trap_sret(mk_hart_t *h)
{
    if (h->v) {
        /* SRET in VS-mode: the guest's own return, on vsstatus and vsepc; V stays 1. */
        uint64_t vst = h->csr.vsstatus;
        unsigned to = (vst & MK_MSTATUS_SPP) ? MK_PRIV_S : MK_PRIV_U;
        mk_csr_set_vsstatus(h, s_return_status(vst));
        mk_csr_set_mstatus(h, h->csr.mstatus & ~MK_MSTATUS_MPRV);
        h->pc = h->csr.vsepc;
        h->reservation_valid = false;
        mk_set_mode(h, to, true);
        h->irq_recheck = true;
        return;
    }
    uint64_t st = h->csr.mstatus;
    unsigned to = (st & MK_MSTATUS_SPP) ? MK_PRIV_S : MK_PRIV_U;
    bool to_v = h->csr.hstatus & MK_HSTATUS_SPV;

    /* SRET never returns to M: MPRV is cleared. */
    mk_csr_set_mstatus(h, s_return_status(st) & ~MK_MSTATUS_MPRV);
    mk_csr_set_hstatus(h, h->csr.hstatus & ~MK_HSTATUS_SPV);
    h->pc = h->csr.sepc;
    h->reservation_valid = false;
    mk_set_mode(h, to, to_v);
    h->irq_recheck = true;
}
