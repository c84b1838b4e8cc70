/* Execute functions of RV64I (except the SYSTEM instructions, see exec_system.c). */
#include "exec.h"
#include "mem.h"
#include "trap.h"

/* Sign-extends the low width bits of v using only unsigned arithmetic. */
static inline uint64_t sext(uint64_t v, unsigned width)
{
    uint64_t m = 1ull << (width - 1);
    v &= (m << 1) - 1;
    return (v ^ m) - m;
}

static inline uint64_t sext32(uint64_t v) { return sext(v, 32); }

static inline uint64_t rs1(const mk_hart_t *h, const mk_insn_t *in) { return h->x[in->rs1]; }
static inline uint64_t rs2(const mk_hart_t *h, const mk_insn_t *in) { return h->x[in->rs2]; }
static inline uint64_t imm(const mk_insn_t *in) { return (uint64_t)in->imm; }

/* Writes rd and moves to the next instruction. */
static inline void retire(mk_hart_t *h, const mk_insn_t *in, uint64_t value)
{
    h->x[in->rd] = value;
    h->pc += in->len;
}

void mk_exec_illegal(mk_hart_t *h, const mk_insn_t *in)
{
    mk_raise_exception(h, MK_CAUSE_ILLEGAL_INSN, in->raw);
}

/* ---- upper immediates and jumps ---- */

void mk_exec_lui(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, imm(in)); }
void mk_exec_auipc(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, h->pc + imm(in)); }

void mk_exec_jal(mk_hart_t *h, const mk_insn_t *in)
{
    uint64_t pc = h->pc;
    h->x[in->rd] = pc + in->len;
    h->pc = pc + imm(in);
}

void mk_exec_jalr(mk_hart_t *h, const mk_insn_t *in)
{
    uint64_t target = (rs1(h, in) + imm(in)) & ~1ull; /* before rd: rd may be rs1 */
    h->x[in->rd] = h->pc + in->len;
    h->pc = target;
}

/* ---- branches ---- */

static inline void branch(mk_hart_t *h, const mk_insn_t *in, bool taken)
{
    h->pc += taken ? imm(in) : in->len;
}

void mk_exec_beq(mk_hart_t *h, const mk_insn_t *in) { branch(h, in, rs1(h, in) == rs2(h, in)); }
void mk_exec_bne(mk_hart_t *h, const mk_insn_t *in) { branch(h, in, rs1(h, in) != rs2(h, in)); }
void mk_exec_blt(mk_hart_t *h, const mk_insn_t *in)
{
    branch(h, in, (int64_t)rs1(h, in) < (int64_t)rs2(h, in));
}
void mk_exec_bge(mk_hart_t *h, const mk_insn_t *in)
{
    branch(h, in, (int64_t)rs1(h, in) >= (int64_t)rs2(h, in));
}
void mk_exec_bltu(mk_hart_t *h, const mk_insn_t *in) { branch(h, in, rs1(h, in) < rs2(h, in)); }
void mk_exec_bgeu(mk_hart_t *h, const mk_insn_t *in) { branch(h, in, rs1(h, in) >= rs2(h, in)); }

/* ---- loads and stores ---- */

/* signed_width is the width to sign-extend from, or 0 for a zero-extending load. */
static inline void load(mk_hart_t *h, const mk_insn_t *in, unsigned size, unsigned signed_width)
{
    uint64_t v;
    if (!mk_load(h, rs1(h, in) + imm(in), size, &v))
        return;
    retire(h, in, signed_width ? sext(v, signed_width) : v);
}

void mk_exec_lb(mk_hart_t *h, const mk_insn_t *in) { load(h, in, 1, 8); }
void mk_exec_lh(mk_hart_t *h, const mk_insn_t *in) { load(h, in, 2, 16); }
void mk_exec_lw(mk_hart_t *h, const mk_insn_t *in) { load(h, in, 4, 32); }
void mk_exec_ld(mk_hart_t *h, const mk_insn_t *in) { load(h, in, 8, 0); }
void mk_exec_lbu(mk_hart_t *h, const mk_insn_t *in) { load(h, in, 1, 0); }
void mk_exec_lhu(mk_hart_t *h, const mk_insn_t *in) { load(h, in, 2, 0); }
void mk_exec_lwu(mk_hart_t *h, const mk_insn_t *in) { load(h, in, 4, 0); }

static inline void store(mk_hart_t *h, const mk_insn_t *in, unsigned size)
{
    if (!mk_store(h, rs1(h, in) + imm(in), size, rs2(h, in)))
        return;
    h->pc += in->len;
}

void mk_exec_sb(mk_hart_t *h, const mk_insn_t *in) { store(h, in, 1); }
void mk_exec_sh(mk_hart_t *h, const mk_insn_t *in) { store(h, in, 2); }
void mk_exec_sw(mk_hart_t *h, const mk_insn_t *in) { store(h, in, 4); }
void mk_exec_sd(mk_hart_t *h, const mk_insn_t *in) { store(h, in, 8); }

/* ---- register-immediate ---- */

void mk_exec_addi(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) + imm(in)); }
void mk_exec_slti(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, (int64_t)rs1(h, in) < in->imm);
}
void mk_exec_sltiu(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) < imm(in)); }
void mk_exec_xori(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) ^ imm(in)); }
void mk_exec_ori(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) | imm(in)); }
void mk_exec_andi(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) & imm(in)); }

/* Arithmetic right shift; shamt < 64. Written with unsigned ops so it never depends on how the
 * compiler shifts negative numbers. */
static inline uint64_t sra64(uint64_t v, unsigned shamt)
{
    uint64_t r = v >> shamt;
    if ((v >> 63) && shamt)
        r |= ~0ull << (64 - shamt);
    return r;
}

void mk_exec_slli(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, rs1(h, in) << (in->imm & 63));
}
void mk_exec_srli(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, rs1(h, in) >> (in->imm & 63));
}
void mk_exec_srai(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sra64(rs1(h, in), (unsigned)(in->imm & 63)));
}

/* ---- register-register ---- */

void mk_exec_add(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) + rs2(h, in)); }
void mk_exec_sub(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) - rs2(h, in)); }
void mk_exec_sll(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, rs1(h, in) << (rs2(h, in) & 63));
}
void mk_exec_slt(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, (int64_t)rs1(h, in) < (int64_t)rs2(h, in));
}
void mk_exec_sltu(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) < rs2(h, in)); }
void mk_exec_xor(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) ^ rs2(h, in)); }
void mk_exec_srl(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, rs1(h, in) >> (rs2(h, in) & 63));
}
void mk_exec_sra(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sra64(rs1(h, in), (unsigned)(rs2(h, in) & 63)));
}
void mk_exec_or(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) | rs2(h, in)); }
void mk_exec_and(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) & rs2(h, in)); }

/* ---- 32-bit (W) forms: operate on the low word, sign-extend the result ---- */

static inline uint64_t sra32(uint64_t v, unsigned shamt)
{
    return sra64(sext32(v), shamt); /* shamt < 32: the low word is the 32-bit result */
}

void mk_exec_addiw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(rs1(h, in) + imm(in)));
}
void mk_exec_slliw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(rs1(h, in) << (in->imm & 31)));
}
void mk_exec_srliw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32((rs1(h, in) & 0xffffffffull) >> (in->imm & 31)));
}
void mk_exec_sraiw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(sra32(rs1(h, in), (unsigned)(in->imm & 31))));
}
void mk_exec_addw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(rs1(h, in) + rs2(h, in)));
}
void mk_exec_subw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(rs1(h, in) - rs2(h, in)));
}
void mk_exec_sllw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(rs1(h, in) << (rs2(h, in) & 31)));
}
void mk_exec_srlw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32((rs1(h, in) & 0xffffffffull) >> (rs2(h, in) & 31)));
}
void mk_exec_sraw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(sra32(rs1(h, in), (unsigned)(rs2(h, in) & 31))));
}

/* ---- fences ---- */

/* One hart, in-order, no store buffer: every fence is already satisfied. */
void mk_exec_fence(mk_hart_t *h, const mk_insn_t *in) { h->pc += in->len; }

/* The decoded-instruction cache checks the raw bits on every hit, so there is nothing to
 * invalidate. */
void mk_exec_fence_i(mk_hart_t *h, const mk_insn_t *in) { h->pc += in->len; }
