/* The C model as a reference for the RTL unit benches (see model_ref.h). */
#include "model_ref.h"

#include <stdlib.h>
#include <string.h>

#include "csr.h"
#include "decode.h"
#include "exec.h"
#include "pmp.h"

static const mk_exec_fn exec_table[MK_OP_COUNT] = {
#define MK_OP(name, mnem, flags) [MK_OP_##name] = mk_exec_##name,
#include "ops.def"
#undef MK_OP
};

void mk_ref_decode(uint32_t bits, mk_ref_insn_t *out)
{
    mk_insn_t d;
    mk_decode(bits, &d);
    out->mnemonic = mk_op_mnemonic((mk_op_t)d.op);
    out->illegal = d.op == MK_OP_illegal;
    out->rd = d.rd;
    out->rs1 = d.rs1;
    out->rs2 = d.rs2;
    out->imm = d.imm;
    out->csr = d.csr;
    out->len = d.len;
}

int mk_ref_op(const char *mnemonic)
{
    for (int op = 0; op < MK_OP_COUNT; op++)
        if (strcmp(mk_op_mnemonic((mk_op_t)op), mnemonic) == 0)
            return op;
    return -1;
}

uint64_t mk_ref_exec(int op, uint64_t a, uint64_t b, int64_t imm, int *taken)
{
    /* The execute functions of ALU, branch and M operations touch only x[] and pc; one zeroed
     * hart serves every call (the benches are single-threaded). */
    static mk_hart_t *h;
    if (!h) {
        h = calloc(1, sizeof *h);
        if (!h)
            abort();
    }
    mk_insn_t in;
    memset(&in, 0, sizeof in);
    in.op = (uint16_t)op;
    in.rd = 3;
    in.rs1 = 1;
    in.rs2 = 2;
    in.imm = imm;
    in.len = 4;
    h->x[1] = a;
    h->x[2] = b;
    h->x[3] = 0;
    h->pc = 0x1000;
    exec_table[op](h, &in);
    if (taken)
        *taken = h->pc != 0x1004;
    return h->x[3];
}

int mk_ref_pmp_check(const mk_ref_pmp_t *pmp, uint64_t paddr, unsigned size, int acc,
                     unsigned priv)
{
    /* mk_pmp_check reads only the PMP CSRs of the hart; one scratch hart serves every call. */
    static mk_hart_t *h;
    if (!h) {
        h = calloc(1, sizeof *h);
        if (!h)
            abort();
    }
    memcpy(h->csr.pmpcfg, pmp->cfg, sizeof h->csr.pmpcfg);
    memcpy(h->csr.pmpaddr, pmp->addr, sizeof h->csr.pmpaddr);
    static const mk_access_t kinds[] = {
        [MK_REF_FETCH] = MK_ACC_FETCH, [MK_REF_LOAD] = MK_ACC_LOAD, [MK_REF_STORE] = MK_ACC_STORE,
    };
    return mk_pmp_check(h, paddr, size, kinds[acc], priv);
}

struct mk_ref_csrs {
    mk_hart_t hart;
};

mk_ref_csrs_t *mk_ref_csrs_new(void)
{
    mk_ref_csrs_t *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    mk_ref_csrs_reset(c);
    return c;
}

void mk_ref_csrs_free(mk_ref_csrs_t *c)
{
    free(c);
}

void mk_ref_csrs_reset(mk_ref_csrs_t *c)
{
    mk_csr_reset(&c->hart);
    c->hart.priv = MK_PRIV_M;
    c->hart.v = false;
}

int mk_ref_csrs_access(mk_ref_csrs_t *c, unsigned addr, unsigned op, uint64_t operand,
                       uint64_t *old)
{
    mk_hart_t *h = &c->hart;
    bool writes = op == 1 || ((op == 2 || op == 3) && operand != 0);
    uint64_t val;
    if (!mk_csr_read(h, (uint16_t)addr, writes, &val))
        return 0;
    *old = val;
    if (!writes)
        return 1;
    uint64_t base = mk_csr_rmw_base(h, (uint16_t)addr, val);
    uint64_t next = op == 1 ? operand : op == 2 ? base | operand : base & ~operand;
    return mk_csr_write(h, (uint16_t)addr, next) ? 1 : 0;
}
