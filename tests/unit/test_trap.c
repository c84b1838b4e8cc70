/* Traps: delegation, trap-entry CSR updates, xRET, interrupt priority and enables, and the
 * privileged instructions (ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hart_fixture.h"

#include "csr.h"
#include "decode.h"
#include "soc.h"
#include "trap.h"

#define MTVEC_BASE 0x80001000ULL
#define STVEC_BASE 0x80002000ULL
#define PC 0x80000100ULL
#define ALL_IRQS (MK_MIP_SSIP | MK_MIP_MSIP | MK_MIP_STIP | MK_MIP_MTIP | MK_MIP_SEIP | \
                  MK_MIP_MEIP)

enum {
    I_ECALL = 0x00000073u, I_EBREAK = 0x00100073u, I_MRET = 0x30200073u,
    I_SRET = 0x10200073u, I_WFI = 0x10500073u, I_SFENCE_VMA = 0x12000073u,
};

static int setup(void **state)
{
    mk_soc_t *soc = fixture_soc_new();
    if (!soc)
        return -1;
    mk_hart_t *h = &soc->hart;
    h->pc = PC;
    h->csr.mtvec = MTVEC_BASE;
    h->csr.stvec = STVEC_BASE;
    *state = soc;
    return 0;
}

static uint64_t mpp(const mk_hart_t *h)
{
    return (h->csr.mstatus & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT;
}

static bool st(const mk_hart_t *h, uint64_t bit) { return (h->csr.mstatus & bit) != 0; }

static void test_exception_to_m(void **state)
{
    mk_hart_t *h = hart(state);
    h->priv = MK_PRIV_U;
    h->csr.mstatus |= MK_MSTATUS_MIE;
    h->reservation_valid = true;
    h->csr.medeleg = 0;
    mk_raise_exception(h, MK_CAUSE_LOAD_PAGE_FAULT, 0x1234);
    assert_true(h->trapped);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_int_equal(h->pc, MTVEC_BASE);
    assert_int_equal(h->csr.mepc, PC);
    assert_int_equal(h->csr.mcause, MK_CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(h->csr.mtval, 0x1234);
    assert_int_equal(mpp(h), MK_PRIV_U);
    assert_true(st(h, MK_MSTATUS_MPIE));
    assert_false(st(h, MK_MSTATUS_MIE));
    assert_false(h->reservation_valid);
    assert_int_equal(h->stats.exceptions[MK_CAUSE_LOAD_PAGE_FAULT], 1);
    /* S-mode state is untouched. */
    assert_int_equal(h->csr.sepc, 0);
    assert_int_equal(h->csr.scause, 0);
}

static void test_exception_from_s_to_m_records_mpp(void **state)
{
    mk_hart_t *h = hart(state);
    h->priv = MK_PRIV_S;
    mk_raise_exception(h, MK_CAUSE_ECALL_S, 0);
    assert_int_equal(mpp(h), MK_PRIV_S);
    assert_false(st(h, MK_MSTATUS_MPIE));      /* MIE was 0 */
    /* From M, MPP = M. */
    h->pc = PC;
    mk_raise_exception(h, MK_CAUSE_BREAKPOINT, PC);
    assert_int_equal(mpp(h), MK_PRIV_M);
    assert_int_equal(h->stats.exceptions[MK_CAUSE_BREAKPOINT], 1);
}

static void test_delegated_exception_to_s(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.medeleg = 1ULL << MK_CAUSE_ILLEGAL_INSN;
    h->csr.stvec = STVEC_BASE | 1;              /* vectored: exceptions still go to base */
    h->priv = MK_PRIV_U;
    h->csr.mstatus |= MK_MSTATUS_SIE | MK_MSTATUS_MIE;
    mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, 0xBAD);
    assert_true(h->trapped);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_int_equal(h->pc, STVEC_BASE);
    assert_int_equal(h->csr.sepc, PC);
    assert_int_equal(h->csr.scause, MK_CAUSE_ILLEGAL_INSN);
    assert_int_equal(h->csr.stval, 0xBAD);
    assert_false(st(h, MK_MSTATUS_SPP));
    assert_true(st(h, MK_MSTATUS_SPIE));
    assert_false(st(h, MK_MSTATUS_SIE));
    assert_true(st(h, MK_MSTATUS_MIE));         /* M state untouched */
    assert_int_equal(h->csr.mepc, 0);
    assert_int_equal(h->csr.mcause, 0);

    /* From S with SIE = 0: SPP = S, SPIE = 0. */
    h->pc = PC + 8;
    mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, 0);
    assert_true(st(h, MK_MSTATUS_SPP));
    assert_false(st(h, MK_MSTATUS_SPIE));
    assert_int_equal(h->csr.sepc, PC + 8);
}

static void test_delegation_ignored_in_m(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.medeleg = 0xB3FF;
    h->priv = MK_PRIV_M;
    mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, 0);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_int_equal(h->pc, MTVEC_BASE);
    assert_int_equal(h->csr.mcause, MK_CAUSE_ILLEGAL_INSN);
    assert_int_equal(h->csr.scause, 0);
}

static void test_interrupt_entry_vectored(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mtvec = MTVEC_BASE | 1;
    h->priv = MK_PRIV_U;
    h->reservation_valid = true;
    mk_take_interrupt(h, MK_IRQ_MTI);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_int_equal(h->pc, MTVEC_BASE + 4 * MK_IRQ_MTI);
    assert_int_equal(h->csr.mcause, MK_CAUSE_INTERRUPT | MK_IRQ_MTI);
    assert_int_equal(h->csr.mtval, 0);
    assert_int_equal(h->csr.mepc, PC);
    assert_false(h->reservation_valid);
    assert_int_equal(h->stats.interrupts[MK_IRQ_MTI], 1);

    /* Direct mode: base. Delegated interrupt from U goes to S. */
    h->csr.mideleg = MK_MIP_STIP;
    h->priv = MK_PRIV_U;
    h->pc = PC;
    mk_take_interrupt(h, MK_IRQ_STI);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_int_equal(h->pc, STVEC_BASE);
    assert_int_equal(h->csr.scause, MK_CAUSE_INTERRUPT | MK_IRQ_STI);
    assert_int_equal(h->csr.sepc, PC);
    h->csr.stvec = STVEC_BASE | 1;
    h->pc = PC;
    mk_take_interrupt(h, MK_IRQ_STI);
    assert_int_equal(h->pc, STVEC_BASE + 4 * MK_IRQ_STI);
}

static void test_interrupt_priority(void **state)
{
    mk_hart_t *h = hart(state);
    static const int order[] = {MK_IRQ_MEI, MK_IRQ_MSI, MK_IRQ_MTI,
                                MK_IRQ_SEI, MK_IRQ_SSI, MK_IRQ_STI};
    h->priv = MK_PRIV_U;
    h->csr.mie = ALL_IRQS;
    h->csr.mip = MK_MIP_SSIP | MK_MIP_STIP | MK_MIP_SEIP;
    h->irq_lines = MK_MIP_MSIP | MK_MIP_MTIP | MK_MIP_MEIP;
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(mk_trap_pending_interrupt(h), order[i]);
        h->csr.mip &= ~(1ULL << order[i]);
        h->irq_lines &= ~(1ULL << order[i]);
    }
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
}

static void test_m_level_beats_s_level(void **state)
{
    mk_hart_t *h = hart(state);
    h->priv = MK_PRIV_U;
    h->csr.mie = ALL_IRQS;
    h->csr.mideleg = MK_MIP_SEIP;               /* SEI to S, STI stays at M */
    h->csr.mip = MK_MIP_STIP | MK_MIP_SEIP;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_STI);
    h->csr.mideleg = 0;                         /* both M-level: normal order */
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_SEI);
}

static void test_interrupt_enables(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mie = ALL_IRQS;
    h->csr.mideleg = MK_MIP_SSIP;

    /* M-level interrupt: in M needs MIE; below M always enabled. */
    h->irq_lines = MK_MIP_MTIP;
    h->priv = MK_PRIV_M;
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    h->csr.mstatus |= MK_MSTATUS_MIE;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_MTI);
    h->csr.mstatus &= ~MK_MSTATUS_MIE;
    h->priv = MK_PRIV_S;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_MTI);
    h->priv = MK_PRIV_U;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_MTI);
    /* mie masks it. */
    h->csr.mie &= ~MK_MIP_MTIP;
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    h->irq_lines = 0;

    /* S-level interrupt: never in M; in S needs SIE; in U always. */
    h->csr.mip = MK_MIP_SSIP;
    h->priv = MK_PRIV_M;
    h->csr.mstatus |= MK_MSTATUS_MIE | MK_MSTATUS_SIE;
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    h->csr.mstatus &= ~(MK_MSTATUS_MIE | MK_MSTATUS_SIE);
    h->priv = MK_PRIV_S;
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    h->csr.mstatus |= MK_MSTATUS_SIE;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_SSI);
    h->csr.mstatus &= ~MK_MSTATUS_SIE;
    h->priv = MK_PRIV_U;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_SSI);
}

static void test_mret(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mepc = 0x80003000ULL;
    h->csr.mstatus |= MK_MSTATUS_MPIE | MK_MSTATUS_MPRV | (1ULL << MK_MSTATUS_MPP_SHIFT);
    h->reservation_valid = true;
    exec(h, I_MRET);
    assert_false(h->trapped);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_int_equal(h->pc, 0x80003000ULL);
    assert_true(st(h, MK_MSTATUS_MIE));
    assert_true(st(h, MK_MSTATUS_MPIE));
    assert_int_equal(mpp(h), MK_PRIV_U);
    assert_false(st(h, MK_MSTATUS_MPRV));
    assert_false(h->reservation_valid);

    /* MRET to M keeps MPRV; MPIE = 0 gives MIE = 0. */
    h->priv = MK_PRIV_M;
    h->csr.mstatus = (h->csr.mstatus & ~(MK_MSTATUS_MPIE | MK_MSTATUS_MIE)) |
                     MK_MSTATUS_MPRV | MK_MSTATUS_MPP;
    exec(h, I_MRET);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_true(st(h, MK_MSTATUS_MPRV));
    assert_false(st(h, MK_MSTATUS_MIE));
    assert_true(st(h, MK_MSTATUS_MPIE));
    assert_int_equal(mpp(h), MK_PRIV_U);

    /* Below M, MRET is illegal. */
    h->priv = MK_PRIV_S;
    h->pc = PC;
    exec(h, I_MRET);
    assert_true(h->trapped);
    assert_int_equal(h->csr.mcause, MK_CAUSE_ILLEGAL_INSN);
    assert_int_equal(h->csr.mtval, I_MRET);
    assert_int_equal(h->csr.mepc, PC);
}

static void test_sret(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.sepc = 0x80005000ULL;
    h->csr.mstatus |= MK_MSTATUS_SPP | MK_MSTATUS_SIE | MK_MSTATUS_MPRV;
    h->priv = MK_PRIV_M;
    exec(h, I_SRET);
    assert_false(h->trapped);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_int_equal(h->pc, 0x80005000ULL);
    assert_false(st(h, MK_MSTATUS_SIE));        /* from SPIE = 0 */
    assert_true(st(h, MK_MSTATUS_SPIE));
    assert_false(st(h, MK_MSTATUS_SPP));
    assert_false(st(h, MK_MSTATUS_MPRV));

    /* From S with SPP = U, SPIE = 1. */
    h->csr.mstatus |= MK_MSTATUS_SPIE;
    exec(h, I_SRET);
    assert_int_equal(h->priv, MK_PRIV_U);
    assert_true(st(h, MK_MSTATUS_SIE));

    /* Illegal in U, and in S with TSR. */
    h->pc = PC;
    exec(h, I_SRET);
    assert_true(h->trapped);
    assert_int_equal(h->csr.mcause, MK_CAUSE_ILLEGAL_INSN);
    assert_int_equal(h->csr.mtval, I_SRET);
    h->priv = MK_PRIV_S;
    h->csr.mstatus |= MK_MSTATUS_TSR;
    h->pc = PC;
    exec(h, I_SRET);
    assert_true(h->trapped);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_int_equal(mpp(h), MK_PRIV_S);
    /* TSR does not apply to M. */
    h->csr.sepc = 0x80006000ULL;
    exec(h, I_SRET);
    assert_false(h->trapped);
    assert_int_equal(h->pc, 0x80006000ULL);
}

static void test_ecall_ebreak(void **state)
{
    mk_hart_t *h = hart(state);
    static const struct { uint8_t priv; uint64_t cause; } cases[] = {
        {MK_PRIV_U, MK_CAUSE_ECALL_U}, {MK_PRIV_S, MK_CAUSE_ECALL_S}, {MK_PRIV_M, MK_CAUSE_ECALL_M},
    };
    for (size_t i = 0; i < 3; i++) {
        h->priv = cases[i].priv;
        h->pc = PC;
        h->csr.mtval = 99;
        exec(h, I_ECALL);
        assert_true(h->trapped);
        assert_int_equal(h->csr.mcause, cases[i].cause);
        assert_int_equal(h->csr.mtval, 0);
        assert_int_equal(h->csr.mepc, PC);
    }
    h->priv = MK_PRIV_U;
    h->pc = PC + 2;
    exec(h, I_EBREAK);
    assert_true(h->trapped);
    assert_int_equal(h->csr.mcause, MK_CAUSE_BREAKPOINT);
    assert_int_equal(h->csr.mtval, PC + 2);
    /* c.ebreak: same, tval = pc */
    h->pc = PC + 6;
    exec(h, 0x9002u);
    assert_int_equal(h->csr.mcause, MK_CAUSE_BREAKPOINT);
    assert_int_equal(h->csr.mtval, PC + 6);
    assert_int_equal(h->csr.mepc, PC + 6);
}

static void test_wfi(void **state)
{
    mk_hart_t *h = hart(state);
    exec(h, I_WFI);
    assert_false(h->trapped);
    assert_true(h->wfi);
    assert_int_equal(h->pc, PC + 4);
    h->wfi = false;
    h->priv = MK_PRIV_S;
    exec(h, I_WFI);
    assert_true(h->wfi);
    h->wfi = false;

    h->csr.mstatus |= MK_MSTATUS_TW;
    h->pc = PC;
    exec(h, I_WFI);
    assert_true(h->trapped);
    assert_false(h->wfi);
    assert_int_equal(h->csr.mcause, MK_CAUSE_ILLEGAL_INSN);
    assert_int_equal(h->csr.mtval, I_WFI);
    exec(h, I_WFI);                             /* TW does not apply to M */
    assert_false(h->trapped);
    assert_true(h->wfi);
    h->wfi = false;

    h->csr.mstatus &= ~MK_MSTATUS_TW;
    h->priv = MK_PRIV_U;
    h->pc = PC;
    exec(h, I_WFI);
    assert_true(h->trapped);
    assert_false(h->wfi);
}

static void test_sfence_vma_privilege(void **state)
{
    mk_hart_t *h = hart(state);
    exec(h, I_SFENCE_VMA);
    assert_false(h->trapped);
    assert_int_equal(h->pc, PC + 4);
    h->priv = MK_PRIV_S;
    exec(h, I_SFENCE_VMA);
    assert_false(h->trapped);
    h->csr.mstatus |= MK_MSTATUS_TVM;
    h->pc = PC;
    exec(h, I_SFENCE_VMA);
    assert_true(h->trapped);
    assert_int_equal(h->csr.mtval, I_SFENCE_VMA);
    h->csr.mstatus &= ~MK_MSTATUS_TVM;
    h->priv = MK_PRIV_U;
    h->pc = PC;
    exec(h, I_SFENCE_VMA);
    assert_true(h->trapped);
    assert_int_equal(h->csr.mcause, MK_CAUSE_ILLEGAL_INSN);
}

static void test_set_priv_rechecks(void **state)
{
    mk_hart_t *h = hart(state);
    h->irq_recheck = false;
    mk_set_priv(h, MK_PRIV_M);
    assert_false(h->irq_recheck);               /* no change, nothing to do */
    mk_set_priv(h, MK_PRIV_U);
    assert_int_equal(h->priv, MK_PRIV_U);
    assert_true(h->irq_recheck);
}

/* End to end through the step loop: a pending, enabled timer interrupt is taken. */
static void test_step_takes_interrupt(void **state)
{
    mk_soc_t *soc = *state;
    mk_hart_t *h = hart(state);
    uint32_t nop = 0x00000013u;
    assert_int_equal(mk_soc_phys_write(soc, PC, &nop, 4), 0);
    h->priv = MK_PRIV_U;
    h->csr.mie = MK_MIP_SSIP;
    h->csr.mip = MK_MIP_SSIP;
    h->csr.mideleg = MK_MIP_SSIP;
    mk_retire_t rec;
    mk_soc_step(soc, &rec);
    assert_int_equal(rec.event, MK_EVENT_INTERRUPT);
    assert_int_equal(rec.cause, MK_IRQ_SSI);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_int_equal(h->csr.scause, MK_CAUSE_INTERRUPT | MK_IRQ_SSI);
    assert_int_equal(h->csr.sepc, PC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_exception_to_m),
        T(test_exception_from_s_to_m_records_mpp),
        T(test_delegated_exception_to_s),
        T(test_delegation_ignored_in_m),
        T(test_interrupt_entry_vectored),
        T(test_interrupt_priority),
        T(test_m_level_beats_s_level),
        T(test_interrupt_enables),
        T(test_mret),
        T(test_sret),
        T(test_ecall_ebreak),
        T(test_wfi),
        T(test_sfence_vma_privilege),
        T(test_set_priv_rechecks),
        T(test_step_takes_interrupt),
#undef T
    };
    return cmocka_run_group_tests_name("trap", tests, NULL, NULL);
}
