/* Execute functions of the SYSTEM opcode: Zicsr, ECALL/EBREAK, xRET, WFI and SFENCE.VMA. */
#include "csr.h"
#include "exec.h"
#include "mem.h"
#include "mmu.h"
#include "trap.h"

static void illegal(mk_hart_t *h, const mk_insn_t *in)
{
    mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, in->raw);
}

/* CSRRW/CSRRWI: with rd = x0 the CSR is not read (no read side effects). */
static void csr_swap(mk_hart_t *h, const mk_insn_t *in, uint64_t src)
{
    uint64_t old = 0;
    if (in->rd != 0 && !mk_csr_read(h, in->csr, true, &old)) {
        illegal(h, in);
        return;
    }
    if (!mk_csr_write(h, in->csr, src)) {
        illegal(h, in);
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
        illegal(h, in);
        return;
    }
    if (do_write) {
        uint64_t base = mk_csr_rmw_base(h, in->csr, old);
        if (!mk_csr_write(h, in->csr, set ? base | mask : base & ~mask)) {
            illegal(h, in);
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

void mk_exec_ecall(mk_hart_t *h, const mk_insn_t *in)
{
    (void)in;
    static const uint64_t cause_by_priv[4] = {
        MK_CAUSE_ECALL_U, MK_CAUSE_ECALL_S, MK_CAUSE_ECALL_VS, MK_CAUSE_ECALL_M,
    };
    mk_raise_exception(h, cause_by_priv[h->priv & 3], 0);
}

void mk_exec_ebreak(mk_hart_t *h, const mk_insn_t *in)
{
    (void)in;
    mk_raise_exception(h, MK_CAUSE_BREAKPOINT, h->pc);
}

void mk_exec_mret(mk_hart_t *h, const mk_insn_t *in)
{
    if (h->priv < MK_PRIV_M) {
        illegal(h, in);
        return;
    }
    mk_trap_mret(h);
}

void mk_exec_sret(mk_hart_t *h, const mk_insn_t *in)
{
    if (h->priv < MK_PRIV_S ||
        (h->priv == MK_PRIV_S && (h->csr.mstatus & MK_MSTATUS_TSR))) {
        illegal(h, in);
        return;
    }
    mk_trap_sret(h);
}

/* WFI traps at once (no time limit) in U-mode and, with mstatus.TW, in S-mode. Otherwise the
 * hart sleeps after this instruction retires; the step loop wakes it (docs/isa.md). */
void mk_exec_wfi(mk_hart_t *h, const mk_insn_t *in)
{
    if (h->priv < MK_PRIV_S ||
        (h->priv == MK_PRIV_S && (h->csr.mstatus & MK_MSTATUS_TW))) {
        illegal(h, in);
        return;
    }
    h->wfi = true;
    h->irq_recheck = true;  /* leave the fast loop: the hart goes to sleep */
    h->pc += in->len;
}

void mk_exec_sfence_vma(mk_hart_t *h, const mk_insn_t *in)
{
    if (h->priv < MK_PRIV_S ||
        (h->priv == MK_PRIV_S && (h->csr.mstatus & MK_MSTATUS_TVM))) {
        illegal(h, in);
        return;
    }
    mk_mmu_sfence(h, in->rs1 != 0, h->x[in->rs1], in->rs2 != 0,
                  (uint16_t)(h->x[in->rs2] & MK_SATP_ASID_MASK));
    mk_mem_fast_flush(h);
    h->pc += in->len;
}
