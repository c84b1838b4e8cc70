/* H extension traps: routing through medeleg/hedeleg and mideleg/hideleg from every mode, the
 * trap CSRs of each target (SPV, SPVP, GVA, MPV, htval/mtval2, htinst/mtinst), xRET with V,
 * VS-level interrupts (hvip, vstimecmp, cause shifting, priority), WFI/SRET/SFENCE.VMA and the
 * hypervisor instructions' virtual-instruction and illegal-instruction cases, the commit log's
 * V marker and the trap statistics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hart_fixture.h"

#include "csr.h"
#include "decode.h"
#include "soc.h"
#include "trap.h"

#define MTVEC_BASE 0x80001000ULL
#define STVEC_BASE 0x80002000ULL
#define VSTVEC_BASE 0x80003000ULL
#define PC 0x80000100ULL
#define VS_BITS (MK_MIP_VSSIP | MK_MIP_VSTIP | MK_MIP_VSEIP)
#define IRQ(n) (MK_CAUSE_INTERRUPT | (n))

enum {
    I_ECALL = 0x00000073u, I_EBREAK = 0x00100073u, I_MRET = 0x30200073u,
    I_SRET = 0x10200073u, I_WFI = 0x10500073u, I_SFENCE_VMA = 0x12000073u,
    I_HLV_D = 0x6c00cff3u,          /* hlv.d t6, (ra) */
    I_HLVX_WU = 0x683645f3u,        /* hlvx.wu a1, (a2) */
    I_HSV_W = 0x6a42c073u,          /* hsv.w tp, (t0) */
    I_HFENCE_VVMA = 0x22000073u, I_HFENCE_GVMA = 0x62000073u,
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
    h->csr.vstvec = VSTVEC_BASE;
    *state = soc;
    return 0;
}

static void set_mode(mk_hart_t *h, unsigned priv, bool v)
{
    h->priv = (uint8_t)priv;
    h->v = v;
}

static bool hs(const mk_hart_t *h, uint64_t bit) { return (h->csr.hstatus & bit) != 0; }
static bool ms(const mk_hart_t *h, uint64_t bit) { return (h->csr.mstatus & bit) != 0; }
static bool vss(const mk_hart_t *h, uint64_t bit) { return (h->csr.vsstatus & bit) != 0; }

static uint64_t mpp(const mk_hart_t *h)
{
    return (h->csr.mstatus & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT;
}

/* Runs exec and checks that it trapped with cause into the expected mode. */
static void expect_trap(mk_hart_t *h, uint32_t bits, uint64_t cause)
{
    h->pc = PC;
    exec(h, bits);
    assert_true(h->trapped);
    uint64_t got = h->priv == MK_PRIV_M ? h->csr.mcause
                 : h->v ? h->csr.vscause : h->csr.scause;
    assert_int_equal(got, cause);
}

/* ---- exceptions ---- */

static void test_vu_to_vs(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.medeleg = 1ULL << MK_CAUSE_LOAD_PAGE_FAULT;
    h->csr.hedeleg = 1ULL << MK_CAUSE_LOAD_PAGE_FAULT;
    h->csr.vsstatus |= MK_MSTATUS_SIE | MK_MSTATUS_SPP;
    h->csr.hstatus |= MK_HSTATUS_SPVP;
    h->csr.htval = 0x55;
    h->reservation_valid = true;
    set_mode(h, MK_PRIV_U, true);
    mk_trap_info_t t = { .cause = MK_CAUSE_LOAD_PAGE_FAULT, .tval = 0x1238, .tval2 = 0x99,
                         .tinst = 0x3003, .gva = true };
    mk_raise_trap(h, &t);
    assert_true(h->trapped);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_true(h->v);
    assert_int_equal(h->pc, VSTVEC_BASE);
    assert_int_equal(h->csr.vsepc, PC);
    assert_int_equal(h->csr.vscause, MK_CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(h->csr.vstval, 0x1238);
    assert_false(vss(h, MK_MSTATUS_SPP));           /* from VU */
    assert_true(vss(h, MK_MSTATUS_SPIE));
    assert_false(vss(h, MK_MSTATUS_SIE));
    assert_false(h->reservation_valid);
    /* HS state untouched: hstatus, htval, sepc, scause, mstatus. */
    assert_true(hs(h, MK_HSTATUS_SPVP));
    assert_false(hs(h, MK_HSTATUS_SPV));
    assert_int_equal(h->csr.htval, 0x55);
    assert_int_equal(h->csr.sepc, 0);
    assert_int_equal(h->csr.scause, 0);
    assert_int_equal(h->stats.trap_routes[MK_MODE_VU][MK_MODE_VS], 1);
    /* The step loop's record reads the VS CSRs. */
    h->csr.scause = 2;
    h->csr.stval = 0x53;
    uint64_t cause, tval;
    mk_trap_taken(h, &cause, &tval);
    assert_int_equal(cause, MK_CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(tval, 0x1238);
}

static void test_vs_to_vs_keeps_spp(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.medeleg = h->csr.hedeleg = 1ULL << MK_CAUSE_ILLEGAL_INSN;
    set_mode(h, MK_PRIV_S, true);
    expect_trap(h, 0, MK_CAUSE_ILLEGAL_INSN);
    assert_true(h->v);
    assert_true(vss(h, MK_MSTATUS_SPP));
    assert_false(vss(h, MK_MSTATUS_SPIE));
    assert_int_equal(h->csr.vstval, 0);     /* the instruction bits */
    assert_int_equal(h->stats.trap_routes[MK_MODE_VS][MK_MODE_VS], 1);
}

static void test_vs_to_hs(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.medeleg = 0xF0B7FF;
    h->csr.hedeleg = 0;
    h->csr.mstatus |= MK_MSTATUS_SIE;
    h->csr.htinst = 0x77;
    set_mode(h, MK_PRIV_S, true);
    mk_trap_info_t t = { .cause = MK_CAUSE_LOAD_GUEST_PAGE_FAULT, .tval = 0x4000,
                         .tval2 = 0x80004000ULL >> 2, .tinst = MK_TINST_PT_READ_64,
                         .gva = true };
    mk_raise_trap(h, &t);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_false(h->v);
    assert_int_equal(h->pc, STVEC_BASE);
    assert_int_equal(h->csr.sepc, PC);
    assert_int_equal(h->csr.scause, MK_CAUSE_LOAD_GUEST_PAGE_FAULT);
    assert_int_equal(h->csr.stval, 0x4000);
    assert_int_equal(h->csr.htval, 0x80004000ULL >> 2);
    assert_int_equal(h->csr.htinst, MK_TINST_PT_READ_64);
    assert_true(hs(h, MK_HSTATUS_SPV));
    assert_true(hs(h, MK_HSTATUS_SPVP));
    assert_true(hs(h, MK_HSTATUS_GVA));
    assert_true(ms(h, MK_MSTATUS_SPP));
    assert_true(ms(h, MK_MSTATUS_SPIE));
    assert_false(ms(h, MK_MSTATUS_SIE));
    assert_int_equal(h->csr.vscause, 0);    /* VS state untouched */
    assert_int_equal(h->stats.trap_routes[MK_MODE_VS][MK_MODE_HS], 1);

    /* Guest-page faults cannot be delegated to VS: hedeleg bits 20-23 are read-only zero. */
    assert_true(mk_csr_write(h, MK_CSR_HEDELEG, ~0ULL));
    set_mode(h, MK_PRIV_U, true);
    h->pc = PC;
    mk_raise_trap(h, &t);
    assert_false(h->v);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_false(hs(h, MK_HSTATUS_SPVP));   /* from VU */
    assert_false(ms(h, MK_MSTATUS_SPP));

    /* Virtual instruction from VU: HS, GVA = 0, htval and htinst cleared. */
    set_mode(h, MK_PRIV_U, true);
    expect_trap(h, I_WFI, MK_CAUSE_VIRTUAL_INSN);
    assert_false(h->v);
    assert_int_equal(h->csr.stval, I_WFI);
    assert_false(hs(h, MK_HSTATUS_GVA));
    assert_true(hs(h, MK_HSTATUS_SPV));
    assert_int_equal(h->csr.htval, 0);
    assert_int_equal(h->csr.htinst, 0);
}

static void test_address_faults_set_gva(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.medeleg = 0xF0B7FF;
    /* A breakpoint or page fault from V = 1 writes a guest virtual address: GVA = 1. */
    static const uint64_t addr_causes[] = {
        MK_CAUSE_BREAKPOINT, MK_CAUSE_MISALIGNED_LOAD, MK_CAUSE_LOAD_ACCESS,
        MK_CAUSE_STORE_PAGE_FAULT, MK_CAUSE_FETCH_PAGE_FAULT,
    };
    for (size_t i = 0; i < sizeof addr_causes / sizeof addr_causes[0]; i++) {
        set_mode(h, MK_PRIV_S, true);
        h->pc = PC;
        mk_raise_exception(h, addr_causes[i], 0x1000);
        assert_int_equal(h->csr.scause, addr_causes[i]);
        assert_true(hs(h, MK_HSTATUS_GVA));
        /* The same from HS (V = 0): no guest address. */
        h->pc = PC;
        mk_raise_exception(h, addr_causes[i], 0x1000);
        assert_false(hs(h, MK_HSTATUS_GVA));
        assert_false(hs(h, MK_HSTATUS_SPV));
    }
    /* ECALL and illegal instruction from VS: GVA = 0. */
    set_mode(h, MK_PRIV_S, true);
    expect_trap(h, I_ECALL, MK_CAUSE_ECALL_VS);
    assert_false(hs(h, MK_HSTATUS_GVA));
    /* HLV-style trap from HS: SPV = 0 but GVA = 1 (an explicit mk_raise_trap). */
    set_mode(h, MK_PRIV_S, false);
    mk_trap_info_t t = { .cause = MK_CAUSE_LOAD_PAGE_FAULT, .tval = 0x2000, .gva = true };
    mk_raise_trap(h, &t);
    assert_true(hs(h, MK_HSTATUS_GVA));
    assert_false(hs(h, MK_HSTATUS_SPV));
}

static void test_hs_u_ignore_hedeleg(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.medeleg = h->csr.hedeleg = 1ULL << MK_CAUSE_ILLEGAL_INSN;
    h->csr.hstatus |= MK_HSTATUS_SPVP;
    /* U (V = 0): hedeleg only applies to traps from V = 1; SPVP is kept. */
    set_mode(h, MK_PRIV_U, false);
    expect_trap(h, 0, MK_CAUSE_ILLEGAL_INSN);
    assert_false(h->v);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_false(hs(h, MK_HSTATUS_SPV));
    assert_true(hs(h, MK_HSTATUS_SPVP));
    assert_false(ms(h, MK_MSTATUS_SPP));
    /* HS: to HS. */
    expect_trap(h, 0, MK_CAUSE_ILLEGAL_INSN);
    assert_true(ms(h, MK_MSTATUS_SPP));
    assert_true(hs(h, MK_HSTATUS_SPVP));
    /* M: never delegated. */
    set_mode(h, MK_PRIV_M, false);
    expect_trap(h, 0, MK_CAUSE_ILLEGAL_INSN);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_false(ms(h, MK_MSTATUS_MPV));
    assert_int_equal(mpp(h), MK_PRIV_M);
}

static void test_to_m_from_v(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mtval2 = 0x11;
    h->csr.mtinst = 0x22;
    set_mode(h, MK_PRIV_S, true);
    mk_trap_info_t t = { .cause = MK_CAUSE_STORE_GUEST_PAGE_FAULT, .tval = 0x3004,
                         .tval2 = 0x1000 >> 2, .tinst = 0x00002023, .gva = true };
    mk_raise_trap(h, &t);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_false(h->v);
    assert_int_equal(h->pc, MTVEC_BASE);
    assert_int_equal(h->csr.mcause, MK_CAUSE_STORE_GUEST_PAGE_FAULT);
    assert_int_equal(h->csr.mtval, 0x3004);
    assert_int_equal(h->csr.mtval2, 0x1000 >> 2);
    assert_int_equal(h->csr.mtinst, 0x00002023);
    assert_true(ms(h, MK_MSTATUS_MPV));
    assert_true(ms(h, MK_MSTATUS_GVA));
    assert_int_equal(mpp(h), MK_PRIV_S);
    assert_int_equal(h->stats.trap_routes[MK_MODE_VS][MK_MODE_M], 1);
    /* From VU: MPP = U, MPV = 1. A plain exception clears mtval2, mtinst and GVA. */
    set_mode(h, MK_PRIV_U, true);
    expect_trap(h, I_ECALL, MK_CAUSE_ECALL_U);
    assert_int_equal(mpp(h), MK_PRIV_U);
    assert_true(ms(h, MK_MSTATUS_MPV));
    assert_false(ms(h, MK_MSTATUS_GVA));
    assert_int_equal(h->csr.mtval2, 0);
    assert_int_equal(h->csr.mtinst, 0);
    /* From HS: MPV = 0. */
    set_mode(h, MK_PRIV_S, false);
    expect_trap(h, I_ECALL, MK_CAUSE_ECALL_S);
    assert_false(ms(h, MK_MSTATUS_MPV));
    assert_int_equal(mpp(h), MK_PRIV_S);
}

/* Every exception cause from every mode below M, with no delegation, with medeleg, and with
 * medeleg and hedeleg set through the CSRs (so their WARL masks decide). */
static void test_routing_all_causes(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint64_t causes[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15,
                                       20, 21, 22, 23 };
    /* hypervisor.adoc: the hedeleg bits that are writable. */
    const uint64_t to_vs_ok = 0xB1FFULL;
    static const struct { unsigned priv; bool v; unsigned mode; } from[] = {
        { MK_PRIV_U, false, MK_MODE_U }, { MK_PRIV_S, false, MK_MODE_HS },
        { MK_PRIV_U, true, MK_MODE_VU }, { MK_PRIV_S, true, MK_MODE_VS },
    };
    for (size_t c = 0; c < sizeof causes / sizeof causes[0]; c++) {
        for (size_t f = 0; f < sizeof from / sizeof from[0]; f++) {
            for (int deleg = 0; deleg < 3; deleg++) {
                set_mode(h, MK_PRIV_M, false);
                assert_true(mk_csr_write(h, MK_CSR_MEDELEG, deleg ? ~0ULL : 0));
                assert_true(mk_csr_write(h, MK_CSR_HEDELEG, deleg == 2 ? ~0ULL : 0));
                set_mode(h, from[f].priv, from[f].v);
                h->pc = PC;
                mk_raise_exception(h, causes[c], 0x40);
                unsigned want = deleg == 0 ? MK_MODE_M
                              : deleg == 2 && from[f].v && ((to_vs_ok >> causes[c]) & 1)
                                  ? MK_MODE_VS : MK_MODE_HS;
                assert_int_equal(mk_trap_mode_index(h->priv, h->v), want);
                uint64_t got = want == MK_MODE_M ? h->csr.mcause
                             : want == MK_MODE_VS ? h->csr.vscause : h->csr.scause;
                assert_int_equal(got, causes[c]);
                uint64_t tval = want == MK_MODE_M ? h->csr.mtval
                              : want == MK_MODE_VS ? h->csr.vstval : h->csr.stval;
                assert_int_equal(tval, 0x40);
            }
        }
    }
}

static void test_ecall_causes(void **state)
{
    mk_hart_t *h = hart(state);
    static const struct { unsigned priv; bool v; uint64_t cause; } c[] = {
        { MK_PRIV_U, false, MK_CAUSE_ECALL_U }, { MK_PRIV_S, false, MK_CAUSE_ECALL_S },
        { MK_PRIV_U, true, MK_CAUSE_ECALL_U }, { MK_PRIV_S, true, MK_CAUSE_ECALL_VS },
        { MK_PRIV_M, false, MK_CAUSE_ECALL_M },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        set_mode(h, c[i].priv, c[i].v);
        expect_trap(h, I_ECALL, c[i].cause);
        assert_int_equal(h->csr.mtval, 0);
    }
    /* ECALL from VS can be delegated to HS (medeleg bit 10), not to VS (hedeleg bit 10). */
    assert_true(mk_csr_write(h, MK_CSR_MEDELEG, 1ULL << MK_CAUSE_ECALL_VS));
    assert_true(mk_csr_write(h, MK_CSR_HEDELEG, 1ULL << MK_CAUSE_ECALL_VS));
    set_mode(h, MK_PRIV_S, true);
    expect_trap(h, I_ECALL, MK_CAUSE_ECALL_VS);
    assert_false(h->v);
    assert_int_equal(h->priv, MK_PRIV_S);
}

/* ---- xRET ---- */

static void test_mret_with_mpv(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mepc = 0x80005000;
    h->csr.mstatus |= MK_MSTATUS_MPV | MK_MSTATUS_MPRV | (1ULL << MK_MSTATUS_MPP_SHIFT);
    exec(h, I_MRET);
    assert_false(h->trapped);
    assert_int_equal(h->pc, 0x80005000);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_true(h->v);
    assert_false(ms(h, MK_MSTATUS_MPV));
    assert_false(ms(h, MK_MSTATUS_MPRV));
    assert_int_equal(mpp(h), MK_PRIV_U);
    /* MPP = M: MPV is ignored (V stays 0) and cleared. */
    set_mode(h, MK_PRIV_M, false);
    h->csr.mstatus |= MK_MSTATUS_MPV | MK_MSTATUS_MPP;
    exec(h, I_MRET);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_false(h->v);
    assert_false(ms(h, MK_MSTATUS_MPV));
    /* MRET from VS: illegal instruction (not among the virtual-instruction cases). */
    h->csr.medeleg = 0;
    set_mode(h, MK_PRIV_S, true);
    expect_trap(h, I_MRET, MK_CAUSE_ILLEGAL_INSN);
}

static void test_sret_from_hs_to_v(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.sepc = 0x80006000;
    h->csr.hstatus |= MK_HSTATUS_SPV;
    h->csr.mstatus |= MK_MSTATUS_SPP | MK_MSTATUS_SPIE;
    set_mode(h, MK_PRIV_S, false);
    exec(h, I_SRET);
    assert_false(h->trapped);
    assert_int_equal(h->pc, 0x80006000);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_true(h->v);
    assert_false(hs(h, MK_HSTATUS_SPV));
    assert_true(ms(h, MK_MSTATUS_SIE));
    assert_false(ms(h, MK_MSTATUS_SPP));
    /* SPV = 0: stays V = 0, to U. */
    set_mode(h, MK_PRIV_S, false);
    exec(h, I_SRET);
    assert_int_equal(h->priv, MK_PRIV_U);
    assert_false(h->v);
}

static void test_sret_in_vs(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t mstatus = h->csr.mstatus | MK_MSTATUS_SPP | MK_MSTATUS_TSR;
    h->csr.mstatus = mstatus;
    h->csr.hstatus |= MK_HSTATUS_SPV;
    h->csr.sepc = 0x80007000;
    h->csr.vsepc = 0x80008000;
    h->csr.vsstatus |= MK_MSTATUS_SPIE;     /* SPP = 0: to VU */
    set_mode(h, MK_PRIV_S, true);
    /* mstatus.TSR does not affect VS. */
    exec(h, I_SRET);
    assert_false(h->trapped);
    assert_int_equal(h->pc, 0x80008000);
    assert_int_equal(h->priv, MK_PRIV_U);
    assert_true(h->v);
    assert_true(vss(h, MK_MSTATUS_SIE));
    assert_true(vss(h, MK_MSTATUS_SPIE));
    /* HS state untouched. */
    assert_int_equal(h->csr.mstatus, mstatus);
    assert_true(hs(h, MK_HSTATUS_SPV));
    /* SRET in VU: virtual instruction. VTSR in VS: virtual instruction. */
    h->csr.medeleg = 0;
    expect_trap(h, I_SRET, MK_CAUSE_VIRTUAL_INSN);
    assert_int_equal(h->csr.mtval, I_SRET);
    h->csr.hstatus |= MK_HSTATUS_VTSR;
    set_mode(h, MK_PRIV_S, true);
    expect_trap(h, I_SRET, MK_CAUSE_VIRTUAL_INSN);
    /* U (V = 0): illegal; HS with TSR: illegal. */
    set_mode(h, MK_PRIV_U, false);
    expect_trap(h, I_SRET, MK_CAUSE_ILLEGAL_INSN);
    set_mode(h, MK_PRIV_S, false);
    h->csr.mstatus |= MK_MSTATUS_TSR;
    expect_trap(h, I_SRET, MK_CAUSE_ILLEGAL_INSN);
}

/* ---- WFI, SFENCE.VMA and the hypervisor instructions ---- */

static void test_wfi_rules(void **state)
{
    mk_hart_t *h = hart(state);
    /* VS without VTW: sleeps. */
    set_mode(h, MK_PRIV_S, true);
    h->pc = PC;
    exec(h, I_WFI);
    assert_false(h->trapped);
    assert_true(h->wfi);
    assert_int_equal(h->pc, PC + 4);
    h->wfi = false;
    /* VS with VTW: virtual instruction; VU: virtual instruction. */
    h->csr.hstatus |= MK_HSTATUS_VTW;
    set_mode(h, MK_PRIV_S, true);
    expect_trap(h, I_WFI, MK_CAUSE_VIRTUAL_INSN);
    h->csr.hstatus &= ~MK_HSTATUS_VTW;
    set_mode(h, MK_PRIV_U, true);
    expect_trap(h, I_WFI, MK_CAUSE_VIRTUAL_INSN);
    /* mstatus.TW takes precedence: illegal in VS (even with VTW) and VU. */
    h->csr.mstatus |= MK_MSTATUS_TW;
    h->csr.hstatus |= MK_HSTATUS_VTW;
    set_mode(h, MK_PRIV_S, true);
    expect_trap(h, I_WFI, MK_CAUSE_ILLEGAL_INSN);
    set_mode(h, MK_PRIV_U, true);
    expect_trap(h, I_WFI, MK_CAUSE_ILLEGAL_INSN);
    /* U (V = 0): illegal. HS without TW: sleeps, whatever VTW says. */
    h->csr.mstatus &= ~MK_MSTATUS_TW;
    set_mode(h, MK_PRIV_U, false);
    expect_trap(h, I_WFI, MK_CAUSE_ILLEGAL_INSN);
    set_mode(h, MK_PRIV_S, false);
    h->pc = PC;
    exec(h, I_WFI);
    assert_false(h->trapped);
    assert_true(h->wfi);
}

static void test_sfence_rules(void **state)
{
    mk_hart_t *h = hart(state);
    /* VS: allowed, even with mstatus.TVM; with VTVM: virtual. VU: virtual. */
    h->csr.mstatus |= MK_MSTATUS_TVM;
    set_mode(h, MK_PRIV_S, true);
    h->pc = PC;
    exec(h, I_SFENCE_VMA);
    assert_false(h->trapped);
    assert_int_equal(h->pc, PC + 4);
    h->csr.hstatus |= MK_HSTATUS_VTVM;
    expect_trap(h, I_SFENCE_VMA, MK_CAUSE_VIRTUAL_INSN);
    set_mode(h, MK_PRIV_U, true);
    expect_trap(h, I_SFENCE_VMA, MK_CAUSE_VIRTUAL_INSN);
    /* HS with TVM: illegal; U: illegal. */
    set_mode(h, MK_PRIV_S, false);
    expect_trap(h, I_SFENCE_VMA, MK_CAUSE_ILLEGAL_INSN);
    set_mode(h, MK_PRIV_U, false);
    expect_trap(h, I_SFENCE_VMA, MK_CAUSE_ILLEGAL_INSN);
}

static void test_hyp_insn_rules(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint32_t insns[] = { I_HLV_D, I_HLVX_WU, I_HSV_W, I_HFENCE_VVMA,
                                      I_HFENCE_GVMA };
    for (size_t i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        /* V = 1: virtual instruction, with the bits in xtval. */
        set_mode(h, MK_PRIV_S, true);
        expect_trap(h, insns[i], MK_CAUSE_VIRTUAL_INSN);
        assert_int_equal(h->csr.mtval, insns[i]);
        set_mode(h, MK_PRIV_U, true);
        expect_trap(h, insns[i], MK_CAUSE_VIRTUAL_INSN);
        /* U with HU = 0: illegal. */
        set_mode(h, MK_PRIV_U, false);
        expect_trap(h, insns[i], MK_CAUSE_ILLEGAL_INSN);
    }
    /* U with HU = 1: HLV/HSV allowed, HFENCE still illegal. */
    h->csr.hstatus |= MK_HSTATUS_HU;
    set_mode(h, MK_PRIV_U, false);
    expect_trap(h, I_HFENCE_VVMA, MK_CAUSE_ILLEGAL_INSN);
    set_mode(h, MK_PRIV_U, false);
    expect_trap(h, I_HFENCE_GVMA, MK_CAUSE_ILLEGAL_INSN);
    /* HS with TVM: HFENCE.GVMA illegal, HFENCE.VVMA allowed. */
    h->csr.mstatus |= MK_MSTATUS_TVM;
    set_mode(h, MK_PRIV_S, false);
    expect_trap(h, I_HFENCE_GVMA, MK_CAUSE_ILLEGAL_INSN);
    set_mode(h, MK_PRIV_S, false);
    h->pc = PC;
    exec(h, I_HFENCE_VVMA);
    assert_false(h->trapped);
    assert_int_equal(h->pc, PC + 4);
    /* M: both allowed whatever TVM says. */
    set_mode(h, MK_PRIV_M, false);
    h->pc = PC;
    exec(h, I_HFENCE_GVMA);
    assert_false(h->trapped);
}

/* HLV/HSV with vsatp and hgatp Bare: guest physical = physical, from HS, M and U with HU. */
static void test_hlv_hsv_bare(void **state)
{
    mk_hart_t *h = hart(state);
    mk_soc_t *soc = *state;
    const uint64_t addr = MK_DRAM_BASE + 0x10000;
    const uint64_t data = 0x8877665544332211ULL;
    assert_int_equal(mk_soc_phys_write(soc, addr, &data, 8), 0);
    /* PMP entry 0: NAPOT over everything, RWX (guest accesses are checked as VS/VU). */
    assert_true(mk_csr_write(h, MK_CSR_PMPADDR0, ~0ULL));
    assert_true(mk_csr_write(h, MK_CSR_PMPCFG0, 0x1F));
    h->x[1] = addr;                       /* hlv.d t6, (ra) */
    set_mode(h, MK_PRIV_S, false);
    h->pc = PC;
    exec(h, I_HLV_D);
    assert_false(h->trapped);
    assert_int_equal(h->x[31], data);
    assert_int_equal(h->pc, PC + 4);
    h->x[5] = addr + 8;                   /* hsv.w tp, (t0) */
    h->x[4] = 0xFFFFFFFFCAFEF00DULL;
    set_mode(h, MK_PRIV_M, false);
    h->pc = PC;
    exec(h, I_HSV_W);
    assert_false(h->trapped);
    uint64_t got = 0;
    assert_int_equal(mk_soc_phys_read(soc, addr + 8, &got, 8), 0);
    assert_int_equal(got, 0xCAFEF00DULL);
    h->csr.hstatus |= MK_HSTATUS_HU;
    set_mode(h, MK_PRIV_U, false);
    h->pc = PC;
    h->x[31] = 0;
    exec(h, I_HLV_D);
    assert_false(h->trapped);
    assert_int_equal(h->x[31], data);
}

/* ---- interrupts ---- */

static void test_vs_interrupts_at_hs(void **state)
{
    mk_hart_t *h = hart(state);
    /* hideleg = 0: VS-level interrupts are HS-level ones (mideleg bits read-only one). */
    h->csr.mie = VS_BITS;
    h->csr.mip = MK_MIP_VSSIP;
    set_mode(h, MK_PRIV_S, false);
    assert_int_equal(mk_trap_pending_interrupt(h), -1);     /* SIE = 0 */
    h->csr.mstatus |= MK_MSTATUS_SIE;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSSI);
    mk_take_interrupt(h, MK_IRQ_VSSI);
    assert_int_equal(h->csr.scause, IRQ(MK_IRQ_VSSI));
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_false(h->v);
    assert_false(hs(h, MK_HSTATUS_GVA));
    /* Never taken in M. */
    set_mode(h, MK_PRIV_M, false);
    h->csr.mstatus |= MK_MSTATUS_MIE | MK_MSTATUS_SIE;
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    /* From VS, an HS-level interrupt is taken whatever sstatus.SIE and vsstatus.SIE say. */
    h->csr.mstatus &= ~MK_MSTATUS_SIE;
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSSI);
    h->pc = PC;
    mk_take_interrupt(h, MK_IRQ_VSSI);
    assert_false(h->v);
    assert_true(hs(h, MK_HSTATUS_SPV));
    assert_int_equal(h->csr.sepc, PC);
    assert_int_equal(h->stats.trap_routes[MK_MODE_VS][MK_MODE_HS], 1);
}

static void test_vs_interrupts_to_vs(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.hideleg = VS_BITS;
    h->csr.mie = VS_BITS;
    h->csr.mip = MK_MIP_VSTIP;
    h->csr.vstvec = VSTVEC_BASE | 1;        /* vectored */
    /* Delegated to VS: never taken with V = 0, even in U. */
    set_mode(h, MK_PRIV_S, false);
    h->csr.mstatus |= MK_MSTATUS_SIE;
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    set_mode(h, MK_PRIV_U, false);
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    /* VS with vsstatus.SIE = 0: not taken; = 1: taken. VU: always. */
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
    set_mode(h, MK_PRIV_U, true);
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSTI);
    set_mode(h, MK_PRIV_S, true);
    h->csr.vsstatus |= MK_MSTATUS_SIE;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSTI);
    h->pc = PC;
    mk_take_interrupt(h, MK_IRQ_VSTI);
    /* The guest sees a supervisor timer interrupt (5), vectored by 5. */
    assert_true(h->v);
    assert_int_equal(h->priv, MK_PRIV_S);
    assert_int_equal(h->csr.vscause, IRQ(MK_IRQ_STI));
    assert_int_equal(h->pc, VSTVEC_BASE + 4 * MK_IRQ_STI);
    assert_int_equal(h->csr.vsepc, PC);
    assert_true(vss(h, MK_MSTATUS_SPIE));
    assert_false(vss(h, MK_MSTATUS_SIE));
    assert_true(vss(h, MK_MSTATUS_SPP));
    assert_int_equal(h->csr.scause, 0);
    assert_int_equal(h->stats.interrupts[MK_IRQ_VSTI], 1);
    /* The other two shift the same way. */
    static const int irqs[] = { MK_IRQ_VSSI, MK_IRQ_VSEI };
    for (size_t i = 0; i < 2; i++) {
        set_mode(h, MK_PRIV_U, true);
        mk_take_interrupt(h, irqs[i]);
        assert_int_equal(h->csr.vscause, IRQ((uint64_t)irqs[i] - 1));
    }
}

static void test_interrupt_priority(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mideleg = 0x222 | VS_BITS;
    h->csr.mie = 0xEEE;
    set_mode(h, MK_PRIV_U, true);
    /* At HS level: SEI, SSI, STI, then VSEI, VSSI, VSTI. */
    static const int hs_order[] = {
        MK_IRQ_SEI, MK_IRQ_SSI, MK_IRQ_STI, MK_IRQ_VSEI, MK_IRQ_VSSI, MK_IRQ_VSTI,
    };
    uint64_t pend = 0x222 | VS_BITS;
    for (size_t i = 0; i < sizeof hs_order / sizeof hs_order[0]; i++) {
        h->csr.mip = pend;
        assert_int_equal(mk_trap_pending_interrupt(h), hs_order[i]);
        pend &= ~(1ULL << hs_order[i]);
    }
    /* M-level first, then HS-level, then VS-level. */
    h->csr.mideleg = 0x222 | VS_BITS | MK_MIP_SGEIP;
    h->csr.hideleg = MK_MIP_VSEIP;
    h->csr.mip = MK_MIP_VSEIP | MK_MIP_VSTIP;
    h->irq_lines = MK_MIP_MTIP;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_MTI);
    h->irq_lines = 0;
    /* VSTIP (HS-level: not in hideleg) beats VSEIP (VS-level). */
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSTI);
    h->csr.mip = MK_MIP_VSEIP;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSEI);
    mk_take_interrupt(h, MK_IRQ_VSEI);
    assert_int_equal(h->csr.vscause, IRQ(MK_IRQ_SEI));
    /* VS-level order among themselves: VSEI, VSSI, VSTI. */
    h->csr.hideleg = VS_BITS;
    h->csr.vsstatus |= MK_MSTATUS_SIE;
    set_mode(h, MK_PRIV_S, true);
    h->csr.mip = VS_BITS;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSEI);
    h->csr.mip = MK_MIP_VSSIP | MK_MIP_VSTIP;
    assert_int_equal(mk_trap_pending_interrupt(h), MK_IRQ_VSSI);
    /* Disabled in vsie (hie): not taken. */
    h->csr.mie &= ~(MK_MIP_VSSIP | MK_MIP_VSTIP);
    assert_int_equal(mk_trap_pending_interrupt(h), -1);
}

static void test_vstimecmp_line(void **state)
{
    mk_hart_t *h = hart(state);
    mk_soc_t *soc = *state;
    h->cycle = 5 * 1000;                    /* mtime = 1000 */
    h->csr.vstimecmp = 1500;
    h->csr.htimedelta = 400;
    mk_soc_update_irqs(soc);
    assert_int_equal(h->irq_lines & MK_MIP_VSTIP, 0);   /* STCE off */
    assert_true(mk_csr_write(h, MK_CSR_MENVCFG, MK_MENVCFG_STCE));
    assert_true(mk_csr_write(h, MK_CSR_HENVCFG, MK_MENVCFG_STCE));
    mk_soc_update_irqs(soc);
    assert_int_equal(h->irq_lines & MK_MIP_VSTIP, 0);   /* 1400 < 1500 */
    /* The next event is when time + htimedelta reaches vstimecmp: mtime 1100. */
    assert_int_equal(mk_soc_next_event(soc) <= 5 * 1100ULL, true);
    assert_int_equal(mk_soc_next_event(soc) > h->cycle, true);
    h->csr.htimedelta = 500;
    mk_soc_update_irqs(soc);
    assert_int_equal(h->irq_lines & MK_MIP_VSTIP, MK_MIP_VSTIP);
    uint64_t v;
    assert_true(mk_csr_read(h, MK_CSR_HIP, false, &v));
    assert_int_equal(v & MK_MIP_VSTIP, MK_MIP_VSTIP);
    assert_true(mk_csr_read(h, MK_CSR_HVIP, false, &v));
    assert_int_equal(v, 0);
    /* henvcfg.STCE = 0: only hvip drives VSTIP. */
    assert_true(mk_csr_write(h, MK_CSR_HENVCFG, 0));
    mk_soc_update_irqs(soc);
    assert_int_equal(h->irq_lines & MK_MIP_VSTIP, 0);
    /* menvcfg.STCE = 0 clears henvcfg.STCE too. */
    assert_true(mk_csr_write(h, MK_CSR_HENVCFG, MK_MENVCFG_STCE));
    assert_true(mk_csr_write(h, MK_CSR_MENVCFG, 0));
    mk_soc_update_irqs(soc);
    assert_int_equal(h->irq_lines & MK_MIP_VSTIP, 0);
}

/* ---- commit log and mode changes ---- */

static void test_commitlog_v_marker(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    mk_retire_t r = { .event = MK_EVENT_RETIRE, .pc = 0x1000, .insn = 0x00000513,
                      .insn_len = 4, .priv = MK_PRIV_S, .v = true, .rd_valid = true, .rd = 10 };
    mk_commitlog_write(f, &r);
    r.v = false;
    mk_commitlog_write(f, &r);
    mk_retire_t e = { .event = MK_EVENT_EXCEPTION, .pc = 0x1000, .cause = 22, .v = true };
    mk_commitlog_write(f, &e);
    rewind(f);
    char line[256];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "core   0: 1 0x0000000000001000 (0x00000513) x10 "
                              "0x0000000000000000 virt\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "core   0: 1 0x0000000000001000 (0x00000513) x10 "
                              "0x0000000000000000\n");
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "core   0: exception virtual_instruction, epc 0x0000000000001000, "
                              "tval 0x0000000000000000 virt\n");
    fclose(f);
}

static void test_set_mode(void **state)
{
    mk_hart_t *h = hart(state);
    h->irq_recheck = false;
    mk_set_mode(h, MK_PRIV_M, false);
    assert_false(h->irq_recheck);           /* no change, nothing to do */
    mk_set_mode(h, MK_PRIV_S, true);
    assert_true(h->irq_recheck);
    assert_true(h->v);
    h->irq_recheck = false;
    mk_set_priv(h, MK_PRIV_U);              /* keeps V */
    assert_true(h->v);
    assert_int_equal(h->priv, MK_PRIV_U);
    assert_true(h->irq_recheck);
    assert_int_equal(mk_trap_mode_index(MK_PRIV_U, true), MK_MODE_VU);
    assert_int_equal(mk_trap_mode_index(MK_PRIV_S, true), MK_MODE_VS);
    assert_int_equal(mk_trap_mode_index(MK_PRIV_S, false), MK_MODE_HS);
    assert_int_equal(mk_trap_mode_index(MK_PRIV_M, false), MK_MODE_M);
    assert_int_equal(mk_trap_mode_index(MK_PRIV_U, false), MK_MODE_U);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_vu_to_vs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vs_to_vs_keeps_spp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vs_to_hs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_address_faults_set_gva, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hs_u_ignore_hedeleg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_to_m_from_v, setup, teardown),
        cmocka_unit_test_setup_teardown(test_routing_all_causes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecall_causes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mret_with_mpv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sret_from_hs_to_v, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sret_in_vs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wfi_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sfence_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hyp_insn_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hlv_hsv_bare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vs_interrupts_at_hs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vs_interrupts_to_vs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupt_priority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vstimecmp_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commitlog_v_marker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_mode, setup, teardown),
    };
    return cmocka_run_group_tests_name("htrap", tests, NULL, NULL);
}
