/* H extension CSRs: reset values, WARL rules, hip/hie/hvip/vsip/vsie aliasing, the S -> VS
 * substitution with V = 1, and the access rules (illegal versus virtual instruction) from
 * every mode. */
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
#define VS_BITS (MK_MIP_VSSIP | MK_MIP_VSTIP | MK_MIP_VSEIP)
#define VSXL64 (2ULL << MK_HSTATUS_VSXL_SHIFT)
#define UXL64 (2ULL << MK_MSTATUS_UXL_SHIFT)
#define ILL MK_CAUSE_ILLEGAL_INSN
#define VIRT MK_CAUSE_VIRTUAL_INSN

/* 0 if the access is allowed, else the exception it raises (no state changes). */
static uint64_t access(mk_hart_t *h, uint16_t addr, bool write)
{
    uint64_t v;
    if (mk_csr_read(h, addr, write, &v))
        return 0;
    return mk_csr_fault_cause(h, addr, write);
}

static void set_mode(mk_hart_t *h, unsigned priv, bool v)
{
    h->priv = (uint8_t)priv;
    h->v = v;
}

static uint32_t csr_insn(unsigned f3, unsigned rd_, uint16_t csr, unsigned rs1)
{
    return ((uint32_t)csr << 20) | (rs1 << 15) | (f3 << 12) | (rd_ << 7) | 0x73u;
}

static void test_reset_values(void **state)
{
    mk_hart_t *h = hart(state);
    assert_int_equal(rd(h, MK_CSR_MISA) & (1ULL << ('H' - 'A')), 1ULL << ('H' - 'A'));
    assert_int_equal(rd(h, MK_CSR_HSTATUS), VSXL64);
    assert_int_equal(rd(h, MK_CSR_VSSTATUS), UXL64);
    assert_int_equal(rd(h, MK_CSR_MIDELEG), VS_BITS | MK_MIP_SGEIP);
    assert_int_equal(rd(h, MK_CSR_VSTIMECMP), ONES);
    static const uint16_t zero[] = {
        MK_CSR_HEDELEG, MK_CSR_HIDELEG, MK_CSR_HIE, MK_CSR_HIP, MK_CSR_HVIP, MK_CSR_HGEIE,
        MK_CSR_HGEIP, MK_CSR_HTIMEDELTA, MK_CSR_HCOUNTEREN, MK_CSR_HENVCFG, MK_CSR_HTVAL,
        MK_CSR_HTINST, MK_CSR_HGATP, MK_CSR_VSIE, MK_CSR_VSIP, MK_CSR_VSTVEC,
        MK_CSR_VSSCRATCH, MK_CSR_VSEPC, MK_CSR_VSCAUSE, MK_CSR_VSTVAL, MK_CSR_VSATP,
        MK_CSR_MTVAL2, MK_CSR_MTINST,
    };
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        assert_int_equal(rd(h, zero[i]), 0);
    assert_false(h->v);
}

/* mtval2, mtinst, htval, htinst, vstval and vsscratch are 0 at power-up and kept by a later
 * reset (the RTL holds them in RAM without a reset); the other H CSRs reset. */
static void test_reset_keeps_stored_only_csrs(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint16_t kept[] = {
        MK_CSR_MTVAL2, MK_CSR_MTINST, MK_CSR_HTVAL, MK_CSR_HTINST, MK_CSR_VSTVAL,
        MK_CSR_VSSCRATCH, MK_CSR_MEPC, MK_CSR_SEPC, MK_CSR_VSEPC,
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        wr(h, kept[i], 0x1234000 + 2 * i);
    wr(h, MK_CSR_VSCAUSE, 5);
    wr(h, MK_CSR_HTIMEDELTA, 77);
    mk_hart_reset(h);
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        assert_int_equal(rd(h, kept[i]), 0x1234000 + 2 * i);
    assert_int_equal(rd(h, MK_CSR_VSCAUSE), 0);
    assert_int_equal(rd(h, MK_CSR_HTIMEDELTA), 0);
}

static void test_status_warl(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t hs_writable = MK_HSTATUS_VTSR | MK_HSTATUS_VTW | MK_HSTATUS_VTVM | MK_HSTATUS_HU |
                           MK_HSTATUS_SPVP | MK_HSTATUS_SPV | MK_HSTATUS_GVA;
    /* VSXL stays 2, VSBE and VGEIN (GEILEN = 0) stay zero. */
    assert_int_equal(wr_rd(h, MK_CSR_HSTATUS, ONES), hs_writable | VSXL64);
    assert_int_equal(wr_rd(h, MK_CSR_HSTATUS, 0), VSXL64);
    /* vsstatus: the sstatus fields, UXL read-only 2. */
    uint64_t s_writable = MK_MSTATUS_SIE | MK_MSTATUS_SPIE | MK_MSTATUS_SPP | MK_MSTATUS_SUM |
                          MK_MSTATUS_MXR;
    assert_int_equal(wr_rd(h, MK_CSR_VSSTATUS, ONES), s_writable | UXL64);
    assert_int_equal(wr_rd(h, MK_CSR_VSSTATUS, 0), UXL64);
    /* mstatus: MPV and GVA are writable by M; they are not in sstatus. */
    wr(h, MK_CSR_MSTATUS, MK_MSTATUS_MPV | MK_MSTATUS_GVA);
    assert_int_equal(rd(h, MK_CSR_MSTATUS) & (MK_MSTATUS_MPV | MK_MSTATUS_GVA),
                     MK_MSTATUS_MPV | MK_MSTATUS_GVA);
    assert_int_equal(rd(h, MK_CSR_SSTATUS) & (MK_MSTATUS_MPV | MK_MSTATUS_GVA), 0);
    /* vsstatus and mstatus are separate registers. */
    assert_int_equal(rd(h, MK_CSR_VSSTATUS), UXL64);
}

static void test_delegation_warl(void **state)
{
    mk_hart_t *h = hart(state);
    /* medeleg gains 10 and 20-23; 11 stays read-only zero. */
    assert_int_equal(wr_rd(h, MK_CSR_MEDELEG, ONES), 0xF0B7FFULL);
    /* hedeleg: 0-8, 12, 13, 15 (hypervisor.adoc table); 9-11 and 20-23 read-only zero. */
    assert_int_equal(wr_rd(h, MK_CSR_HEDELEG, ONES), 0xB1FFULL);
    assert_int_equal(wr_rd(h, MK_CSR_HEDELEG, 0), 0);
    /* hideleg: only the VS-level interrupts. */
    assert_int_equal(wr_rd(h, MK_CSR_HIDELEG, ONES), VS_BITS);
    assert_int_equal(wr_rd(h, MK_CSR_HIDELEG, 0), 0);
    /* mideleg: VS bits and SGEI read-only one. */
    assert_int_equal(wr_rd(h, MK_CSR_MIDELEG, ONES), 0x222ULL | VS_BITS | MK_MIP_SGEIP);
    assert_int_equal(wr_rd(h, MK_CSR_MIDELEG, 0), VS_BITS | MK_MIP_SGEIP);
    /* hcounteren: 32 bits. */
    assert_int_equal(wr_rd(h, MK_CSR_HCOUNTEREN, ONES), 0xFFFFFFFFULL);
}

static void test_interrupt_registers(void **state)
{
    mk_hart_t *h = hart(state);
    /* hvip: the three VS bits; they show in mip and hip. */
    assert_int_equal(wr_rd(h, MK_CSR_HVIP, ONES), VS_BITS);
    assert_int_equal(rd(h, MK_CSR_MIP), VS_BITS);
    assert_int_equal(rd(h, MK_CSR_HIP), VS_BITS);
    /* hip: only VSSIP is writable (alias of hvip.VSSIP). */
    assert_int_equal(wr_rd(h, MK_CSR_HIP, 0), MK_MIP_VSTIP | MK_MIP_VSEIP);
    assert_int_equal(rd(h, MK_CSR_HVIP), MK_MIP_VSTIP | MK_MIP_VSEIP);
    wr(h, MK_CSR_HIP, ONES);
    assert_int_equal(rd(h, MK_CSR_HVIP), VS_BITS);
    /* mip: VSSIP writable, VSTIP and VSEIP read-only. */
    assert_int_equal(wr_rd(h, MK_CSR_MIP, 0), MK_MIP_VSTIP | MK_MIP_VSEIP);
    wr(h, MK_CSR_HVIP, 0);
    assert_int_equal(wr_rd(h, MK_CSR_MIP, ONES), 0x222ULL | MK_MIP_VSSIP);
    wr(h, MK_CSR_MIP, 0);
    /* A device-driven VSTIP (the vstimecmp comparator) shows in hip but not in hvip. */
    h->irq_lines = MK_MIP_VSTIP;
    assert_int_equal(rd(h, MK_CSR_HIP), MK_MIP_VSTIP);
    assert_int_equal(rd(h, MK_CSR_HVIP), 0);
    h->irq_lines = 0;
    /* hie: the VS enables, aliases of mie's; SGEIE read-only zero (GEILEN = 0). */
    assert_int_equal(wr_rd(h, MK_CSR_HIE, ONES), VS_BITS);
    assert_int_equal(rd(h, MK_CSR_MIE), VS_BITS);
    assert_int_equal(wr_rd(h, MK_CSR_MIE, ONES), 0xAAAULL | VS_BITS);
    assert_int_equal(rd(h, MK_CSR_HIE), VS_BITS);
    /* sie/sip never show VS bits, although mideleg has them. */
    wr(h, MK_CSR_MIDELEG, ONES);
    wr(h, MK_CSR_HVIP, ONES);
    assert_int_equal(rd(h, MK_CSR_SIE), 0x222ULL);
    assert_int_equal(rd(h, MK_CSR_SIP) & VS_BITS, 0);
    /* hgeie/hgeip: GEILEN = 0. hgeip is read-only. */
    assert_int_equal(wr_rd(h, MK_CSR_HGEIE, ONES), 0);
    assert_int_equal(rd(h, MK_CSR_HGEIP), 0);
    assert_false(mk_csr_write(h, MK_CSR_HGEIP, 0));
}

static void test_vsip_vsie_shift(void **state)
{
    mk_hart_t *h = hart(state);
    wr(h, MK_CSR_HVIP, VS_BITS);
    wr(h, MK_CSR_HIE, VS_BITS);
    /* Not delegated by hideleg: read-only zero. */
    assert_int_equal(rd(h, MK_CSR_VSIP), 0);
    assert_int_equal(rd(h, MK_CSR_VSIE), 0);
    wr(h, MK_CSR_VSIE, 0);
    assert_int_equal(rd(h, MK_CSR_HIE), VS_BITS);
    /* Delegated: bits 2, 6, 10 appear as 1, 5, 9. */
    wr(h, MK_CSR_HIDELEG, VS_BITS);
    assert_int_equal(rd(h, MK_CSR_VSIP), 0x222ULL);
    assert_int_equal(rd(h, MK_CSR_VSIE), 0x222ULL);
    assert_int_equal(wr_rd(h, MK_CSR_VSIE, MK_MIP_STIP), MK_MIP_STIP);
    assert_int_equal(rd(h, MK_CSR_HIE), MK_MIP_VSTIP);
    /* vsip: only SSIP (= hip.VSSIP) is writable. */
    assert_int_equal(wr_rd(h, MK_CSR_VSIP, 0), MK_MIP_STIP | MK_MIP_SEIP);
    assert_int_equal(rd(h, MK_CSR_HVIP), MK_MIP_VSTIP | MK_MIP_VSEIP);
    wr(h, MK_CSR_VSIP, MK_MIP_SSIP);
    assert_int_equal(rd(h, MK_CSR_HVIP), VS_BITS);
    /* Partial delegation: only VSSI. */
    wr(h, MK_CSR_HIDELEG, MK_MIP_VSSIP);
    assert_int_equal(rd(h, MK_CSR_VSIP), MK_MIP_SSIP);
    /* With V = 1, sip and sie are vsip and vsie. */
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(rd(h, MK_CSR_SIP), MK_MIP_SSIP);
    wr(h, MK_CSR_SIP, 0);
    assert_int_equal(h->csr.mip & VS_BITS, MK_MIP_VSTIP | MK_MIP_VSEIP);
    wr(h, MK_CSR_SIE, ONES);     /* sets VSSIE; VSTIE (not delegated now) stays as it was */
    assert_int_equal(h->csr.mie & VS_BITS, MK_MIP_VSSIP | MK_MIP_VSTIP);
}

static void test_hgatp_warl(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t vmid = ((1ULL << MK_VMID_BITS) - 1) << MK_HGATP_VMID_SHIFT;
    uint64_t ppn = MK_SATP_PPN_MASK & ~3ULL;
    /* Sv39x4: VMIDLEN = 14, PPN[1:0] read-only zero (16 KiB root); bits 59:58 zero. */
    assert_int_equal(wr_rd(h, MK_CSR_HGATP, ONES & ~(0xFULL << 60)) , vmid | ppn);
    assert_int_equal(wr_rd(h, MK_CSR_HGATP, (8ULL << 60) | ONES >> 4),
                     (8ULL << 60) | vmid | ppn);
    /* An unsupported MODE (Sv48x4, reserved) legalises to Bare; the other fields stay WARL. */
    assert_int_equal(wr_rd(h, MK_CSR_HGATP, (9ULL << 60) | 0x1234), 0x1234ULL & ~3ULL);
    assert_int_equal(wr_rd(h, MK_CSR_HGATP, (15ULL << 60) | (5ULL << MK_HGATP_VMID_SHIFT)),
                     5ULL << MK_HGATP_VMID_SHIFT);
    assert_int_equal(wr_rd(h, MK_CSR_HGATP, 0), 0);
}

static void test_vsatp_and_other_warl(void **state)
{
    mk_hart_t *h = hart(state);
    uint64_t sv39 = (8ULL << 60) | (0xABCDULL << 44) | 0x80123ULL;
    assert_int_equal(wr_rd(h, MK_CSR_VSATP, sv39), sv39);
    /* Unsupported MODE: the write is ignored (as for satp), with V = 0 and V = 1. */
    assert_int_equal(wr_rd(h, MK_CSR_VSATP, 9ULL << 60), sv39);
    set_mode(h, MK_PRIV_S, true);
    wr(h, MK_CSR_SATP, 10ULL << 60);
    assert_int_equal(h->csr.vsatp, sv39);
    wr(h, MK_CSR_SATP, 0);
    assert_int_equal(h->csr.vsatp, 0);
    assert_int_equal(h->csr.satp, 0);
    set_mode(h, MK_PRIV_M, false);
    /* vstvec, vsepc, vscause like their S counterparts. */
    assert_int_equal(wr_rd(h, MK_CSR_VSTVEC, ONES), ~2ULL);
    assert_int_equal(wr_rd(h, MK_CSR_VSEPC, ONES), ~1ULL);
    assert_int_equal(wr_rd(h, MK_CSR_VSCAUSE, ONES), (1ULL << 63) | 0x1F);
    assert_int_equal(wr_rd(h, MK_CSR_VSSCRATCH, ONES), ONES);
    assert_int_equal(wr_rd(h, MK_CSR_VSTVAL, 0x1234), 0x1234);
    assert_int_equal(wr_rd(h, MK_CSR_HTVAL, 0x5678), 0x5678);
    assert_int_equal(wr_rd(h, MK_CSR_HTINST, 0x3003), 0x3003);
    assert_int_equal(wr_rd(h, MK_CSR_MTVAL2, 0x9ABC), 0x9ABC);
    assert_int_equal(wr_rd(h, MK_CSR_MTINST, 0x3023), 0x3023);
    assert_int_equal(wr_rd(h, MK_CSR_HTIMEDELTA, ONES), ONES);
}

static void test_henvcfg_stce(void **state)
{
    mk_hart_t *h = hart(state);
    /* STCE is read-only zero while menvcfg.STCE = 0. */
    assert_int_equal(wr_rd(h, MK_CSR_HENVCFG, ONES), 1);
    wr(h, MK_CSR_MENVCFG, MK_MENVCFG_STCE);
    assert_int_equal(rd(h, MK_CSR_HENVCFG), 1);
    assert_int_equal(wr_rd(h, MK_CSR_HENVCFG, ONES), 1 | MK_MENVCFG_STCE);
    wr(h, MK_CSR_MENVCFG, 0);
    assert_int_equal(rd(h, MK_CSR_HENVCFG), 1);
}

static void test_vs_substitution(void **state)
{
    mk_hart_t *h = hart(state);
    mk_soc_t *soc = *state;
    uint64_t mstatus = h->csr.mstatus;
    set_mode(h, MK_PRIV_S, true);
    wr(h, MK_CSR_SSTATUS, MK_MSTATUS_SIE | MK_MSTATUS_SUM);
    assert_int_equal(h->csr.vsstatus, UXL64 | MK_MSTATUS_SIE | MK_MSTATUS_SUM);
    assert_int_equal(h->csr.mstatus, mstatus);
    assert_int_equal(rd(h, MK_CSR_SSTATUS), UXL64 | MK_MSTATUS_SIE | MK_MSTATUS_SUM);
    static const uint16_t pairs[] = {
        MK_CSR_STVEC, MK_CSR_SSCRATCH, MK_CSR_SEPC, MK_CSR_SCAUSE, MK_CSR_STVAL,
    };
    uint64_t *vs[] = { &h->csr.vstvec, &h->csr.vsscratch, &h->csr.vsepc, &h->csr.vscause,
                       &h->csr.vstval };
    uint64_t *hs[] = { &h->csr.stvec, &h->csr.sscratch, &h->csr.sepc, &h->csr.scause,
                       &h->csr.stval };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        wr(h, pairs[i], 0x14);
        assert_int_equal(*vs[i], 0x14);
        assert_int_equal(*hs[i], 0);
        assert_int_equal(rd(h, pairs[i]), 0x14);
    }
    /* scounteren and senvcfg have no VS copy. */
    wr(h, MK_CSR_SCOUNTEREN, 7);
    assert_int_equal(h->csr.scounteren, 7);
    wr(h, MK_CSR_SENVCFG, 1);
    assert_int_equal(h->csr.senvcfg, 1);
    /* time reads time + htimedelta with V = 1 only. */
    h->csr.mcounteren = h->csr.hcounteren = 2;
    h->csr.htimedelta = 1000;
    soc->hart.cycle = 5 * 77;
    assert_int_equal(rd(h, MK_CSR_TIME), mk_soc_mtime(soc) + 1000);
    set_mode(h, MK_PRIV_S, false);
    assert_int_equal(rd(h, MK_CSR_TIME), mk_soc_mtime(soc));
    /* From HS the S CSRs are the HS ones again. */
    assert_int_equal(rd(h, MK_CSR_STVEC), 0);
    assert_int_equal(rd(h, MK_CSR_VSTVEC), 0x14);
}

/* The access rules from each mode, for H, VS, S and M CSRs. */
static void test_access_rules(void **state)
{
    mk_hart_t *h = hart(state);
    static const uint16_t h_csrs[] = {
        MK_CSR_HSTATUS, MK_CSR_HEDELEG, MK_CSR_HIDELEG, MK_CSR_HIE, MK_CSR_HTIMEDELTA,
        MK_CSR_HCOUNTEREN, MK_CSR_HGEIE, MK_CSR_HENVCFG, MK_CSR_HTVAL, MK_CSR_HIP, MK_CSR_HVIP,
        MK_CSR_HTINST, MK_CSR_HGATP, MK_CSR_VSSTATUS, MK_CSR_VSIE, MK_CSR_VSTVEC,
        MK_CSR_VSSCRATCH, MK_CSR_VSEPC, MK_CSR_VSCAUSE, MK_CSR_VSTVAL, MK_CSR_VSIP,
        MK_CSR_VSATP,
    };
    static const uint16_t s_csrs[] = {
        MK_CSR_SSTATUS, MK_CSR_SIE, MK_CSR_STVEC, MK_CSR_SCOUNTEREN, MK_CSR_SENVCFG,
        MK_CSR_SSCRATCH, MK_CSR_SEPC, MK_CSR_SCAUSE, MK_CSR_STVAL, MK_CSR_SIP, MK_CSR_SATP,
    };
    for (size_t i = 0; i < sizeof h_csrs / sizeof h_csrs[0]; i++) {
        for (int w = 0; w < 2; w++) {
            set_mode(h, MK_PRIV_M, false);
            assert_int_equal(access(h, h_csrs[i], w), 0);
            set_mode(h, MK_PRIV_S, false);
            assert_int_equal(access(h, h_csrs[i], w), 0);
            set_mode(h, MK_PRIV_U, false);
            assert_int_equal(access(h, h_csrs[i], w), ILL);
            set_mode(h, MK_PRIV_S, true);
            assert_int_equal(access(h, h_csrs[i], w), VIRT);
            set_mode(h, MK_PRIV_U, true);
            assert_int_equal(access(h, h_csrs[i], w), VIRT);
        }
    }
    for (size_t i = 0; i < sizeof s_csrs / sizeof s_csrs[0]; i++) {
        for (int w = 0; w < 2; w++) {
            set_mode(h, MK_PRIV_S, true);
            assert_int_equal(access(h, s_csrs[i], w), 0);
            set_mode(h, MK_PRIV_U, true);
            assert_int_equal(access(h, s_csrs[i], w), VIRT);
            set_mode(h, MK_PRIV_U, false);
            assert_int_equal(access(h, s_csrs[i], w), ILL);
        }
    }
    /* M-level CSRs are illegal from every V = 1 mode (not HS-qualified). */
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, MK_CSR_MSTATUS, false), ILL);
    assert_int_equal(access(h, MK_CSR_MTVAL2, false), ILL);
    set_mode(h, MK_PRIV_U, true);
    assert_int_equal(access(h, MK_CSR_MSTATUS, false), ILL);
    /* Read-only hgeip: a read from V = 1 is virtual, a write illegal (HS cannot write it). */
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, MK_CSR_HGEIP, false), VIRT);
    assert_int_equal(access(h, MK_CSR_HGEIP, true), ILL);
    set_mode(h, MK_PRIV_S, false);
    assert_int_equal(access(h, MK_CSR_HGEIP, false), 0);
    assert_int_equal(access(h, MK_CSR_HGEIP, true), ILL);
    /* Nonexistent CSRs stay illegal with V = 1. */
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, 0x5C0, false), ILL);
    assert_int_equal(access(h, 0x6C0, false), ILL);
    assert_int_equal(access(h, 0x001, false), ILL);
}

static void test_tvm_vtvm(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mstatus |= MK_MSTATUS_TVM;
    /* HS with TVM: satp and hgatp illegal, vsatp allowed. */
    set_mode(h, MK_PRIV_S, false);
    assert_int_equal(access(h, MK_CSR_SATP, false), ILL);
    assert_int_equal(access(h, MK_CSR_HGATP, true), ILL);
    assert_int_equal(access(h, MK_CSR_VSATP, true), 0);
    /* TVM does not affect VS; hgatp from VS is virtual (TVM assumed 0). */
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, MK_CSR_SATP, true), 0);
    assert_int_equal(access(h, MK_CSR_HGATP, false), VIRT);
    /* VTVM: satp from VS is virtual. */
    h->csr.hstatus |= MK_HSTATUS_VTVM;
    assert_int_equal(access(h, MK_CSR_SATP, false), VIRT);
    assert_int_equal(access(h, MK_CSR_SSTATUS, false), 0);
    set_mode(h, MK_PRIV_S, false);
    h->csr.mstatus &= ~MK_MSTATUS_TVM;
    assert_int_equal(access(h, MK_CSR_SATP, false), 0);
}

static void test_counter_rules(void **state)
{
    mk_hart_t *h = hart(state);
    const uint16_t cy = MK_CSR_CYCLE, hpm5 = MK_CSR_HPMCOUNTER3 + 2;
    const uint64_t cy_bit = 1, hpm5_bit = 1ULL << 5;
    /* mcounteren clear: illegal from every mode below M. */
    h->csr.mcounteren = 0;
    h->csr.hcounteren = h->csr.scounteren = ONES;
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, cy, false), ILL);
    set_mode(h, MK_PRIV_U, true);
    assert_int_equal(access(h, cy, false), ILL);
    /* mcounteren set, hcounteren clear: virtual from VS and VU. */
    h->csr.mcounteren = cy_bit | hpm5_bit;
    h->csr.hcounteren = 0;
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, cy, false), VIRT);
    assert_int_equal(access(h, hpm5, false), VIRT);
    set_mode(h, MK_PRIV_U, true);
    assert_int_equal(access(h, cy, false), VIRT);
    /* ... but HS does not look at hcounteren. */
    set_mode(h, MK_PRIV_S, false);
    assert_int_equal(access(h, cy, false), 0);
    /* hcounteren set: VS may read; VU also needs scounteren. */
    h->csr.hcounteren = cy_bit;
    h->csr.scounteren = 0;
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, cy, false), 0);
    assert_int_equal(access(h, hpm5, false), VIRT);
    set_mode(h, MK_PRIV_U, true);
    assert_int_equal(access(h, cy, false), VIRT);
    h->csr.scounteren = cy_bit;
    assert_int_equal(access(h, cy, false), 0);
    /* U-mode (V = 0) ignores hcounteren. */
    h->csr.hcounteren = 0;
    set_mode(h, MK_PRIV_U, false);
    assert_int_equal(access(h, cy, false), 0);
    /* Counters are read-only: a write is illegal, also with V = 1. */
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, cy, true), ILL);
}

static void test_sstc_rules(void **state)
{
    mk_hart_t *h = hart(state);
    const uint64_t tm = 2;
    /* menvcfg.STCE = 0: illegal below M, for stimecmp and vstimecmp alike. */
    h->csr.mcounteren = h->csr.hcounteren = tm;
    set_mode(h, MK_PRIV_S, false);
    assert_int_equal(access(h, MK_CSR_STIMECMP, false), ILL);
    assert_int_equal(access(h, MK_CSR_VSTIMECMP, false), ILL);
    set_mode(h, MK_PRIV_S, true);
    assert_int_equal(access(h, MK_CSR_STIMECMP, false), ILL);
    /* menvcfg.STCE = 1, mcounteren.TM = 0: still illegal. */
    h->csr.menvcfg = MK_MENVCFG_STCE;
    h->csr.mcounteren = 0;
    assert_int_equal(access(h, MK_CSR_STIMECMP, false), ILL);
    /* mcounteren.TM = 1, hcounteren.TM = 0: virtual from VS. */
    h->csr.mcounteren = tm;
    h->csr.hcounteren = 0;
    h->csr.henvcfg = MK_MENVCFG_STCE;
    assert_int_equal(access(h, MK_CSR_STIMECMP, true), VIRT);
    /* hcounteren.TM = 1, henvcfg.STCE = 0: virtual. */
    h->csr.hcounteren = tm;
    h->csr.henvcfg = 0;
    assert_int_equal(access(h, MK_CSR_STIMECMP, true), VIRT);
    /* Everything enabled: VS reads and writes vstimecmp through stimecmp. */
    h->csr.henvcfg = MK_MENVCFG_STCE;
    assert_int_equal(access(h, MK_CSR_STIMECMP, true), 0);
    wr(h, MK_CSR_STIMECMP, 0x4321);
    assert_int_equal(h->csr.vstimecmp, 0x4321);
    assert_int_equal(h->csr.stimecmp, ONES);
    /* vstimecmp by its own address from VS: virtual; from VU stimecmp: virtual. */
    assert_int_equal(access(h, MK_CSR_VSTIMECMP, false), VIRT);
    set_mode(h, MK_PRIV_U, true);
    assert_int_equal(access(h, MK_CSR_STIMECMP, false), VIRT);
    /* HS reaches vstimecmp directly, whatever henvcfg and hcounteren say. */
    h->csr.henvcfg = 0;
    h->csr.hcounteren = 0;
    set_mode(h, MK_PRIV_S, false);
    assert_int_equal(access(h, MK_CSR_VSTIMECMP, true), 0);
    assert_int_equal(rd(h, MK_CSR_VSTIMECMP), 0x4321);
}

/* Through the instructions: the exception and its tval, and the substituted CSR in the
 * retirement record. */
static void test_csr_instructions(void **state)
{
    mk_hart_t *h = hart(state);
    h->csr.mtvec = 0x80004000;
    h->pc = 0x80000100;
    set_mode(h, MK_PRIV_S, true);
    h->x[5] = 0x77;
    uint32_t bits = csr_insn(2, 5, MK_CSR_HSTATUS, 0);   /* csrr x5, hstatus */
    exec(h, bits);
    assert_true(h->trapped);
    assert_int_equal(h->x[5], 0x77);
    assert_int_equal(h->priv, MK_PRIV_M);
    assert_false(h->v);
    assert_int_equal(h->csr.mcause, MK_CAUSE_VIRTUAL_INSN);
    assert_int_equal(h->csr.mtval, bits);
    assert_true(h->csr.mstatus & MK_MSTATUS_MPV);
    assert_int_equal((h->csr.mstatus & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT, MK_PRIV_S);
    assert_false(h->csr.mstatus & MK_MSTATUS_GVA);

    /* csrr x5, mstatus from VS: illegal. */
    h->pc = 0x80000100;
    set_mode(h, MK_PRIV_S, true);
    bits = csr_insn(2, 5, MK_CSR_MSTATUS, 0);
    exec(h, bits);
    assert_int_equal(h->csr.mcause, MK_CAUSE_ILLEGAL_INSN);

    /* csrw sscratch, x6 from VS: writes vsscratch, recorded as vsscratch. */
    mk_retire_t rec = {0};
    h->pc = 0x80000100;
    set_mode(h, MK_PRIV_S, true);
    h->x[6] = 0xCAFE;
    h->rec = &rec;
    exec(h, csr_insn(1, 0, MK_CSR_SSCRATCH, 6));
    h->rec = NULL;
    assert_false(h->trapped);
    assert_int_equal(h->csr.vsscratch, 0xCAFE);
    assert_int_equal(h->csr.sscratch, 0);
    assert_int_equal(rec.csr_count, 1);
    assert_int_equal(rec.csr[0].addr, MK_CSR_VSSCRATCH);
    assert_int_equal(rec.csr[0].value, 0xCAFE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reset_values, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_keeps_stored_only_csrs, fixture_setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_status_warl, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_delegation_warl, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupt_registers, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_vsip_vsie_shift, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_hgatp_warl, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_vsatp_and_other_warl, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_henvcfg_stce, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_vs_substitution, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_access_rules, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_tvm_vtvm, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_counter_rules, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_sstc_rules, fixture_setup, teardown),
        cmocka_unit_test_setup_teardown(test_csr_instructions, fixture_setup, teardown),
    };
    return cmocka_run_group_tests_name("hcsr", tests, NULL, NULL);
}
