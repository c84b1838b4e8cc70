/*
 * The CSR file of RV64 M/S/U with Zicntr and 16 PMP entries.
 * Every legalisation rule here is a row of the CSR tables in docs/isa.md; keep them in step.
 */
#include <string.h>

#include "csr.h"
#include "mem.h"
#include "pmp.h"
#include "soc.h"
#include "trap.h"

/* misa: RV64 (MXL = 2) with A, C, I, M, S, U. Read-only ("tolerates writes"). */
#define MISA_VALUE ((2ULL << 62) | (1ULL << ('A' - 'A')) | (1ULL << ('C' - 'A')) | \
                    (1ULL << ('I' - 'A')) | (1ULL << ('M' - 'A')) | (1ULL << ('S' - 'A')) | \
                    (1ULL << ('U' - 'A')))

/* mstatus bits that M-mode can write (MPP is further legalised). FS, VS, XS, the endianness
 * bits and SD are read-only zero; UXL and SXL are read-only 2 (64-bit). */
#define MSTATUS_WRITABLE (MK_MSTATUS_SIE | MK_MSTATUS_MIE | MK_MSTATUS_SPIE | MK_MSTATUS_MPIE | \
                          MK_MSTATUS_SPP | MK_MSTATUS_MPP | MK_MSTATUS_MPRV | MK_MSTATUS_SUM | \
                          MK_MSTATUS_MXR | MK_MSTATUS_TVM | MK_MSTATUS_TW | MK_MSTATUS_TSR)
#define SSTATUS_VISIBLE (MK_MSTATUS_SIE | MK_MSTATUS_SPIE | MK_MSTATUS_UBE | MK_MSTATUS_SPP | \
                         MK_MSTATUS_VS | MK_MSTATUS_FS | MK_MSTATUS_XS | MK_MSTATUS_SUM | \
                         MK_MSTATUS_MXR | MK_MSTATUS_UXL | MK_MSTATUS_SD)
#define SSTATUS_WRITABLE (MK_MSTATUS_SIE | MK_MSTATUS_SPIE | MK_MSTATUS_SPP | MK_MSTATUS_SUM | \
                          MK_MSTATUS_MXR)
/* Bits whose change can alter a data access's translation or protection (fast-path flush). */
#define MSTATUS_XLATE_BITS (MK_MSTATUS_MPRV | MK_MSTATUS_MPP | MK_MSTATUS_SUM | MK_MSTATUS_MXR)
#define MSTATUS_IRQ_BITS (MK_MSTATUS_MIE | MK_MSTATUS_SIE)

/* Exceptions that can be delegated: 0-9, 12, 13, 15. ECALL from M (11) cannot happen below M;
 * 10 and 20-23 belong to the H extension. */
#define MEDELEG_WRITABLE 0xB3FFULL
/* Only the S-level interrupts can be delegated; M-level bits of mideleg are read-only zero. */
#define S_INTERRUPTS (MK_MIP_SSIP | MK_MIP_STIP | MK_MIP_SEIP)
#define M_INTERRUPTS (MK_MIP_MSIP | MK_MIP_MTIP | MK_MIP_MEIP)
#define MIE_WRITABLE (S_INTERRUPTS | M_INTERRUPTS)
/* mip: SSIP, STIP, SEIP are software-writable; MSIP/MTIP/MEIP come from devices (irq_lines). */
#define MIP_WRITABLE S_INTERRUPTS

/* xcause (WLRL): the interrupt bit and a 5-bit exception code are kept. */
#define CAUSE_WRITABLE (MK_CAUSE_INTERRUPT | 0x1FULL)
/* xtvec: MODE is Direct (0) or Vectored (1): bit 1 is read-only zero. */
#define TVEC_WRITABLE (~2ULL)
#define COUNTEREN_WRITABLE 0xFFFFFFFFULL
#define ENVCFG_FIOM 1ULL
#define MENVCFG_WRITABLE (ENVCFG_FIOM | MK_MENVCFG_STCE)
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
    memset(&h->csr, 0, sizeof h->csr);
    h->csr.stimecmp = UINT64_MAX;   /* no S-timer interrupt until programmed */
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

static void mcountinhibit_set(mk_hart_t *h, uint64_t val)
{
    uint64_t cycles = mcycle_value(h);
    uint64_t insns = minstret_value(h);
    uint64_t changed = h->csr.mcountinhibit ^ (val & COUNTINHIBIT_WRITABLE);
    h->csr.mcountinhibit = val & COUNTINHIBIT_WRITABLE;
    /* A counter whose bit changes keeps its value across the switch. */
    if (changed & COUNTINHIBIT_CY)
        mcycle_set(h, cycles);
    if (changed & COUNTINHIBIT_IR)
        minstret_set(h, insns);
}

void mk_csr_set_mstatus(mk_hart_t *h, uint64_t val)
{
    uint64_t changed = h->csr.mstatus ^ val;
    /* MPP matters to translation only while MPRV is set. */
    if (!((h->csr.mstatus | val) & MK_MSTATUS_MPRV))
        changed &= ~MK_MSTATUS_MPP;
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

/* Privilege, read-only and enable checks; existence is checked by csr_get. */
static bool csr_allowed(const mk_hart_t *h, uint16_t addr, bool write)
{
    if (write && (addr >> 10) == 3)
        return false;
    if (h->priv < ((addr >> 8) & 3))
        return false;
    if (addr == MK_CSR_SATP && h->priv == MK_PRIV_S && (h->csr.mstatus & MK_MSTATUS_TVM))
        return false;
    /* Sstc: below M, stimecmp needs menvcfg.STCE and mcounteren.TM. */
    if (addr == MK_CSR_STIMECMP && h->priv < MK_PRIV_M &&
        (!(h->csr.menvcfg & MK_MENVCFG_STCE) || !(h->csr.mcounteren & COUNTEREN_TM)))
        return false;
    if (in_range(addr, MK_CSR_CYCLE, MK_CSR_HPMCOUNTER31)) {
        uint64_t bit = 1ULL << (addr & 31);
        if (h->priv < MK_PRIV_M && !(h->csr.mcounteren & bit))
            return false;
        if (h->priv < MK_PRIV_S && !(h->csr.scounteren & bit))
            return false;
    }
    return true;
}

/* Reads an existing CSR without any check; false if the CSR does not exist. */
static bool csr_get(const mk_hart_t *h, uint16_t addr, uint64_t *out)
{
    const mk_csrs_t *c = &h->csr;
    uint64_t v;
    switch (addr) {
    case MK_CSR_SSTATUS:    v = c->mstatus & SSTATUS_VISIBLE; break;
    case MK_CSR_SIE:        v = c->mie & c->mideleg; break;
    case MK_CSR_STVEC:      v = c->stvec; break;
    case MK_CSR_SCOUNTEREN: v = c->scounteren; break;
    case MK_CSR_SENVCFG:    v = c->senvcfg; break;
    case MK_CSR_SSCRATCH:   v = c->sscratch; break;
    case MK_CSR_SEPC:       v = c->sepc; break;
    case MK_CSR_SCAUSE:     v = c->scause; break;
    case MK_CSR_STVAL:      v = c->stval; break;
    case MK_CSR_SIP:        v = mk_mip(h) & c->mideleg; break;
    case MK_CSR_STIMECMP:   v = c->stimecmp; break;
    case MK_CSR_SATP:       v = c->satp; break;
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
    case MK_CSR_MCYCLE:
    case MK_CSR_CYCLE:      v = mcycle_value(h); break;
    case MK_CSR_MINSTRET:
    case MK_CSR_INSTRET:    v = minstret_value(h); break;
    case MK_CSR_TIME:       v = mk_csr_time(h); break;
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
    case MK_CSR_SATP: {
        uint64_t mode = val >> MK_SATP_MODE_SHIFT;
        /* Any other MODE: the whole write has no effect. */
        if (mode == MK_SATP_MODE_BARE || mode == MK_SATP_MODE_SV39)
            c->satp = val;
        mk_mem_fast_flush(h);
        break;
    }
    case MK_CSR_MSTATUS:    mk_csr_set_mstatus(h, mstatus_legalise(c->mstatus, val)); break;
    case MK_CSR_MEDELEG:    c->medeleg = val & MEDELEG_WRITABLE; break;
    case MK_CSR_MIDELEG:
        c->mideleg = val & S_INTERRUPTS;
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
        /* misa, mhpmevent*, mhpmcounter*, pmp entries 16..63: writes are ignored. */
        break;
    }
}

bool mk_csr_read(mk_hart_t *h, uint16_t addr, bool write_intent, uint64_t *val)
{
    return csr_allowed(h, addr, write_intent) && csr_get(h, addr, val);
}

bool mk_csr_write(mk_hart_t *h, uint16_t addr, uint64_t val)
{
    uint64_t now;
    if (!csr_allowed(h, addr, true) || !csr_get(h, addr, &now))
        return false;
    csr_set(h, addr, val);

    mk_retire_t *rec = h->rec;
    if (rec && rec->csr_count < MK_RETIRE_MAX_CSR) {
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

uint64_t mk_csr_rmw_base(const mk_hart_t *h, uint16_t addr, uint64_t read_val)
{
    if (addr == MK_CSR_MIP)
        return (read_val & ~MK_MIP_SEIP) | (h->csr.mip & MK_MIP_SEIP);
    return read_val;
}
