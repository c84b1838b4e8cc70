/*
 * The CSR file of RV64 M/S/U with Zicntr, Sstc, 16 PMP entries and the H extension (HS, VS
 * and VU modes; the hypervisor and virtual-supervisor CSRs).
 * Every legalisation rule here is a row of the CSR tables in docs/isa.md; keep them in step.
 */
#include <string.h>

#include "csr.h"
#include "mem.h"
#include "pmp.h"
#include "soc.h"
#include "trap.h"

/* misa: RV64 (MXL = 2) with A, C, H, I, M, S, U. Read-only ("tolerates writes"). */
#define MISA_VALUE ((2ULL << 62) | (1ULL << ('A' - 'A')) | (1ULL << ('C' - 'A')) | \
                    (1ULL << ('H' - 'A')) | (1ULL << ('I' - 'A')) | (1ULL << ('M' - 'A')) | \
                    (1ULL << ('S' - 'A')) | (1ULL << ('U' - 'A')))

/* mstatus bits that M-mode can write (MPP is further legalised). FS, VS, XS, the endianness
 * bits and SD are read-only zero; UXL and SXL are read-only 2 (64-bit). */
#define MSTATUS_WRITABLE (MK_MSTATUS_SIE | MK_MSTATUS_MIE | MK_MSTATUS_SPIE | MK_MSTATUS_MPIE | \
                          MK_MSTATUS_SPP | MK_MSTATUS_MPP | MK_MSTATUS_MPRV | MK_MSTATUS_SUM | \
                          MK_MSTATUS_MXR | MK_MSTATUS_TVM | MK_MSTATUS_TW | MK_MSTATUS_TSR | \
                          MK_MSTATUS_GVA | MK_MSTATUS_MPV)
#define SSTATUS_VISIBLE (MK_MSTATUS_SIE | MK_MSTATUS_SPIE | MK_MSTATUS_UBE | MK_MSTATUS_SPP | \
                         MK_MSTATUS_VS | MK_MSTATUS_FS | MK_MSTATUS_XS | MK_MSTATUS_SUM | \
                         MK_MSTATUS_MXR | MK_MSTATUS_UXL | MK_MSTATUS_SD)
#define SSTATUS_WRITABLE (MK_MSTATUS_SIE | MK_MSTATUS_SPIE | MK_MSTATUS_SPP | MK_MSTATUS_SUM | \
                          MK_MSTATUS_MXR)
/* Bits whose change can alter a data access's translation or protection (fast-path flush).
 * MPP and MPV matter only while MPRV is set (see mk_csr_set_mstatus). */
#define MSTATUS_XLATE_BITS (MK_MSTATUS_MPRV | MK_MSTATUS_MPP | MK_MSTATUS_MPV | MK_MSTATUS_SUM | \
                            MK_MSTATUS_MXR)
#define MSTATUS_IRQ_BITS (MK_MSTATUS_MIE | MK_MSTATUS_SIE)
/* vsstatus: the sstatus fields; UXL is read-only 2 and FS, VS, XS, UBE, SD read-only zero. */
#define VSSTATUS_RESET (2ULL << MK_MSTATUS_UXL_SHIFT)

/* Exceptions that can be delegated to HS: 0-10, 12, 13, 15, 20-23. ECALL from M (11) cannot
 * happen below M. */
#define MEDELEG_WRITABLE 0xF0B7FFULL
/* ... and further to VS (hypervisor.adoc, hedeleg table): 0-8, 12, 13, 15. ECALLs from HS, VS
 * and M, the guest-page faults and virtual instruction are read-only zero. */
#define HEDELEG_WRITABLE 0xB1FFULL
#define S_INTERRUPTS (MK_MIP_SSIP | MK_MIP_STIP | MK_MIP_SEIP)
#define M_INTERRUPTS (MK_MIP_MSIP | MK_MIP_MTIP | MK_MIP_MEIP)
#define VS_INTERRUPTS (MK_MIP_VSSIP | MK_MIP_VSTIP | MK_MIP_VSEIP)
/* mideleg: the S-level bits are writable; the VS-level bits and SGEI are read-only one (always
 * delegated past M). M-level bits are read-only zero. */
#define MIDELEG_FORCED (VS_INTERRUPTS | MK_MIP_SGEIP)
/* mie: SGEIE is read-only zero (GEILEN = 0, so SGEIP can never be pending). */
#define MIE_WRITABLE (S_INTERRUPTS | M_INTERRUPTS | VS_INTERRUPTS)
/* mip: SSIP, STIP, SEIP and VSSIP (the alias of hvip.VSSIP) are software-writable; VSTIP and
 * VSEIP are read-only there (hvip sets them); MSIP/MTIP/MEIP come from devices (irq_lines). */
#define MIP_WRITABLE (S_INTERRUPTS | MK_MIP_VSSIP)

/* hstatus: VTSR, VTW, VTVM, HU, SPVP, SPV, GVA are writable; VSXL is read-only 2 (64-bit),
 * VGEIN read-only zero (GEILEN = 0), VSBE and HUKTE read-only zero. */
#define HSTATUS_WRITABLE (MK_HSTATUS_VTSR | MK_HSTATUS_VTW | MK_HSTATUS_VTVM | MK_HSTATUS_HU | \
                          MK_HSTATUS_SPVP | MK_HSTATUS_SPV | MK_HSTATUS_GVA)
#define HSTATUS_RESET (2ULL << MK_HSTATUS_VSXL_SHIFT)
/* hgatp: MODE Bare or Sv39x4 (another MODE legalises to Bare); VMID bits 57:44 (VMIDLEN = 14);
 * PPN bits 43:0 with PPN[1:0] read-only zero (16 KiB root). */
#define HGATP_MODE_SHIFT 60
#define HGATP_VMID_MASK (((1ULL << MK_VMID_BITS) - 1) << MK_HGATP_VMID_SHIFT)
#define HGATP_PPN_MASK (MK_SATP_PPN_MASK & ~3ULL)

/* xcause (WLRL): the interrupt bit and a 5-bit exception code are kept. */
#define CAUSE_WRITABLE (MK_CAUSE_INTERRUPT | 0x1FULL)
/* xtvec: MODE is Direct (0) or Vectored (1): bit 1 is read-only zero. */
#define TVEC_WRITABLE (~2ULL)
#define COUNTEREN_WRITABLE 0xFFFFFFFFULL
#define ENVCFG_FIOM 1ULL
#define MENVCFG_WRITABLE (ENVCFG_FIOM | MK_MENVCFG_STCE)
#define HENVCFG_STCE MK_MENVCFG_STCE    /* read-only zero while menvcfg.STCE = 0 */
#define COUNTEREN_TM 2ULL
#define COUNTINHIBIT_CY 1ULL
#define COUNTINHIBIT_IR 4ULL
#define COUNTINHIBIT_WRITABLE (COUNTINHIBIT_CY | COUNTINHIBIT_IR)

uint64_t mk_csr_time(const mk_hart_t *h)
{
    return mk_soc_mtime(h->soc);
}

void mk_csr_reset(mk_hart_t *h)
{
    /* Nine CSRs keep their value across a reset: they are 0 at power-up only (the hart is
     * allocated zeroed), as the RTL holds them in RAM without a reset (docs/isa.md). */
    const mk_csrs_t kept = h->csr;
    memset(&h->csr, 0, sizeof h->csr);
    h->csr.mepc = kept.mepc;
    h->csr.sepc = kept.sepc;
    h->csr.vsepc = kept.vsepc;
    h->csr.mtval2 = kept.mtval2;
    h->csr.mtinst = kept.mtinst;
    h->csr.htval = kept.htval;
    h->csr.htinst = kept.htinst;
    h->csr.vstval = kept.vstval;
    h->csr.vsscratch = kept.vsscratch;
    h->csr.stimecmp = UINT64_MAX;   /* no S-timer interrupt until programmed */
    h->csr.vstimecmp = UINT64_MAX;
    h->csr.mideleg = MIDELEG_FORCED;
    h->csr.hstatus = HSTATUS_RESET;
    h->csr.vsstatus = VSSTATUS_RESET;
    /* MPP = U (as Spike and QEMU), MIE = MPRV = 0, 64-bit U and S. */
    h->csr.mstatus = (2ULL << MK_MSTATUS_UXL_SHIFT) | (2ULL << MK_MSTATUS_SXL_SHIFT);
    h->csr.misa = MISA_VALUE;
    h->irq_recheck = true;
}

/* Counters. mcycle/minstret are the hart's counts plus an offset; while a counter is inhibited
 * its offset field holds the frozen value itself. The instruction that writes minstret (or
 * mcountinhibit.IR) is not counted: the next instruction reads exactly the written value. */
static uint64_t mcycle_value(const mk_hart_t *h)
{
    if (h->csr.mcountinhibit & COUNTINHIBIT_CY)
        return h->csr.mcycle_offset;
    return h->cycle + h->csr.mcycle_offset;
}

static uint64_t minstret_value(const mk_hart_t *h)
{
    if (h->csr.mcountinhibit & COUNTINHIBIT_IR)
        return h->csr.minstret_offset;
    return h->instret + h->csr.minstret_offset;
}

static void mcycle_set(mk_hart_t *h, uint64_t val)
{
    bool frozen = h->csr.mcountinhibit & COUNTINHIBIT_CY;
    h->csr.mcycle_offset = frozen ? val : val - h->cycle;
}

static void minstret_set(mk_hart_t *h, uint64_t val)
{
    bool frozen = h->csr.mcountinhibit & COUNTINHIBIT_IR;
    /* +1: the step loop will count this instruction after it executes. */
    h->csr.minstret_offset = frozen ? val : val - (h->instret + 1);
}

/* A change of CY or IR, in either direction, drops the counter's increment of the writer's
 * own cycle (retirement), as the RTL does (docs/isa.md "Counters"): mcycle reads in the next
 * cycle the value it had in the writer's cycle, minstret does not count the writer. */
static void mcountinhibit_set(mk_hart_t *h, uint64_t val)
{
    uint64_t cycles = mcycle_value(h);
    uint64_t insns = minstret_value(h);
    uint64_t changed = h->csr.mcountinhibit ^ (val & COUNTINHIBIT_WRITABLE);
    h->csr.mcountinhibit = val & COUNTINHIBIT_WRITABLE;
    if (changed & COUNTINHIBIT_CY) {
        bool frozen = h->csr.mcountinhibit & COUNTINHIBIT_CY;
        /* Counting again: the cycle after this one reads `cycles`. */
        h->csr.mcycle_offset = frozen ? cycles : cycles - (h->cycle + 1);
    }
    if (changed & COUNTINHIBIT_IR)
        minstret_set(h, insns);
}

void mk_csr_set_mstatus(mk_hart_t *h, uint64_t val)
{
    uint64_t changed = h->csr.mstatus ^ val;
    /* MPP and MPV matter to translation only while MPRV is set. */
    if (!((h->csr.mstatus | val) & MK_MSTATUS_MPRV))
        changed &= ~(MK_MSTATUS_MPP | MK_MSTATUS_MPV);
    h->csr.mstatus = val;
    if (changed & MSTATUS_XLATE_BITS)
        mk_mem_fast_flush(h);
    if (changed & MSTATUS_IRQ_BITS)
        h->irq_recheck = true;
}

static uint64_t mstatus_legalise(uint64_t old, uint64_t val)
{
    uint64_t next = (old & ~MSTATUS_WRITABLE) | (val & MSTATUS_WRITABLE);
    /* MPP = 2 (reserved; H-mode does not exist) leaves MPP unchanged, as QEMU does. */
    if (((val & MK_MSTATUS_MPP) >> MK_MSTATUS_MPP_SHIFT) == 2)
        next = (next & ~MK_MSTATUS_MPP) | (old & MK_MSTATUS_MPP);
    return next;
}

static bool in_range(uint16_t addr, uint16_t lo, uint16_t hi)
{
    return addr >= lo && addr <= hi;
}

static bool is_counter(uint16_t addr)
{
    return in_range(addr, MK_CSR_CYCLE, MK_CSR_HPMCOUNTER31);
}

static bool is_timecmp(uint16_t addr)
{
    return addr == MK_CSR_STIMECMP || addr == MK_CSR_VSTIMECMP;
}

/* With V = 1, the S CSRs that have a VS counterpart name the VS CSR (hypervisor.adoc);
 * scounteren and senvcfg have none and stay themselves. */
static uint16_t vs_substitute(uint16_t addr)
{
    switch (addr) {
    case MK_CSR_SSTATUS:  return MK_CSR_VSSTATUS;
    case MK_CSR_SIE:      return MK_CSR_VSIE;
    case MK_CSR_STVEC:    return MK_CSR_VSTVEC;
    case MK_CSR_SSCRATCH: return MK_CSR_VSSCRATCH;
    case MK_CSR_SEPC:     return MK_CSR_VSEPC;
    case MK_CSR_SCAUSE:   return MK_CSR_VSCAUSE;
    case MK_CSR_STVAL:    return MK_CSR_VSTVAL;
    case MK_CSR_SIP:      return MK_CSR_VSIP;
    case MK_CSR_STIMECMP: return MK_CSR_VSTIMECMP;
    case MK_CSR_SATP:     return MK_CSR_VSATP;
    default:              return addr;
    }
}

static uint16_t effective_addr(const mk_hart_t *h, uint16_t addr)
{
    return h->v ? vs_substitute(addr) : addr;
}

static bool csr_get(const mk_hart_t *h, uint16_t addr, uint64_t *out);

/*
 * Whether HS-mode could make this access to an existing CSR, with mstatus.TVM taken as 0:
 * the HS-qualified test of the virtual-instruction rules. M-level CSRs are never HS-qualified;
 * counters need mcounteren, the Sstc compare registers menvcfg.STCE and mcounteren.TM.
 */
static bool hs_qualified(const mk_hart_t *h, uint16_t addr)
{
    if (((addr >> 8) & 3) == 3)
        return false;
    if (is_timecmp(addr))
        return (h->csr.menvcfg & MK_MENVCFG_STCE) && (h->csr.mcounteren & COUNTEREN_TM);
    if (is_counter(addr))
        return (h->csr.mcounteren >> (addr & 31)) & 1;
    return true;
}

/*
 * The access rules (privileged spec, CSR address conventions; hypervisor.adoc for V = 1):
 * 0 if the access is allowed, otherwise the exception it raises, illegal instruction or
 * virtual instruction. addr is the address the instruction names (before VS substitution).
 */
static uint64_t csr_access_fault(const mk_hart_t *h, uint16_t addr, bool write)
{
    uint64_t ignored;
    if (!csr_get(h, addr, &ignored))
        return MK_CAUSE_ILLEGAL_INSN;
    if (write && (addr >> 10) == 3)
        return MK_CAUSE_ILLEGAL_INSN;   /* read-only CSR */
    unsigned level = (addr >> 8) & 3;   /* 0 U, 1 S, 2 HS (H and VS CSRs), 3 M */
    const mk_csrs_t *c = &h->csr;

    if (h->priv == MK_PRIV_M)
        return 0;
    if (!h->v) {
        /* HS-mode (and U-mode): the H and VS CSRs are HS-level. */
        unsigned needed = level == 0 ? MK_PRIV_U : level == 3 ? MK_PRIV_M : MK_PRIV_S;
        if (h->priv < needed || !hs_qualified(h, addr))
            return MK_CAUSE_ILLEGAL_INSN;
        if ((addr == MK_CSR_SATP || addr == MK_CSR_HGATP) && (c->mstatus & MK_MSTATUS_TVM))
            return MK_CAUSE_ILLEGAL_INSN;
        if (h->priv == MK_PRIV_U && is_counter(addr) && !((c->scounteren >> (addr & 31)) & 1))
            return MK_CAUSE_ILLEGAL_INSN;
        return 0;
    }

    /* V = 1: what HS-mode could not do is illegal; the rest that V = 1 may not do is a
     * virtual instruction. */
    if (!hs_qualified(h, addr))
        return MK_CAUSE_ILLEGAL_INSN;
    if (level == 2 || (level == 1 && h->priv == MK_PRIV_U))
        return MK_CAUSE_VIRTUAL_INSN;
    if (is_counter(addr)) {
        uint64_t bit = 1ULL << (addr & 31);
        if (!(c->hcounteren & bit) || (h->priv == MK_PRIV_U && !(c->scounteren & bit)))
            return MK_CAUSE_VIRTUAL_INSN;
    }
    if (addr == MK_CSR_SATP && (c->hstatus & MK_HSTATUS_VTVM))
        return MK_CAUSE_VIRTUAL_INSN;
    if (addr == MK_CSR_STIMECMP &&
        (!(c->hcounteren & COUNTEREN_TM) || !(c->henvcfg & HENVCFG_STCE)))
        return MK_CAUSE_VIRTUAL_INSN;
    return 0;
}

/* vsip/vsie view VS-level bits (2, 6, 10) of hip/hie as the S-level ones (1, 5, 9), for the
 * interrupts that hideleg delegates to VS; the others read as zero. */
static uint64_t vs_view(uint64_t hbits, uint64_t hideleg)
{
    return (hbits & hideleg & VS_INTERRUPTS) >> 1;
}

/* Reads an existing CSR without any check; false if the CSR does not exist. */
static bool csr_get(const mk_hart_t *h, uint16_t addr, uint64_t *out)
{
    const mk_csrs_t *c = &h->csr;
    uint64_t v;
    switch (addr) {
    case MK_CSR_SSTATUS:    v = c->mstatus & SSTATUS_VISIBLE; break;
    case MK_CSR_SIE:        v = c->mie & c->mideleg & S_INTERRUPTS; break;
    case MK_CSR_STVEC:      v = c->stvec; break;
    case MK_CSR_SCOUNTEREN: v = c->scounteren; break;
    case MK_CSR_SENVCFG:    v = c->senvcfg; break;
    case MK_CSR_SSCRATCH:   v = c->sscratch; break;
    case MK_CSR_SEPC:       v = c->sepc; break;
    case MK_CSR_SCAUSE:     v = c->scause; break;
    case MK_CSR_STVAL:      v = c->stval; break;
    case MK_CSR_SIP:        v = mk_mip(h) & c->mideleg & S_INTERRUPTS; break;
    case MK_CSR_STIMECMP:   v = c->stimecmp; break;
    case MK_CSR_SATP:       v = c->satp; break;
    case MK_CSR_VSSTATUS:   v = c->vsstatus & SSTATUS_VISIBLE; break;
    case MK_CSR_VSIE:       v = vs_view(c->mie, c->hideleg); break;
    case MK_CSR_VSTVEC:     v = c->vstvec; break;
    case MK_CSR_VSSCRATCH:  v = c->vsscratch; break;
    case MK_CSR_VSEPC:      v = c->vsepc; break;
    case MK_CSR_VSCAUSE:    v = c->vscause; break;
    case MK_CSR_VSTVAL:     v = c->vstval; break;
    case MK_CSR_VSIP:       v = vs_view(mk_mip(h), c->hideleg); break;
    case MK_CSR_VSTIMECMP:  v = c->vstimecmp; break;
    case MK_CSR_VSATP:      v = c->vsatp; break;
    case MK_CSR_HSTATUS:    v = c->hstatus; break;
    case MK_CSR_HEDELEG:    v = c->hedeleg; break;
    case MK_CSR_HIDELEG:    v = c->hideleg; break;
    case MK_CSR_HIE:        v = c->mie & VS_INTERRUPTS; break;
    case MK_CSR_HTIMEDELTA: v = c->htimedelta; break;
    case MK_CSR_HCOUNTEREN: v = c->hcounteren; break;
    case MK_CSR_HGEIE:      v = 0; break;
    case MK_CSR_HENVCFG:    v = c->henvcfg; break;
    case MK_CSR_HTVAL:      v = c->htval; break;
    case MK_CSR_HIP:        v = mk_mip(h) & (VS_INTERRUPTS | MK_MIP_SGEIP); break;
    case MK_CSR_HVIP:       v = c->mip & VS_INTERRUPTS; break;
    case MK_CSR_HTINST:     v = c->htinst; break;
    case MK_CSR_HGATP:      v = c->hgatp; break;
    case MK_CSR_HGEIP:      v = 0; break;
    case MK_CSR_MSTATUS:    v = c->mstatus; break;
    case MK_CSR_MISA:       v = c->misa; break;
    case MK_CSR_MEDELEG:    v = c->medeleg; break;
    case MK_CSR_MIDELEG:    v = c->mideleg; break;
    case MK_CSR_MIE:        v = c->mie; break;
    case MK_CSR_MTVEC:      v = c->mtvec; break;
    case MK_CSR_MCOUNTEREN: v = c->mcounteren; break;
    case MK_CSR_MENVCFG:    v = c->menvcfg; break;
    case MK_CSR_MCOUNTINHIBIT: v = c->mcountinhibit; break;
    case MK_CSR_MSCRATCH:   v = c->mscratch; break;
    case MK_CSR_MEPC:       v = c->mepc; break;
    case MK_CSR_MCAUSE:     v = c->mcause; break;
    case MK_CSR_MTVAL:      v = c->mtval; break;
    case MK_CSR_MIP:        v = mk_mip(h); break;
    case MK_CSR_MTINST:     v = c->mtinst; break;
    case MK_CSR_MTVAL2:     v = c->mtval2; break;
    case MK_CSR_MCYCLE:
    case MK_CSR_CYCLE:      v = mcycle_value(h); break;
    case MK_CSR_MINSTRET:
    case MK_CSR_INSTRET:    v = minstret_value(h); break;
    /* The guest's time is offset by htimedelta. */
    case MK_CSR_TIME:       v = mk_csr_time(h) + (h->v ? c->htimedelta : 0); break;
    case MK_CSR_MVENDORID:  v = MK_MVENDORID; break;
    case MK_CSR_MARCHID:    v = MK_MARCHID; break;
    case MK_CSR_MIMPID:     v = MK_MIMPID; break;
    case MK_CSR_MHARTID:    v = 0; break;
    case MK_CSR_MCONFIGPTR: v = 0; break;
    default:
        if (in_range(addr, MK_CSR_MHPMEVENT3, MK_CSR_MHPMEVENT31) ||
            in_range(addr, MK_CSR_MHPMCOUNTER3, MK_CSR_MHPMCOUNTER31) ||
            in_range(addr, MK_CSR_HPMCOUNTER3, MK_CSR_HPMCOUNTER31)) {
            v = 0;
        } else if (in_range(addr, MK_CSR_PMPCFG0, MK_CSR_PMPCFG15)) {
            unsigned n = addr - MK_CSR_PMPCFG0;
            if (n & 1)
                return false;   /* odd pmpcfg CSRs exist only on RV32 */
            v = n < MK_PMP_ENTRIES / 4 ? mk_pmp_read_cfg(h, n) : 0;
        } else if (in_range(addr, MK_CSR_PMPADDR0, MK_CSR_PMPADDR63)) {
            unsigned n = addr - MK_CSR_PMPADDR0;
            v = n < MK_PMP_ENTRIES ? mk_pmp_read_addr(h, n) : 0;
        } else {
            return false;
        }
        break;
    }
    *out = v;
    return true;
}

/* satp and vsatp: a MODE other than Bare and Sv39 makes the whole write have no effect. */
static void set_atp(mk_hart_t *h, uint64_t *atp, uint64_t val)
{
    uint64_t mode = val >> MK_SATP_MODE_SHIFT;
    if (mode == MK_SATP_MODE_BARE || mode == MK_SATP_MODE_SV39)
        *atp = val;
    mk_mem_fast_flush(h);
}

/* hgatp is WARL field by field (unlike satp, hypervisor.adoc): an unsupported MODE becomes
 * Bare, VMID and PPN are kept as far as implemented. */
static uint64_t hgatp_legalise(uint64_t val)
{
    uint64_t mode = val >> HGATP_MODE_SHIFT;
    if (mode != MK_HGATP_MODE_SV39X4)
        mode = 0;
    return (mode << HGATP_MODE_SHIFT) | (val & HGATP_VMID_MASK) | (val & HGATP_PPN_MASK);
}

/* Writes an existing, writable CSR: legalises the value and does the side effects. */
static void csr_set(mk_hart_t *h, uint16_t addr, uint64_t val)
{
    mk_csrs_t *c = &h->csr;
    switch (addr) {
    case MK_CSR_SSTATUS:
        mk_csr_set_mstatus(h, (c->mstatus & ~SSTATUS_WRITABLE) | (val & SSTATUS_WRITABLE));
        break;
    case MK_CSR_SIE: {
        uint64_t mask = c->mideleg & S_INTERRUPTS;
        c->mie = (c->mie & ~mask) | (val & mask);
        h->irq_recheck = true;
        break;
    }
    case MK_CSR_STVEC:      c->stvec = val & TVEC_WRITABLE; break;
    case MK_CSR_SCOUNTEREN: c->scounteren = val & COUNTEREN_WRITABLE; break;
    case MK_CSR_SENVCFG:    c->senvcfg = val & ENVCFG_FIOM; break;
    case MK_CSR_SSCRATCH:   c->sscratch = val; break;
    case MK_CSR_SEPC:       c->sepc = val & ~1ULL; break;
    case MK_CSR_SCAUSE:     c->scause = val & CAUSE_WRITABLE; break;
    case MK_CSR_STVAL:      c->stval = val; break;
    case MK_CSR_SIP: {
        /* Only SSIP is writable through sip, and only when delegated. */
        uint64_t mask = c->mideleg & MK_MIP_SSIP;
        c->mip = (c->mip & ~mask) | (val & mask);
        h->irq_recheck = true;
        break;
    }
    case MK_CSR_SATP:       set_atp(h, &c->satp, val); break;
    case MK_CSR_VSSTATUS:
        mk_csr_set_vsstatus(h, (c->vsstatus & ~SSTATUS_WRITABLE) | (val & SSTATUS_WRITABLE));
        break;
    case MK_CSR_VSIE: {
        uint64_t mask = c->hideleg & VS_INTERRUPTS;
        c->mie = (c->mie & ~mask) | ((val << 1) & mask);
        h->irq_recheck = true;
        break;
    }
    case MK_CSR_VSTVEC:     c->vstvec = val & TVEC_WRITABLE; break;
    case MK_CSR_VSSCRATCH:  c->vsscratch = val; break;
    case MK_CSR_VSEPC:      c->vsepc = val & ~1ULL; break;
    case MK_CSR_VSCAUSE:    c->vscause = val & CAUSE_WRITABLE; break;
    case MK_CSR_VSTVAL:     c->vstval = val; break;
    case MK_CSR_VSIP: {
        /* vsip.SSIP is hip.VSSIP when hideleg delegates it; the other bits are read-only. */
        uint64_t mask = c->hideleg & MK_MIP_VSSIP;
        c->mip = (c->mip & ~mask) | ((val << 1) & mask);
        h->irq_recheck = true;
        break;
    }
    case MK_CSR_VSTIMECMP:
        c->vstimecmp = val;
        h->irq_recheck = true;
        break;
    case MK_CSR_VSATP:      set_atp(h, &c->vsatp, val); break;
    case MK_CSR_HSTATUS:
        mk_csr_set_hstatus(h, (c->hstatus & ~HSTATUS_WRITABLE) | (val & HSTATUS_WRITABLE));
        break;
    case MK_CSR_HEDELEG:    c->hedeleg = val & HEDELEG_WRITABLE; break;
    case MK_CSR_HIDELEG:
        c->hideleg = val & VS_INTERRUPTS;
        h->irq_recheck = true;
        break;
    case MK_CSR_HIE:
        c->mie = (c->mie & ~VS_INTERRUPTS) | (val & VS_INTERRUPTS);
        h->irq_recheck = true;
        break;
    case MK_CSR_HTIMEDELTA:
        c->htimedelta = val;
        h->irq_recheck = true;      /* moves the guest's time, and so the vstimecmp line */
        break;
    case MK_CSR_HCOUNTEREN: c->hcounteren = val & COUNTEREN_WRITABLE; break;
    case MK_CSR_HENVCFG: {
        uint64_t mask = ENVCFG_FIOM | (c->menvcfg & MK_MENVCFG_STCE ? HENVCFG_STCE : 0);
        c->henvcfg = val & mask;
        h->irq_recheck = true;      /* STCE switches the vstimecmp comparator on or off */
        break;
    }
    case MK_CSR_HTVAL:      c->htval = val; break;
    case MK_CSR_HIP:
        /* Only VSSIP (the alias of hvip.VSSIP) is writable through hip. */
        c->mip = (c->mip & ~MK_MIP_VSSIP) | (val & MK_MIP_VSSIP);
        h->irq_recheck = true;
        break;
    case MK_CSR_HVIP:
        c->mip = (c->mip & ~VS_INTERRUPTS) | (val & VS_INTERRUPTS);
        h->irq_recheck = true;
        break;
    case MK_CSR_HTINST:     c->htinst = val; break;
    case MK_CSR_HGATP:
        c->hgatp = hgatp_legalise(val);
        mk_mem_fast_flush(h);
        break;
    case MK_CSR_MSTATUS:    mk_csr_set_mstatus(h, mstatus_legalise(c->mstatus, val)); break;
    case MK_CSR_MEDELEG:    c->medeleg = val & MEDELEG_WRITABLE; break;
    case MK_CSR_MIDELEG:
        c->mideleg = (val & S_INTERRUPTS) | MIDELEG_FORCED;
        h->irq_recheck = true;
        break;
    case MK_CSR_MIE:
        c->mie = val & MIE_WRITABLE;
        h->irq_recheck = true;
        break;
    case MK_CSR_MTVEC:      c->mtvec = val & TVEC_WRITABLE; break;
    case MK_CSR_MCOUNTEREN: c->mcounteren = val & COUNTEREN_WRITABLE; break;
    case MK_CSR_MENVCFG:
        c->menvcfg = val & MENVCFG_WRITABLE;
        /* henvcfg.STCE is read-only zero while menvcfg.STCE = 0. */
        if (!(c->menvcfg & MK_MENVCFG_STCE))
            c->henvcfg &= ~HENVCFG_STCE;
        h->irq_recheck = true;      /* STCE switches the source of STIP */
        break;
    case MK_CSR_STIMECMP:
        c->stimecmp = val;
        h->irq_recheck = true;
        break;
    case MK_CSR_MCOUNTINHIBIT: mcountinhibit_set(h, val); break;
    case MK_CSR_MSCRATCH:   c->mscratch = val; break;
    case MK_CSR_MEPC:       c->mepc = val & ~1ULL; break;
    case MK_CSR_MCAUSE:     c->mcause = val & CAUSE_WRITABLE; break;
    case MK_CSR_MTVAL:      c->mtval = val; break;
    case MK_CSR_MTVAL2:     c->mtval2 = val; break;
    case MK_CSR_MTINST:     c->mtinst = val; break;
    case MK_CSR_MIP: {
        /* With Sstc enabled STIP is read-only (it is the stimecmp comparator). */
        uint64_t mask = MIP_WRITABLE;
        if (c->menvcfg & MK_MENVCFG_STCE)
            mask &= ~MK_MIP_STIP;
        c->mip = (c->mip & ~mask) | (val & mask);
        h->irq_recheck = true;
        break;
    }
    case MK_CSR_MCYCLE:     mcycle_set(h, val); break;
    case MK_CSR_MINSTRET:   minstret_set(h, val); break;
    default:
        if (in_range(addr, MK_CSR_PMPCFG0, MK_CSR_PMPCFG15)) {
            unsigned n = addr - MK_CSR_PMPCFG0;
            if (n < MK_PMP_ENTRIES / 4) {
                mk_pmp_write_cfg(h, n, val);
                mk_mem_fast_flush(h);
            }
        } else if (in_range(addr, MK_CSR_PMPADDR0, MK_CSR_PMPADDR63)) {
            unsigned n = addr - MK_CSR_PMPADDR0;
            if (n < MK_PMP_ENTRIES) {
                mk_pmp_write_addr(h, n, val);
                mk_mem_fast_flush(h);
            }
        }
        /* misa, hgeie, mhpmevent*, mhpmcounter*, pmp entries 16..63: writes are ignored. */
        break;
    }
}

bool mk_csr_read(mk_hart_t *h, uint16_t addr, bool write_intent, uint64_t *val)
{
    return csr_access_fault(h, addr, write_intent) == 0 &&
           csr_get(h, effective_addr(h, addr), val);
}

bool mk_csr_write(mk_hart_t *h, uint16_t addr, uint64_t val)
{
    if (csr_access_fault(h, addr, true) != 0)
        return false;
    /* With V = 1 the substituted VS CSR is the one written and recorded, as Spike logs it. */
    addr = effective_addr(h, addr);
    csr_set(h, addr, val);

    mk_retire_t *rec = h->rec;
    if (rec && rec->csr_count < MK_RETIRE_MAX_CSR) {
        uint64_t now;
        csr_get(h, addr, &now);
        /* minstret: record what the next instruction reads (this one is not counted). */
        if (addr == MK_CSR_MINSTRET && !(h->csr.mcountinhibit & COUNTINHIBIT_IR))
            now += 1;
        rec->csr[rec->csr_count].addr = addr;
        rec->csr[rec->csr_count].value = now;
        rec->csr_count++;
    }
    return true;
}

uint64_t mk_csr_fault_cause(const mk_hart_t *h, uint16_t addr, bool write)
{
    uint64_t cause = csr_access_fault(h, addr, write);
    return cause ? cause : MK_CAUSE_ILLEGAL_INSN;
}

uint64_t mk_csr_rmw_base(const mk_hart_t *h, uint16_t addr, uint64_t read_val)
{
    if (addr == MK_CSR_MIP)
        return (read_val & ~MK_MIP_SEIP) | (h->csr.mip & MK_MIP_SEIP);
    return read_val;
}

void mk_csr_set_vsstatus(mk_hart_t *h, uint64_t val)
{
    uint64_t changed = h->csr.vsstatus ^ val;
    h->csr.vsstatus = val;
    /* SUM and MXR steer VS-stage translation; SIE enables VS-level interrupts. */
    if (changed & (MK_MSTATUS_SUM | MK_MSTATUS_MXR))
        mk_mem_fast_flush(h);
    if (changed & MK_MSTATUS_SIE)
        h->irq_recheck = true;
}

void mk_csr_set_hstatus(mk_hart_t *h, uint64_t val)
{
    uint64_t changed = h->csr.hstatus ^ val;
    h->csr.hstatus = val;
    /* SPVP and HU steer the translation of HLV/HLVX/HSV. */
    if (changed & (MK_HSTATUS_SPVP | MK_HSTATUS_HU))
        mk_mem_fast_flush(h);
}
