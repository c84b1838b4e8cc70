/* CSR file: WARL legalisation, read-only and privilege checks, counters, Zicsr semantics. */
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

#define ONES (~0ULL)
#define XL64 ((2ULL << MK_MSTATUS_UXL_SHIFT) | (2ULL << MK_MSTATUS_SXL_SHIFT))

static uint32_t csr_insn(unsigned f3, unsigned rd_, uint16_t csr, unsigned rs1)
{
    return ((uint32_t)csr << 20) | (rs1 << 15) | (f3 << 12) | (rd_ << 7) | 0x73u;
}

enum { F3_RW = 1, F3_RS = 2, F3_RC = 3, F3_RWI = 5, F3_RSI = 6, F3_RCI = 7 };

static void test_reset_values(void **state)
{
    mk_hart_t *h = hart(state);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_int_equal(rd(h, MK_CSR_MSTATUS), XL64);
    assert_int_equal(rd(h, MK_CSR_MISA), 0x8000000000141185ULL);
    assert_int_equal(rd(h, MK_CSR_MVENDORID), 0);
    assert_int_equal(rd(h, MK_CSR_MARCHID), 0x4D4B0001ULL);
    assert_int_equal(rd(h, MK_CSR_MIMPID), 0x00010000ULL);
    assert_int_equal(rd(h, MK_CSR_MHARTID), 0);
    assert_int_equal(rd(h, MK_CSR_MCONFIGPTR), 0);
    static const uint16_t zero[] = {
        MK_CSR_MEDELEG, MK_CSR_MIE, MK_CSR_MIP, MK_CSR_MTVEC, MK_CSR_STVEC,
        MK_CSR_MEPC, MK_CSR_SEPC, MK_CSR_MCAUSE, MK_CSR_SCAUSE, MK_CSR_SATP,
        MK_CSR_MCOUNTEREN, MK_CSR_SCOUNTEREN, MK_CSR_MCOUNTINHIBIT, MK_CSR_MENVCFG,
        MK_CSR_SENVCFG, MK_CSR_PMPCFG0, MK_CSR_PMPCFG0 + 2, MK_CSR_PMPADDR0,
    };
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        assert_int_equal(rd(h, zero[i]), 0);
    /* H: the VS-level and SGEI bits of mideleg are read-only one. */
    assert_int_equal(rd(h, MK_CSR_MIDELEG), 0x1444ULL);
}

static void test_mstatus_warl(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t writable = MK_MSTATUS_SIE | MK_MSTATUS_MIE | MK_MSTATUS_SPIE | MK_MSTATUS_MPIE |
                        MK_MSTATUS_SPP | MK_MSTATUS_MPP | MK_MSTATUS_MPRV | MK_MSTATUS_SUM |
                        MK_MSTATUS_MXR | MK_MSTATUS_TVM | MK_MSTATUS_TW | MK_MSTATUS_TSR |
                        MK_MSTATUS_GVA | MK_MSTATUS_MPV;
    assert_int_equal(wr_rd(h, MK_CSR_MSTATUS, ONES), writable | XL64);
    assert_int_equal(wr_rd(h, MK_CSR_MSTATUS, 0), XL64);
    /* MPP: U, S, M are legal; the reserved 2 leaves MPP unchanged. */
    assert_int_equal(wr_rd(h, MK_CSR_MSTATUS, 1ULL << MK_MSTATUS_MPP_SHIFT),
                     XL64 | (1ULL << MK_MSTATUS_MPP_SHIFT));
    assert_int_equal(wr_rd(h, MK_CSR_MSTATUS, 2ULL << MK_MSTATUS_MPP_SHIFT),
                     XL64 | (1ULL << MK_MSTATUS_MPP_SHIFT));
    assert_int_equal(wr_rd(h, MK_CSR_MSTATUS, 3ULL << MK_MSTATUS_MPP_SHIFT),
                     XL64 | MK_MSTATUS_MPP);
}

static void test_sstatus_view(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t s_writable = MK_MSTATUS_SIE | MK_MSTATUS_SPIE | MK_MSTATUS_SPP | MK_MSTATUS_SUM |
                          MK_MSTATUS_MXR;
    assert_int_equal(wr_rd(h, MK_CSR_SSTATUS, ONES), s_writable | (2ULL << 32));
    /* M-only fields stay out of the view and are not written through it. */
    assert_int_equal(rd(h, MK_CSR_MSTATUS), s_writable | XL64);
    wr(h, MK_CSR_MSTATUS, MK_MSTATUS_MIE | MK_MSTATUS_MPRV | MK_MSTATUS_TVM);
    assert_int_equal(rd(h, MK_CSR_SSTATUS), 2ULL << 32);
    wr(h, MK_CSR_SSTATUS, 0);
    assert_int_equal(rd(h, MK_CSR_MSTATUS),
                     XL64 | MK_MSTATUS_MIE | MK_MSTATUS_MPRV | MK_MSTATUS_TVM);
}

static void test_misa_tolerates_writes(void **state)
{
    mk_hart_t *h = hart(state);
    assert_int_equal(wr_rd(h, MK_CSR_MISA, 0), 0x8000000000141185ULL);
    assert_int_equal(wr_rd(h, MK_CSR_MISA, ONES), 0x8000000000141185ULL);
}

static void test_deleg_and_enable_masks(void **state)
{
    mk_hart_t *h = hart(state);
    assert_int_equal(wr_rd(h, MK_CSR_MEDELEG, ONES), 0xF0B7FFULL);
    assert_int_equal(wr_rd(h, MK_CSR_MEDELEG, 0), 0);
    assert_int_equal(wr_rd(h, MK_CSR_MIDELEG, ONES), 0x1666ULL);
    assert_int_equal(wr_rd(h, MK_CSR_MIDELEG, 0), 0x1444ULL);
    assert_int_equal(wr_rd(h, MK_CSR_MIE, ONES), 0xEEEULL);
    assert_int_equal(wr_rd(h, MK_CSR_MIE, 0), 0);
}

static void test_mip_lines_read_only(void **state)
{
    mk_hart_t *h = hart(state);
    assert_int_equal(wr_rd(h, MK_CSR_MIP, ONES), 0x226ULL);    /* with VSSIP (= hvip) */
    wr(h, MK_CSR_MIP, 0x222ULL);
    h->irq_lines = MK_MIP_MTIP | MK_MIP_MEIP | MK_MIP_MSIP;
    assert_int_equal(rd(h, MK_CSR_MIP), 0xAAAULL);
    assert_int_equal(wr_rd(h, MK_CSR_MIP, 0), 0x888ULL);
    assert_int_equal(h->csr.mip, 0);
}

static void test_sie_sip_through_mideleg(void **state)
{
    mk_hart_t *h = hart(state);
    /* Nothing delegated: sie/sip are all zero and ignore writes. */
    wr(h, MK_CSR_MIP, MK_MIP_SSIP | MK_MIP_STIP);
    wr(h, MK_CSR_MIE, MK_MIP_SSIP | MK_MIP_MTIP);
    assert_int_equal(rd(h, MK_CSR_SIP), 0);
    assert_int_equal(rd(h, MK_CSR_SIE), 0);
    wr(h, MK_CSR_SIE, ONES);
    assert_int_equal(rd(h, MK_CSR_MIE), MK_MIP_SSIP | MK_MIP_MTIP);

    /* SSI and STI delegated: they appear; SEI does not. */
    wr(h, MK_CSR_MIDELEG, MK_MIP_SSIP | MK_MIP_STIP);
    assert_int_equal(rd(h, MK_CSR_SIP), MK_MIP_SSIP | MK_MIP_STIP);
    assert_int_equal(rd(h, MK_CSR_SIE), MK_MIP_SSIP);
    assert_int_equal(wr_rd(h, MK_CSR_SIE, ONES), MK_MIP_SSIP | MK_MIP_STIP);
    assert_int_equal(rd(h, MK_CSR_MIE), MK_MIP_SSIP | MK_MIP_STIP | MK_MIP_MTIP);
    assert_int_equal(wr_rd(h, MK_CSR_SIE, 0), 0);
    assert_int_equal(rd(h, MK_CSR_MIE), MK_MIP_MTIP);

    /* Through sip only SSIP is writable; STIP stays as M-mode set it. */
    assert_int_equal(wr_rd(h, MK_CSR_SIP, 0), MK_MIP_STIP);
    assert_int_equal(wr_rd(h, MK_CSR_SIP, ONES), MK_MIP_SSIP | MK_MIP_STIP);
    assert_int_equal(h->csr.mip, MK_MIP_SSIP | MK_MIP_STIP);
    /* An undelegated SEI line is invisible in sip but visible in mip. */
    h->irq_lines = MK_MIP_SEIP;
    assert_int_equal(rd(h, MK_CSR_SIP), MK_MIP_SSIP | MK_MIP_STIP);
    assert_int_equal(rd(h, MK_CSR_MIP), MK_MIP_SSIP | MK_MIP_STIP | MK_MIP_SEIP);
    wr(h, MK_CSR_MIDELEG, MK_MIP_SEIP);
    assert_int_equal(rd(h, MK_CSR_SIP), MK_MIP_SEIP);
}

static void test_seip_read_modify_write(void **state)
{
    mk_hart_t *h = hart(state);
    h->irq_lines = MK_MIP_SEIP;
    h->x[6] = MK_MIP_SSIP;
    exec(h, csr_insn(F3_RS, 5, MK_CSR_MIP, 6));    /* csrrs x5, mip, x6 */
    assert_false(h->trapped);
    assert_int_equal(h->x[5], MK_MIP_SEIP);        /* rd sees the line */
    assert_int_equal(h->csr.mip, MK_MIP_SSIP);     /* but it was not latched */
    exec(h, csr_insn(F3_RC, 5, MK_CSR_MIP, 6));    /* csrrc x5, mip, x6 */
    assert_int_equal(h->x[5], MK_MIP_SSIP | MK_MIP_SEIP);
    assert_int_equal(h->csr.mip, 0);
    /* The software bit itself is set and cleared normally. */
    h->x[6] = MK_MIP_SEIP;
    exec(h, csr_insn(F3_RS, 0, MK_CSR_MIP, 6));
    assert_int_equal(h->csr.mip, MK_MIP_SEIP);
    h->irq_lines = 0;
    assert_int_equal(rd(h, MK_CSR_MIP), MK_MIP_SEIP);
}

static void test_tvec_epc_cause_tval(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint16_t tvecs[] = {MK_CSR_MTVEC, MK_CSR_STVEC};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(wr_rd(h, tvecs[i], 0x80001001ULL), 0x80001001ULL);  /* vectored */
        assert_int_equal(wr_rd(h, tvecs[i], 0x80001003ULL), 0x80001001ULL);  /* mode 3 -> 1 */
        assert_int_equal(wr_rd(h, tvecs[i], 0x80001002ULL), 0x80001000ULL);  /* mode 2 -> 0 */
        assert_int_equal(wr_rd(h, tvecs[i], ONES), ~2ULL);
    }
    assert_int_equal(wr_rd(h, MK_CSR_MEPC, ONES), ~1ULL);
    assert_int_equal(wr_rd(h, MK_CSR_SEPC, ONES), ~1ULL);
    assert_int_equal(wr_rd(h, MK_CSR_MEPC, 0x80000002ULL), 0x80000002ULL);
    assert_int_equal(wr_rd(h, MK_CSR_MCAUSE, ONES), MK_CAUSE_INTERRUPT | 0x1F);
    assert_int_equal(wr_rd(h, MK_CSR_SCAUSE, ONES), MK_CAUSE_INTERRUPT | 0x1F);
    assert_int_equal(wr_rd(h, MK_CSR_MCAUSE, 0), 0);
    static const uint16_t full[] = {MK_CSR_MTVAL, MK_CSR_STVAL, MK_CSR_MSCRATCH, MK_CSR_SSCRATCH};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(wr_rd(h, full[i], ONES), ONES);
        assert_int_equal(wr_rd(h, full[i], 0x123456789ABCDEF0ULL), 0x123456789ABCDEF0ULL);
    }
}

static void test_counteren_envcfg_inhibit(void **state)
{
    mk_hart_t *h = hart(state);
    assert_int_equal(wr_rd(h, MK_CSR_MCOUNTEREN, ONES), 0xFFFFFFFFULL);
    assert_int_equal(wr_rd(h, MK_CSR_SCOUNTEREN, ONES), 0xFFFFFFFFULL);
    assert_int_equal(wr_rd(h, MK_CSR_MENVCFG, ONES), MK_MENVCFG_STCE | 1);
    assert_int_equal(wr_rd(h, MK_CSR_SENVCFG, ONES), 1);
    assert_int_equal(wr_rd(h, MK_CSR_MCOUNTINHIBIT, ONES), 5);
    assert_int_equal(wr_rd(h, MK_CSR_MCOUNTINHIBIT, 0), 0);
}

static void test_satp_modes(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t sv39 = (8ULL << 60) | (0xABCDULL << 44) | 0x80123ULL;
    assert_int_equal(wr_rd(h, MK_CSR_SATP, sv39), sv39);
    /* Sv48, Sv57 and reserved modes: the whole write has no effect. */
    assert_int_equal(wr_rd(h, MK_CSR_SATP, (9ULL << 60) | 5), sv39);
    assert_int_equal(wr_rd(h, MK_CSR_SATP, (10ULL << 60) | 5), sv39);
    assert_int_equal(wr_rd(h, MK_CSR_SATP, (1ULL << 60) | 5), sv39);
    assert_int_equal(wr_rd(h, MK_CSR_SATP, ONES), sv39);
    assert_int_equal(wr_rd(h, MK_CSR_SATP, 0), 0);
    /* 16 ASID bits and 44 PPN bits are all kept. */
    uint64_t full = (8ULL << 60) | (0xFFFFULL << 44) | ((1ULL << 44) - 1);
    assert_int_equal(wr_rd(h, MK_CSR_SATP, full), full);
}

static void test_read_only_csrs(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint16_t ro[] = {
        MK_CSR_MVENDORID, MK_CSR_MARCHID, MK_CSR_MIMPID, MK_CSR_MHARTID, MK_CSR_MCONFIGPTR,
        MK_CSR_CYCLE, MK_CSR_TIME, MK_CSR_INSTRET, MK_CSR_HPMCOUNTER3, MK_CSR_HPMCOUNTER31,
    };
    h->csr.mcounteren = ONES;
    for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++) {
        uint64_t v;
        assert_false(mk_csr_write(h, ro[i], 0));
        assert_false(mk_csr_read(h, ro[i], true, &v));
        assert_true(mk_csr_read(h, ro[i], false, &v));
    }
    /* Read-only-zero but writable-address CSRs: writes are accepted and ignored. */
    static const uint16_t zero[] = {
        MK_CSR_MHPMCOUNTER3, MK_CSR_MHPMCOUNTER31, MK_CSR_MHPMEVENT3, MK_CSR_MHPMEVENT31,
        MK_CSR_PMPADDR0 + 16, MK_CSR_PMPADDR63, MK_CSR_PMPCFG0 + 4, MK_CSR_PMPCFG0 + 14,
    };
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        assert_int_equal(wr_rd(h, zero[i], ONES), 0);
    assert_int_equal(rd(h, MK_CSR_HPMCOUNTER3), 0);
}

/* Sstc: stimecmp access rules, the comparator drives STIP, and STIP is read-only meanwhile. */
static void test_sstc(void **state)
{
    mk_soc_t *soc = *state;
    mk_hart_t *h = hart(state);
    assert_int_equal(rd(h, MK_CSR_STIMECMP), ONES);
    /* S-mode needs both menvcfg.STCE and mcounteren.TM. */
    h->priv = MK_PRIV_S;
    assert_false(can_read(h, MK_CSR_STIMECMP));
    h->priv = MK_PRIV_M;
    wr(h, MK_CSR_MCOUNTEREN, 2);
    h->priv = MK_PRIV_S;
    assert_false(can_read(h, MK_CSR_STIMECMP));
    h->priv = MK_PRIV_M;
    wr(h, MK_CSR_MENVCFG, MK_MENVCFG_STCE);
    wr(h, MK_CSR_MCOUNTEREN, 0);
    h->priv = MK_PRIV_S;
    assert_false(can_read(h, MK_CSR_STIMECMP));
    h->priv = MK_PRIV_M;
    wr(h, MK_CSR_MCOUNTEREN, 2);
    h->priv = MK_PRIV_S;
    assert_int_equal(wr_rd(h, MK_CSR_STIMECMP, 0x1234), 0x1234);
    h->priv = MK_PRIV_U;
    assert_false(can_read(h, MK_CSR_STIMECMP));
    h->priv = MK_PRIV_M;

    /* The comparator: time >= stimecmp raises STIP; software cannot set or clear it. */
    wr(h, MK_CSR_STIMECMP, mk_soc_mtime(soc) + 10);
    mk_soc_update_irqs(soc);
    assert_int_equal(rd(h, MK_CSR_MIP) & MK_MIP_STIP, 0);
    wr(h, MK_CSR_MIP, MK_MIP_STIP);
    assert_int_equal(rd(h, MK_CSR_MIP) & MK_MIP_STIP, 0);
    assert_int_equal(h->csr.mip & MK_MIP_STIP, 0);
    assert_true(mk_soc_next_event(soc) <= h->cycle + 10 * MK_MTIME_DIVIDER);
    h->cycle += 10 * MK_MTIME_DIVIDER;
    mk_soc_update_irqs(soc);
    assert_int_equal(rd(h, MK_CSR_MIP) & MK_MIP_STIP, MK_MIP_STIP);
    /* With STCE = 0 the comparator is disconnected and STIP is the software bit again. */
    wr(h, MK_CSR_MENVCFG, 0);
    mk_soc_update_irqs(soc);
    assert_int_equal(rd(h, MK_CSR_MIP) & MK_MIP_STIP, 0);
    assert_int_equal(wr_rd(h, MK_CSR_MIP, MK_MIP_STIP) & MK_MIP_STIP, MK_MIP_STIP);
}

static void test_nonexistent_csrs(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint16_t none[] = {
        0x001, 0x002, 0x003,            /* fflags, frm, fcsr: no F */
        0x008, 0xC20,                   /* vstart, vl: no V */
        0x7A0, 0x7B0,                   /* tselect, dcsr: no debug */
        0x601, 0x6C0, 0x2FF,            /* unused hypervisor/VS addresses */
        0x615, 0x25D,                   /* htimedeltah, vstimecmph: RV32 only */
        0xC80, 0xC82, 0xB80,            /* RV32-only high halves */
        MK_CSR_PMPCFG0 + 1, MK_CSR_PMPCFG15, /* odd pmpcfg */
        0x3A0 - 1, 0x5C0, 0xFFF,
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        uint64_t v;
        assert_false(mk_csr_read(h, none[i], false, &v));
        assert_false(mk_csr_write(h, none[i], 0));
    }
}

static void test_privilege_checks(void **state)
{
    mk_hart_t *h = hart(state);
    h->priv = MK_PRIV_S;
    assert_false(can_read(h, MK_CSR_MSTATUS));
    assert_false(can_read(h, MK_CSR_MSCRATCH));
    assert_false(can_read(h, MK_CSR_MHARTID));
    assert_false(mk_csr_write(h, MK_CSR_MTVEC, 0));
    assert_true(can_read(h, MK_CSR_SSTATUS));
    assert_true(can_read(h, MK_CSR_SATP));
    assert_true(mk_csr_write(h, MK_CSR_SSCRATCH, 7));
    h->priv = MK_PRIV_U;
    assert_false(can_read(h, MK_CSR_SSTATUS));
    assert_false(mk_csr_write(h, MK_CSR_SSCRATCH, 0));
    assert_int_equal(h->csr.sscratch, 7);
}

static void test_tvm_blocks_satp_in_s(void **state)
{
    mk_hart_t *h = hart(state);
    wr(h, MK_CSR_MSTATUS, MK_MSTATUS_TVM);
    h->priv = MK_PRIV_S;
    assert_false(can_read(h, MK_CSR_SATP));
    assert_false(mk_csr_write(h, MK_CSR_SATP, 0));
    h->priv = MK_PRIV_M;
    assert_true(can_read(h, MK_CSR_SATP));      /* TVM does not apply to M */
    wr(h, MK_CSR_MSTATUS, 0);
    h->priv = MK_PRIV_S;
    assert_true(mk_csr_write(h, MK_CSR_SATP, 0));
}

static void test_counteren_gating(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint16_t ctr[] = {MK_CSR_CYCLE, MK_CSR_TIME, MK_CSR_INSTRET,
                                   MK_CSR_HPMCOUNTER3, MK_CSR_HPMCOUNTER31};
    for (size_t i = 0; i < sizeof ctr / sizeof ctr[0]; i++) {
        uint64_t bit = 1ULL << (ctr[i] & 31);
        h->csr.mcounteren = 0;
        h->csr.scounteren = ONES;
        h->priv = MK_PRIV_M;
        assert_true(can_read(h, ctr[i]));       /* M ignores counteren */
        h->priv = MK_PRIV_S;
        assert_false(can_read(h, ctr[i]));
        h->priv = MK_PRIV_U;
        assert_false(can_read(h, ctr[i]));
        h->csr.mcounteren = ONES & ~bit;        /* other bits do not help */
        h->priv = MK_PRIV_S;
        assert_false(can_read(h, ctr[i]));
        h->csr.mcounteren = bit;
        assert_true(can_read(h, ctr[i]));
        h->priv = MK_PRIV_U;
        assert_true(can_read(h, ctr[i]));
        h->csr.scounteren = ONES & ~bit;
        assert_false(can_read(h, ctr[i]));
        h->priv = MK_PRIV_S;
        assert_true(can_read(h, ctr[i]));       /* scounteren does not gate S */
    }
}

static void test_counters(void **state)
{
    mk_soc_t *soc = *state;
    mk_hart_t *h = hart(state);
    mk_retire_t rec = {0};
    h->cycle = 1000;
    h->instret = 500;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), rd(h, MK_CSR_CYCLE));
    assert_int_equal(rd(h, MK_CSR_MINSTRET), rd(h, MK_CSR_INSTRET));
    assert_int_equal(rd(h, MK_CSR_TIME), mk_soc_mtime(soc));

    h->rec = &rec;
    wr(h, MK_CSR_MCYCLE, 5000);
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 5000);
    h->cycle += 3;
    assert_int_equal(rd(h, MK_CSR_CYCLE), 5003);

    /* The writing instruction is not counted: the next one reads exactly the written value. */
    wr(h, MK_CSR_MINSTRET, 100);
    h->instret++;                   /* the step loop counts the csrw */
    assert_int_equal(rd(h, MK_CSR_MINSTRET), 100);
    h->instret++;
    assert_int_equal(rd(h, MK_CSR_INSTRET), 101);
    h->rec = NULL;
    assert_int_equal(rec.csr_count, 2);
    assert_int_equal(rec.csr[0].addr, MK_CSR_MCYCLE);
    assert_int_equal(rec.csr[0].value, 5000);
    assert_int_equal(rec.csr[1].addr, MK_CSR_MINSTRET);
    assert_int_equal(rec.csr[1].value, 100);
}

static void test_countinhibit_freezes(void **state)
{
    mk_hart_t *h = hart(state);
    h->cycle = 10;
    h->instret = 10;
    wr(h, MK_CSR_MCYCLE, 0);
    wr(h, MK_CSR_MINSTRET, 0);
    h->instret++;
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MINSTRET), 0);
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 1);
    wr(h, MK_CSR_MCOUNTINHIBIT, 5);           /* freeze both: 1 and 0 */
    h->instret += 7;
    h->cycle += 7;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 1);
    assert_int_equal(rd(h, MK_CSR_MINSTRET), 0);
    wr(h, MK_CSR_MINSTRET, 42);               /* writes while frozen stick */
    assert_int_equal(rd(h, MK_CSR_MINSTRET), 42);
    wr(h, MK_CSR_MCOUNTINHIBIT, 0);           /* resume; the writer's cycle is not counted */
    h->instret++;
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MINSTRET), 42);
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 1);
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 2);
    /* Writing mcountinhibit without changing IR does not disturb minstret. */
    wr(h, MK_CSR_MCOUNTINHIBIT, 1);
    h->instret++;
    assert_int_equal(rd(h, MK_CSR_MINSTRET), 43);
}

/*
 * docs/isa.md "Counters" (timing.md Question 10): a write that changes mcountinhibit.CY, in
 * either direction, drops the increment of the writer's own cycle c: mcycle reads in c + 1 the
 * value it had in c. The same for IR and the writer's retirement.
 */
static void test_countinhibit_edges_drop_one_increment(void **state)
{
    mk_hart_t *h = hart(state);
    h->cycle = 100;
    h->instret = 50;
    wr(h, MK_CSR_MCYCLE, 7);                  /* cycle 100 */
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 8);
    /* Inhibit in cycle 102 (reads 9 there): 9 from then on. */
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 9);
    wr(h, MK_CSR_MCOUNTINHIBIT, 1);
    h->cycle += 5;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 9);
    /* Resume in cycle 107 (reads 9): 9 in 108, 10 in 109. */
    wr(h, MK_CSR_MCOUNTINHIBIT, 0);
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 9);
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 10);
    /* A write that leaves CY alone (IR only) keeps mcycle counting. */
    wr(h, MK_CSR_MCOUNTINHIBIT, 4);
    h->cycle++;
    assert_int_equal(rd(h, MK_CSR_MCYCLE), 11);
    /* IR: the writer of the change (either direction) is not counted. */
    uint64_t frozen = rd(h, MK_CSR_MINSTRET);
    h->instret++;                             /* the writer retires */
    assert_int_equal(rd(h, MK_CSR_MINSTRET), frozen);
    wr(h, MK_CSR_MCOUNTINHIBIT, 0);
    h->instret++;                             /* the writer retires, not counted */
    assert_int_equal(rd(h, MK_CSR_MINSTRET), frozen);
    h->instret++;
    assert_int_equal(rd(h, MK_CSR_MINSTRET), frozen + 1);
}

static void test_pmp_csrs(void **state)
{
    mk_hart_t *h = hart(state);
    assert_int_equal(wr_rd(h, MK_CSR_PMPADDR0 + 3, 0x12345ULL), 0x12345ULL);
    assert_int_equal(wr_rd(h, MK_CSR_PMPCFG0, 0x1FULL), 0x1FULL);   /* NAPOT RWX */
    assert_int_equal(wr_rd(h, MK_CSR_PMPCFG0 + 2, 0x0F00ULL), 0x0F00ULL); /* entry 9 TOR RWX */
}

static void test_csr_instructions(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t pc = h->pc;
    h->x[1] = 0x1234;
    exec(h, csr_insn(F3_RW, 2, MK_CSR_MSCRATCH, 1));    /* csrrw x2, mscratch, x1 */
    assert_int_equal(h->x[2], 0);
    assert_int_equal(h->csr.mscratch, 0x1234);
    assert_int_equal(h->pc, pc + 4);
    exec(h, csr_insn(F3_RW, 1, MK_CSR_MSCRATCH, 1));    /* rd == rs1: old value to rd */
    assert_int_equal(h->x[1], 0x1234);
    h->x[3] = 0xF0;
    exec(h, csr_insn(F3_RS, 4, MK_CSR_MSCRATCH, 3));
    assert_int_equal(h->x[4], 0x1234);
    assert_int_equal(h->csr.mscratch, 0x12F4);
    exec(h, csr_insn(F3_RC, 4, MK_CSR_MSCRATCH, 3));
    assert_int_equal(h->x[4], 0x12F4);
    assert_int_equal(h->csr.mscratch, 0x1204);
    exec(h, csr_insn(F3_RWI, 5, MK_CSR_MSCRATCH, 31));
    assert_int_equal(h->x[5], 0x1204);
    assert_int_equal(h->csr.mscratch, 31);
    exec(h, csr_insn(F3_RCI, 5, MK_CSR_MSCRATCH, 3));
    assert_int_equal(h->csr.mscratch, 28);
    exec(h, csr_insn(F3_RSI, 5, MK_CSR_MSCRATCH, 1));
    assert_int_equal(h->x[5], 28);
    assert_int_equal(h->csr.mscratch, 29);
    assert_int_equal(h->pc, pc + 7 * 4);
    assert_false(h->trapped);
}

static void test_csr_instruction_illegal(void **state)
{
    mk_hart_t *h = hart(state);
    wr(h, MK_CSR_MTVEC, 0x80004000ULL);
    uint64_t pc = h->pc;
    /* Reads of read-only CSRs with a zero source do not write, so they are legal. */
    exec(h, csr_insn(F3_RS, 1, MK_CSR_MARCHID, 0));
    assert_false(h->trapped);
    assert_int_equal(h->x[1], MK_MARCHID);
    exec(h, csr_insn(F3_RSI, 1, MK_CSR_MIMPID, 0));
    assert_false(h->trapped);
    assert_int_equal(h->x[1], MK_MIMPID);
    assert_int_equal(h->pc, pc + 8);

    /* A non-zero source is a write attempt: illegal, nothing changes, tval = the bits. */
    pc = h->pc;
    h->x[1] = 77;
    uint32_t bits = csr_insn(F3_RSI, 1, MK_CSR_MARCHID, 1);
    exec(h, bits);
    assert_true(h->trapped);
    assert_int_equal(h->x[1], 77);
    assert_int_equal(h->csr.mcause, MK_CAUSE_ILLEGAL_INSN);
    assert_int_equal(h->csr.mtval, bits);
    assert_int_equal(h->csr.mepc, pc);
    assert_int_equal(h->pc, 0x80004000ULL);

    /* csrrw x0 to a read-only CSR is illegal even though it does not read. */
    bits = csr_insn(F3_RW, 0, MK_CSR_CYCLE, 1);
    h->pc = pc;
    exec(h, bits);
    assert_true(h->trapped);
    assert_int_equal(h->csr.mtval, bits);

    /* From U-mode, an M-level CSR is illegal and rd is untouched. */
    h->pc = pc;
    h->priv = MK_PRIV_U;
    h->x[2] = 5;
    bits = csr_insn(F3_RS, 2, MK_CSR_MSTATUS, 0);
    exec(h, bits);
    assert_true(h->trapped);
    assert_int_equal(h->x[2], 5);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_int_equal(h->csr.mtval, bits);
}

static void test_write_record_and_recheck(void **state)
{
    mk_hart_t *h = hart(state);
    mk_retire_t rec = {0};
    h->rec = &rec;
    h->irq_recheck = false;
    wr(h, MK_CSR_MIE, ONES);
    assert_true(h->irq_recheck);
    h->irq_recheck = false;
    wr(h, MK_CSR_SSTATUS, ONES);              /* sets SIE */
    assert_true(h->irq_recheck);
    h->rec = NULL;
    assert_int_equal(rec.csr_count, 2);
    assert_int_equal(rec.csr[0].addr, MK_CSR_MIE);
    assert_int_equal(rec.csr[0].value, 0xEEE);
    assert_int_equal(rec.csr[1].addr, MK_CSR_SSTATUS);
    assert_int_equal(rec.csr[1].value, rd(h, MK_CSR_SSTATUS));
    /* A failed access records nothing. */
    h->rec = &rec;
    assert_false(mk_csr_write(h, MK_CSR_MARCHID, 1));
    h->rec = NULL;
    assert_int_equal(rec.csr_count, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, teardown)
        T(test_reset_values),
        T(test_mstatus_warl),
        T(test_sstatus_view),
        T(test_misa_tolerates_writes),
        T(test_deleg_and_enable_masks),
        T(test_mip_lines_read_only),
        T(test_sie_sip_through_mideleg),
        T(test_seip_read_modify_write),
        T(test_tvec_epc_cause_tval),
        T(test_counteren_envcfg_inhibit),
        T(test_satp_modes),
        T(test_read_only_csrs),
        T(test_nonexistent_csrs),
        T(test_sstc),
        T(test_privilege_checks),
        T(test_tvm_blocks_satp_in_s),
        T(test_counteren_gating),
        T(test_counters),
        T(test_countinhibit_freezes),
        T(test_countinhibit_edges_drop_one_increment),
        T(test_pmp_csrs),
        T(test_csr_instructions),
        T(test_csr_instruction_illegal),
        T(test_write_record_and_recheck),
#undef T
    };
    return cmocka_run_group_tests_name("csr", tests, NULL, NULL);
}
