/* Execute functions of RV64I (except the SYSTEM instructions, see exec_system.c), their fast
 * handlers (exec.h), and the choice of fast handler for each decoded instruction. */
#include <string.h>

#include "decode.h"
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

mk_chain_t mk_fast_exact(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t pc, uint64_t left)
{
    (void)e;
    return mk_chain_stop(h, pc, left);
}

/* An instruction without effect (rd = x0, fences): only moves on. */
MK_FAST_DEFINE(nop, return mk_chain_next(h, e, pc, LEN, left);)

/* Arithmetic right shift; shamt < 64. Written with unsigned ops so it never depends on how the
 * compiler shifts negative numbers. */
static inline uint64_t sra64(uint64_t v, unsigned shamt)
{
    uint64_t r = v >> shamt;
    if ((v >> 63) && shamt)
        r |= ~0ull << (64 - shamt);
    return r;
}

static inline uint64_t sra32(uint64_t v, unsigned shamt)
{
    return sra64(sext32(v), shamt); /* shamt < 32: the low word is the 32-bit result */
}

/*
 * The operations that compute rd from rs1, rs2, the immediate and the pc, and cannot trap:
 * MK_ALU(name, value). Both forms evaluate the same expression; `pc` is the instruction's pc.
 */
#define A rs1(h, in)
#define B rs2(h, in)
#define ALU_OPS(X)                                                          \
    X(lui, imm(in))                                                         \
    X(auipc, pc + imm(in))                                                  \
    X(addi, A + imm(in))                                                    \
    X(slti, (int64_t)A < in->imm)                                           \
    X(sltiu, A < imm(in))                                                   \
    X(xori, A ^ imm(in))                                                    \
    X(ori, A | imm(in))                                                     \
    X(andi, A & imm(in))                                                    \
    X(slli, A << (in->imm & 63))                                            \
    X(srli, A >> (in->imm & 63))                                            \
    X(srai, sra64(A, (unsigned)(in->imm & 63)))                             \
    X(add, A + B)                                                           \
    X(sub, A - B)                                                           \
    X(sll, A << (B & 63))                                                   \
    X(slt, (int64_t)A < (int64_t)B)                                         \
    X(sltu, A < B)                                                          \
    X(xor, A ^ B)                                                           \
    X(srl, A >> (B & 63))                                                   \
    X(sra, sra64(A, (unsigned)(B & 63)))                                    \
    X(or, A | B)                                                            \
    X(and, A & B)                                                           \
    X(addiw, sext32(A + imm(in)))                                           \
    X(slliw, sext32(A << (in->imm & 31)))                                   \
    X(srliw, sext32((A & 0xffffffffull) >> (in->imm & 31)))                 \
    X(sraiw, sext32(sra32(A, (unsigned)(in->imm & 31))))                    \
    X(addw, sext32(A + B))                                                  \
    X(subw, sext32(A - B))                                                  \
    X(sllw, sext32(A << (B & 31)))                                          \
    X(srlw, sext32((A & 0xffffffffull) >> (B & 31)))                        \
    X(sraw, sext32(sra32(A, (unsigned)(B & 31))))

#define MK_ALU(name, value)                                                 \
    void mk_exec_##name(mk_hart_t *h, const mk_insn_t *in)                  \
    {                                                                       \
        uint64_t pc = h->pc;                                                \
        (void)pc;                                                           \
        retire(h, in, (value));                                             \
    }                                                                       \
    MK_FAST_DEFINE(name, h->x[in->rd] = (value);                            \
                   return mk_chain_next(h, e, pc, LEN, left);)
ALU_OPS(MK_ALU)

/* ---- jumps ---- */

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

/* With rd = x0 (j, jr, ret) the fast forms skip the link. */
MK_FAST_DEFINE(jal, h->x[in->rd] = pc + LEN; return mk_chain_branch(h, e, pc + imm(in), left);)
MK_FAST_DEFINE(j, return mk_chain_branch(h, e, pc + imm(in), left);)
MK_FAST_DEFINE(jalr,
               uint64_t target = (A + imm(in)) & ~1ull;
               h->x[in->rd] = pc + LEN;
               return mk_chain_goto(h, target, left);)
MK_FAST_DEFINE(jr, return mk_chain_goto(h, (A + imm(in)) & ~1ull, left);)

/* ---- branches ---- */

#define BRANCH_OPS(X)                                                       \
    X(beq, A == B)                                                          \
    X(bne, A != B)                                                          \
    X(blt, (int64_t)A < (int64_t)B)                                         \
    X(bge, (int64_t)A >= (int64_t)B)                                        \
    X(bltu, A < B)                                                          \
    X(bgeu, A >= B)

#define MK_BRANCH(name, taken)                                              \
    void mk_exec_##name(mk_hart_t *h, const mk_insn_t *in)                  \
    {                                                                       \
        h->pc += (taken) ? imm(in) : in->len;                               \
    }                                                                       \
    MK_FAST_DEFINE(name, if (taken) return mk_chain_branch(h, e, pc + imm(in), left); \
                   return mk_chain_next(h, e, pc, LEN, left);)
BRANCH_OPS(MK_BRANCH)

/* ---- loads and stores ---- */

/* signed_width is the width to sign-extend from, or 0 for a zero-extending load. */
static inline void load(mk_hart_t *h, const mk_insn_t *in, unsigned size, unsigned signed_width)
{
    uint64_t v;
    if (!mk_load(h, rs1(h, in) + imm(in), size, &v))
        return;
    retire(h, in, signed_width ? sext(v, signed_width) : v);
}

static inline void store(mk_hart_t *h, const mk_insn_t *in, unsigned size)
{
    if (!mk_store(h, rs1(h, in) + imm(in), size, rs2(h, in)))
        return;
    h->pc += in->len;
}

/*
 * The fast forms use the fast translation cache only (an entry is plain DRAM that the slow path
 * has checked for this privilege and mstatus; store entries never cover cached code). Anything
 * else (misaligned, a miss, a device) stops the chain and runs the execute function.
 */
static inline const mk_fast_entry_t *fast_data(const mk_fast_entry_t *table, uint64_t addr,
                                               unsigned size)
{
    const mk_fast_entry_t *fe = &table[(addr >> 12) & (MK_FAST_ENTRIES - 1)];
    return __builtin_expect((((addr >> 12) ^ fe->tag) | (addr & (size - 1))) == 0, 1) ? fe
                                                                                      : NULL;
}

/* type: the C type of the loaded value; its signedness gives sign or zero extension. */
#define MK_LOAD(name, type, signed_width)                                   \
    void mk_exec_##name(mk_hart_t *h, const mk_insn_t *in)                  \
    {                                                                       \
        load(h, in, sizeof(type), signed_width);                            \
    }                                                                       \
    MK_FAST_DEFINE(name,                                                    \
        uint64_t addr = A + imm(in);                                        \
        const mk_fast_entry_t *fe = fast_data(h->fast_load, addr, sizeof(type)); \
        if (!fe)                                                            \
            return mk_chain_stop(h, pc, left);                                  \
        type v;                                                             \
        memcpy(&v, (const void *)(uintptr_t)(addr + fe->addend), sizeof v); \
        if (__builtin_expect(fe->tlb_hit != 0, 0))                          \
            h->stats.dtlb_hits++;                                           \
        h->x[in->rd] = (uint64_t)(int64_t)v;                                \
        return mk_chain_next(h, e, pc, LEN, left);)
MK_LOAD(lb, int8_t, 8)
MK_LOAD(lh, int16_t, 16)
MK_LOAD(lw, int32_t, 32)
MK_LOAD(ld, int64_t, 0)
MK_LOAD(lbu, uint8_t, 0)
MK_LOAD(lhu, uint16_t, 0)
MK_LOAD(lwu, uint32_t, 0)

#define MK_STORE(name, type)                                                \
    void mk_exec_##name(mk_hart_t *h, const mk_insn_t *in)                  \
    {                                                                       \
        store(h, in, sizeof(type));                                         \
    }                                                                       \
    MK_FAST_DEFINE(name,                                                    \
        uint64_t addr = A + imm(in);                                        \
        const mk_fast_entry_t *fe = fast_data(h->fast_store, addr, sizeof(type)); \
        if (!fe)                                                            \
            return mk_chain_stop(h, pc, left);                                  \
        type v = (type)B;                                                   \
        memcpy((void *)(uintptr_t)(addr + fe->addend), &v, sizeof v);       \
        if (__builtin_expect(fe->tlb_hit != 0, 0))                          \
            h->stats.dtlb_hits++;                                           \
        return mk_chain_next(h, e, pc, LEN, left);)
MK_STORE(sb, uint8_t)
MK_STORE(sh, uint16_t)
MK_STORE(sw, uint32_t)
MK_STORE(sd, uint64_t)

/* ---- fences ---- */

/* One hart, in-order, no store buffer: every fence is already satisfied. */
void mk_exec_fence(mk_hart_t *h, const mk_insn_t *in) { h->pc += in->len; }

/* Stores invalidate the decoded instructions they overlap (mem.c), so there is nothing to
 * invalidate. */
void mk_exec_fence_i(mk_hart_t *h, const mk_insn_t *in) { h->pc += in->len; }

#undef A
#undef B

/* ---- choice of fast handler ---- */

#define PAIR(name) { mk_fast_##name##_2, mk_fast_##name##_4 }
#define ENTRY(name) [MK_OP_##name] = PAIR(name),
#define ENTRY2(name, value) ENTRY(name)

static const mk_fast_fn fast_table[MK_OP_COUNT][2] = {
    ALU_OPS(ENTRY2)
    BRANCH_OPS(ENTRY2)
    ENTRY(jal)
    ENTRY(jalr)
    ENTRY(lb) ENTRY(lh) ENTRY(lw) ENTRY(ld) ENTRY(lbu) ENTRY(lhu) ENTRY(lwu)
    ENTRY(sb) ENTRY(sh) ENTRY(sw) ENTRY(sd)
    MK_FAST_M_OPS(ENTRY)
    [MK_OP_fence] = PAIR(nop),
    [MK_OP_fence_i] = PAIR(nop),
};

static const mk_fast_fn fast_j[2] = PAIR(j);
static const mk_fast_fn fast_jr[2] = PAIR(jr);
static const mk_fast_fn fast_nop[2] = PAIR(nop);

mk_fast_fn mk_fast_select(const mk_insn_t *in)
{
    unsigned l = in->len == 4;
    mk_fast_fn fn = in->op < MK_OP_COUNT ? fast_table[in->op][l] : NULL;
    if (!fn)
        return mk_fast_exact;
    if ((mk_op_flags((mk_op_t)in->op) & MK_F_RD) && in->rd == 0) {
        /* Fast handlers may not write x0: keep the effect without the write. */
        if (in->op == MK_OP_jal)
            return fast_j[l];
        if (in->op == MK_OP_jalr)
            return fast_jr[l];
        if (mk_op_flags((mk_op_t)in->op) & MK_F_LOAD)
            return mk_fast_exact;   /* the access still happens; rare enough */
        return fast_nop[l];
    }
    return fn;
}
