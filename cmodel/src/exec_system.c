/* Execute functions of the SYSTEM opcode: Zicsr, ECALL/EBREAK, xRET, WFI and SFENCE.VMA, with
 * the H extension's rules for V = 1 (virtual-instruction exceptions). */
#include "csr.h"
#include "exec.h"
#include "mmu.h"
#include "trap.h"

static void illegal(mk_hart_t *h, const mk_insn_t *in)
{
    mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, in->raw);
}

/* The virtual-instruction exception (H extension): xtval holds the bits, as for illegal. */
static void virtual_insn(mk_hart_t *h, const mk_insn_t *in)
{
    mk_raise_exception(h, MK_CAUSE_VIRTUAL_INSN, in->raw);
}

/* A refused CSR access: illegal or virtual instruction, as the spec's rules say. */
static void csr_fault(mk_hart_t *h, const mk_insn_t *in, bool write)
{
    mk_raise_exception(h, mk_csr_fault_cause(h, in->csr, write), in->raw);
}

/* CSRRW/CSRRWI: with rd = x0 the CSR is not read (no read side effects). */
static void csr_swap(mk_hart_t *h, const mk_insn_t *in, uint64_t src)
{
    uint64_t old = 0;
    if (in->rd != 0 && !mk_csr_read(h, in->csr, true, &old)) {
        csr_fault(h, in, true);
        return;
    }
    if (!mk_csr_write(h, in->csr, src)) {
        csr_fault(h, in, true);
        return;
    }
    h->x[in->rd] = old;
    h->pc += in->len;
}

/* CSRRS/CSRRC and their immediate forms: a zero source (x0 or zimm = 0) means no write at all,
 * so read-only CSRs can be read this way. */
static void csr_modify(mk_hart_t *h, const mk_insn_t *in, uint64_t mask, bool do_write,
                       bool set)
{
    uint64_t old;
    if (!mk_csr_read(h, in->csr, do_write, &old)) {
        csr_fault(h, in, do_write);
        return;
    }
    if (do_write) {
        uint64_t base = mk_csr_rmw_base(h, in->csr, old);
        if (!mk_csr_write(h, in->csr, set ? base | mask : base & ~mask)) {
            csr_fault(h, in, true);
            return;
        }
    }
    h->x[in->rd] = old;
    h->pc += in->len;
}

void mk_exec_csrrw(mk_hart_t *h, const mk_insn_t *in) { csr_swap(h, in, h->x[in->rs1]); }
void mk_exec_csrrwi(mk_hart_t *h, const mk_insn_t *in) { csr_swap(h, in, (uint64_t)in->imm); }

void mk_exec_csrrs(mk_hart_t *h, const mk_insn_t *in)
{
    csr_modify(h, in, h->x[in->rs1], in->rs1 != 0, true);
}

void mk_exec_csrrc(mk_hart_t *h, const mk_insn_t *in)
{
    csr_modify(h, in, h->x[in->rs1], in->rs1 != 0, false);
}

void mk_exec_csrrsi(mk_hart_t *h, const mk_insn_t *in)
{
    csr_modify(h, in, (uint64_t)in->imm, in->imm != 0, true);
}

void mk_exec_csrrci(mk_hart_t *h, const mk_insn_t *in)
{
    csr_modify(h, in, (uint64_t)in->imm, in->imm != 0, false);
}

/* ECALL: the cause names the mode it was executed in (VU-mode counts as U-mode). */
void mk_exec_ecall(mk_hart_t *h, const mk_insn_t *in)
{
    (void)in;
    static const uint64_t cause_by_priv[4] = {
        MK_CAUSE_ECALL_U, MK_CAUSE_ECALL_S, MK_CAUSE_ECALL_VS, MK_CAUSE_ECALL_M,
    };
    uint64_t cause = cause_by_priv[h->priv & 3];
    if (h->v && h->priv == MK_PRIV_S)
        cause = MK_CAUSE_ECALL_VS;
    mk_raise_exception(h, cause, 0);
}

void mk_exec_ebreak(mk_hart_t *h, const mk_insn_t *in)
{
    (void)in;
    mk_raise_exception(h, MK_CAUSE_BREAKPOINT, h->pc);
}

/* MRET is illegal below M, in V = 1 too (it is not among the virtual-instruction cases). */
void mk_exec_mret(mk_hart_t *h, const mk_insn_t *in)
{
    if (h->priv < MK_PRIV_M) {
        illegal(h, in);
        return;
    }
    mk_trap_mret(h);
}

/* SRET: illegal in U-mode and, with mstatus.TSR, in HS-mode; a virtual instruction in VU-mode
 * and, with hstatus.VTSR, in VS-mode. */
void mk_exec_sret(mk_hart_t *h, const mk_insn_t *in)
{
    if (h->v) {
        if (h->priv == MK_PRIV_U || (h->csr.hstatus & MK_HSTATUS_VTSR)) {
            virtual_insn(h, in);
            return;
        }
    } else if (h->priv < MK_PRIV_S ||
               (h->priv == MK_PRIV_S && (h->csr.mstatus & MK_MSTATUS_TSR))) {
        illegal(h, in);
        return;
    }
    mk_trap_sret(h);
}

/*
 * WFI traps at once (time limit zero): illegal with mstatus.TW in any mode below M (TW takes
 * precedence) and in U-mode; a virtual instruction in VU-mode and, with hstatus.VTW, in
 * VS-mode. Otherwise the hart sleeps after this instruction retires; the step loop wakes it
 * (docs/isa.md).
 */
void mk_exec_wfi(mk_hart_t *h, const mk_insn_t *in)
{
    if (h->priv < MK_PRIV_M) {
        if (h->csr.mstatus & MK_MSTATUS_TW) {
            illegal(h, in);
            return;
        }
        if (h->v && (h->priv == MK_PRIV_U || (h->csr.hstatus & MK_HSTATUS_VTW))) {
            virtual_insn(h, in);
            return;
        }
        if (!h->v && h->priv == MK_PRIV_U) {
            illegal(h, in);
            return;
        }
    }
    h->wfi = true;
    h->irq_recheck = true;  /* leave the fast loop: the hart goes to sleep */
    h->pc += in->len;
}

/* SFENCE.VMA: illegal in U-mode and, with mstatus.TVM, in HS-mode; a virtual instruction in
 * VU-mode and, with hstatus.VTVM, in VS-mode. In VS-mode it fences the VS-stage of the current
 * VMID, as HFENCE.VVMA does. */
void mk_exec_sfence_vma(mk_hart_t *h, const mk_insn_t *in)
{
    bool vaddr_valid = in->rs1 != 0, asid_valid = in->rs2 != 0;
    uint64_t vaddr = h->x[in->rs1];
    uint16_t asid = (uint16_t)(h->x[in->rs2] & MK_SATP_ASID_MASK);
    if (h->v) {
        if (h->priv == MK_PRIV_U || (h->csr.hstatus & MK_HSTATUS_VTVM)) {
            virtual_insn(h, in);
            return;
        }
        mk_mmu_hfence_vvma(h, vaddr_valid, vaddr, asid_valid, asid);
    } else {
        if (h->priv < MK_PRIV_S ||
            (h->priv == MK_PRIV_S && (h->csr.mstatus & MK_MSTATUS_TVM))) {
            illegal(h, in);
            return;
        }
        mk_mmu_sfence(h, vaddr_valid, vaddr, asid_valid, asid);
    }
    h->pc += in->len;
}
