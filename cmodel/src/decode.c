/*
 * Instruction decoder: RV64I, M, A, Zicsr, Zifencei, the privileged instructions (with the H
 * extension's), and every RV64 compressed form (expanded to its base instruction, len = 2).
 * Anything else, including reserved encodings, decodes as MK_OP_illegal.
 */
#include <string.h>

#include "decode.h"
#include "exec.h"

static const mk_exec_fn exec_table[MK_OP_COUNT] = {
#define MK_OP(name, mnem, flags) [MK_OP_##name] = mk_exec_##name,
#include "ops.def"
#undef MK_OP
};

static const char *const mnemonic_table[MK_OP_COUNT] = {
#define MK_OP(name, mnem, flags) [MK_OP_##name] = mnem,
#include "ops.def"
#undef MK_OP
};

static const unsigned flags_table[MK_OP_COUNT] = {
#define MK_OP(name, mnem, flags) [MK_OP_##name] = (flags),
#include "ops.def"
#undef MK_OP
};

const char *mk_op_mnemonic(mk_op_t op)
{
    return (unsigned)op < MK_OP_COUNT ? mnemonic_table[op] : "illegal";
}

unsigned mk_op_flags(mk_op_t op)
{
    return (unsigned)op < MK_OP_COUNT ? flags_table[op] : 0;
}

const char *mk_insn_mnemonic(uint32_t insn)
{
    mk_insn_t d;
    mk_decode(insn, &d);
    return mk_op_mnemonic((mk_op_t)d.op);
}

/* ---- bit-field helpers ---- */

/* Bits hi..lo of x, shifted down to bit 0. */
static inline uint32_t bits(uint32_t x, unsigned hi, unsigned lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1u);
}

/* Sign-extends the low width bits of v (two's complement, without relying on signed shifts). */
static inline int64_t sext(uint64_t v, unsigned width)
{
    uint64_t m = 1ull << (width - 1);
    v &= (m << 1) - 1;
    return (int64_t)((v ^ m) - m);
}

static inline void set(mk_insn_t *o, mk_op_t op, unsigned rd, unsigned rs1, unsigned rs2,
                       int64_t imm)
{
    o->op = (uint16_t)op;
    o->rd = (uint8_t)rd;
    o->rs1 = (uint8_t)rs1;
    o->rs2 = (uint8_t)rs2;
    o->imm = imm;
}

/* ---- 32-bit instructions ---- */

static int64_t imm_i(uint32_t w) { return sext(w >> 20, 12); }
static int64_t imm_s(uint32_t w) { return sext((bits(w, 31, 25) << 5) | bits(w, 11, 7), 12); }
static int64_t imm_u(uint32_t w) { return sext(w & 0xfffff000u, 32); }

static int64_t imm_b(uint32_t w)
{
    uint32_t v = (bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) | (bits(w, 30, 25) << 5) |
                 (bits(w, 11, 8) << 1);
    return sext(v, 13);
}

static int64_t imm_j(uint32_t w)
{
    uint32_t v = (bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) | (bits(w, 20, 20) << 11) |
                 (bits(w, 30, 21) << 1);
    return sext(v, 21);
}

static mk_op_t decode_op_imm(uint32_t w)
{
    static const mk_op_t by_f3[8] = {MK_OP_addi, MK_OP_slli, MK_OP_slti, MK_OP_sltiu,
                                     MK_OP_xori, MK_OP_srli, MK_OP_ori,  MK_OP_andi};
    uint32_t f3 = bits(w, 14, 12), f6 = bits(w, 31, 26);
    if (f3 == 1)
        return f6 == 0 ? MK_OP_slli : MK_OP_illegal;
    if (f3 == 5)
        return f6 == 0 ? MK_OP_srli : f6 == 0x10 ? MK_OP_srai : MK_OP_illegal;
    return by_f3[f3];
}

static mk_op_t decode_op_imm32(uint32_t w)
{
    uint32_t f3 = bits(w, 14, 12), f7 = bits(w, 31, 25);
    switch (f3) {
    case 0: return MK_OP_addiw;
    case 1: return f7 == 0 ? MK_OP_slliw : MK_OP_illegal;
    case 5: return f7 == 0 ? MK_OP_srliw : f7 == 0x20 ? MK_OP_sraiw : MK_OP_illegal;
    default: return MK_OP_illegal;
    }
}

static mk_op_t decode_op(uint32_t w)
{
    static const mk_op_t base[8] = {MK_OP_add, MK_OP_sll, MK_OP_slt, MK_OP_sltu,
                                    MK_OP_xor, MK_OP_srl, MK_OP_or,  MK_OP_and};
    static const mk_op_t muldiv[8] = {MK_OP_mul, MK_OP_mulh, MK_OP_mulhsu, MK_OP_mulhu,
                                      MK_OP_div, MK_OP_divu, MK_OP_rem,    MK_OP_remu};
    uint32_t f3 = bits(w, 14, 12), f7 = bits(w, 31, 25);
    switch (f7) {
    case 0x00: return base[f3];
    case 0x01: return muldiv[f3];
    case 0x20: return f3 == 0 ? MK_OP_sub : f3 == 5 ? MK_OP_sra : MK_OP_illegal;
    default: return MK_OP_illegal;
    }
}

static mk_op_t decode_op32(uint32_t w)
{
    static const mk_op_t base[8] = {MK_OP_addw, MK_OP_sllw, MK_OP_illegal, MK_OP_illegal,
                                    MK_OP_illegal, MK_OP_srlw, MK_OP_illegal, MK_OP_illegal};
    static const mk_op_t muldiv[8] = {MK_OP_mulw, MK_OP_illegal, MK_OP_illegal, MK_OP_illegal,
                                      MK_OP_divw, MK_OP_divuw, MK_OP_remw, MK_OP_remuw};
    uint32_t f3 = bits(w, 14, 12), f7 = bits(w, 31, 25);
    switch (f7) {
    case 0x00: return base[f3];
    case 0x01: return muldiv[f3];
    case 0x20: return f3 == 0 ? MK_OP_subw : f3 == 5 ? MK_OP_sraw : MK_OP_illegal;
    default: return MK_OP_illegal;
    }
}

_Static_assert(MK_OP_amomaxu_d - MK_OP_amomaxu_w == MK_OP_lr_d - MK_OP_lr_w,
               "ops.def: the .d AMOs must follow the .w AMOs in the same order");
_Static_assert(MK_OP_sd - MK_OP_sb == 3, "ops.def: stores must be sb, sh, sw, sd in order");

static mk_op_t decode_amo(uint32_t w)
{
    uint32_t f3 = bits(w, 14, 12), f5 = bits(w, 31, 27);
    if (f3 != 2 && f3 != 3)
        return MK_OP_illegal;
    /* The .d op follows its .w op in ops.def, at a fixed distance. */
    unsigned d = f3 == 3 ? (unsigned)(MK_OP_lr_d - MK_OP_lr_w) : 0u;
    mk_op_t wop;
    switch (f5) {
    case 0x02: wop = bits(w, 24, 20) == 0 ? MK_OP_lr_w : MK_OP_illegal; break;
    case 0x03: wop = MK_OP_sc_w; break;
    case 0x01: wop = MK_OP_amoswap_w; break;
    case 0x00: wop = MK_OP_amoadd_w; break;
    case 0x04: wop = MK_OP_amoxor_w; break;
    case 0x0c: wop = MK_OP_amoand_w; break;
    case 0x08: wop = MK_OP_amoor_w; break;
    case 0x10: wop = MK_OP_amomin_w; break;
    case 0x14: wop = MK_OP_amomax_w; break;
    case 0x18: wop = MK_OP_amominu_w; break;
    case 0x1c: wop = MK_OP_amomaxu_w; break;
    default: return MK_OP_illegal;
    }
    return wop == MK_OP_illegal ? wop : (mk_op_t)(wop + d);
}

static mk_op_t decode_priv(uint32_t w)
{
    switch (w) {
    case 0x00000073u: return MK_OP_ecall;
    case 0x00100073u: return MK_OP_ebreak;
    case 0x30200073u: return MK_OP_mret;
    case 0x10200073u: return MK_OP_sret;
    case 0x10500073u: return MK_OP_wfi;
    default: break;
    }
    /* sfence.vma (funct7 0001001), hfence.vvma (0010001), hfence.gvma (0110001): rd = 0,
     * rs1 and rs2 are operands. */
    switch (w & 0xfe007fffu) {
    case 0x12000073u: return MK_OP_sfence_vma;
    case 0x22000073u: return MK_OP_hfence_vvma;
    case 0x62000073u: return MK_OP_hfence_gvma;
    default: return MK_OP_illegal;
    }
}

/* The H extension's HLV, HLVX (funct7 = 0110xx0, the rs2 field selects the variant) and HSV
 * (funct7 = 0110xx1, rd = 0) under SYSTEM funct3 = 100. */
static mk_op_t decode_hyp_access(uint32_t w)
{
    static const mk_op_t load[4][4] = {
        /* rs2 field:  0             1              2              3 */
        {MK_OP_hlv_b, MK_OP_hlv_bu, MK_OP_illegal, MK_OP_illegal},
        {MK_OP_hlv_h, MK_OP_hlv_hu, MK_OP_illegal, MK_OP_hlvx_hu},
        {MK_OP_hlv_w, MK_OP_hlv_wu, MK_OP_illegal, MK_OP_hlvx_wu},
        {MK_OP_hlv_d, MK_OP_illegal, MK_OP_illegal, MK_OP_illegal},
    };
    static const mk_op_t store[4] = {MK_OP_hsv_b, MK_OP_hsv_h, MK_OP_hsv_w, MK_OP_hsv_d};
    uint32_t f7 = bits(w, 31, 25), sel = bits(w, 24, 20);
    if ((f7 & 0x79u) == 0x30u)
        return sel < 4 ? load[bits(f7, 2, 1)][sel] : MK_OP_illegal;
    if ((f7 & 0x79u) == 0x31u)
        return bits(w, 11, 7) == 0 ? store[bits(f7, 2, 1)] : MK_OP_illegal;
    return MK_OP_illegal;
}

static void decode32(uint32_t w, mk_insn_t *o)
{
    unsigned rd = bits(w, 11, 7), rs1 = bits(w, 19, 15), rs2 = bits(w, 24, 20);
    unsigned f3 = bits(w, 14, 12);

    switch (bits(w, 6, 0)) {
    case 0x37: set(o, MK_OP_lui, rd, 0, 0, imm_u(w)); return;
    case 0x17: set(o, MK_OP_auipc, rd, 0, 0, imm_u(w)); return;
    case 0x6f: set(o, MK_OP_jal, rd, 0, 0, imm_j(w)); return;
    case 0x67:
        if (f3 == 0)
            set(o, MK_OP_jalr, rd, rs1, 0, imm_i(w));
        return;
    case 0x63: {
        static const mk_op_t br[8] = {MK_OP_beq, MK_OP_bne, MK_OP_illegal, MK_OP_illegal,
                                      MK_OP_blt, MK_OP_bge, MK_OP_bltu,    MK_OP_bgeu};
        if (br[f3] != MK_OP_illegal)
            set(o, br[f3], 0, rs1, rs2, imm_b(w));
        return;
    }
    case 0x03: {
        static const mk_op_t ld[8] = {MK_OP_lb,  MK_OP_lh,  MK_OP_lw,  MK_OP_ld,
                                      MK_OP_lbu, MK_OP_lhu, MK_OP_lwu, MK_OP_illegal};
        if (ld[f3] != MK_OP_illegal)
            set(o, ld[f3], rd, rs1, 0, imm_i(w));
        return;
    }
    case 0x23:
        if (f3 < 4)
            set(o, (mk_op_t)(MK_OP_sb + f3), 0, rs1, rs2, imm_s(w));
        return;
    case 0x13: {
        mk_op_t op = decode_op_imm(w);
        if (op == MK_OP_slli || op == MK_OP_srli || op == MK_OP_srai)
            set(o, op, rd, rs1, 0, bits(w, 25, 20));
        else if (op != MK_OP_illegal)
            set(o, op, rd, rs1, 0, imm_i(w));
        return;
    }
    case 0x1b: {
        mk_op_t op = decode_op_imm32(w);
        if (op == MK_OP_addiw)
            set(o, op, rd, rs1, 0, imm_i(w));
        else if (op != MK_OP_illegal)
            set(o, op, rd, rs1, 0, bits(w, 24, 20));
        return;
    }
    case 0x33: {
        mk_op_t op = decode_op(w);
        if (op != MK_OP_illegal)
            set(o, op, rd, rs1, rs2, 0);
        return;
    }
    case 0x3b: {
        mk_op_t op = decode_op32(w);
        if (op != MK_OP_illegal)
            set(o, op, rd, rs1, rs2, 0);
        return;
    }
    case 0x2f: {
        mk_op_t op = decode_amo(w);
        if (op != MK_OP_illegal)
            set(o, op, rd, rs1, rs2, 0);
        return;
    }
    case 0x0f:
        /* FENCE (incl. FENCE.TSO, PAUSE) and FENCE.I; their unused fields are ignored as
         * the base ISA requires. */
        if (f3 == 0)
            set(o, MK_OP_fence, 0, 0, 0, 0);
        else if (f3 == 1)
            set(o, MK_OP_fence_i, 0, 0, 0, 0);
        return;
    case 0x73:
        if (f3 == 0) {
            mk_op_t op = decode_priv(w);
            if (op == MK_OP_sfence_vma || op == MK_OP_hfence_vvma || op == MK_OP_hfence_gvma)
                set(o, op, 0, rs1, rs2, 0);
            else if (op != MK_OP_illegal)
                set(o, op, 0, 0, 0, 0);
        } else if (f3 == 4) {
            mk_op_t op = decode_hyp_access(w);
            if (mk_op_flags(op) & MK_F_STORE)
                set(o, op, 0, rs1, rs2, 0);
            else if (op != MK_OP_illegal)
                set(o, op, rd, rs1, 0, 0);  /* the rs2 field selected the variant */
        } else {
            static const mk_op_t csr[8] = {MK_OP_illegal, MK_OP_csrrw,  MK_OP_csrrs,
                                           MK_OP_csrrc,   MK_OP_illegal, MK_OP_csrrwi,
                                           MK_OP_csrrsi,  MK_OP_csrrci};
            set(o, csr[f3], rd, rs1, 0, f3 >= 5 ? (int64_t)rs1 : 0);
            o->csr = (uint16_t)(w >> 20);
        }
        return;
    default:
        return;
    }
}

/* ---- compressed instructions (RV64C, no F/D) ---- */

/* Registers x8..x15 named by a 3-bit field. */
static inline unsigned creg(uint32_t c, unsigned lo) { return 8u + bits(c, lo + 2, lo); }

/* The 6-bit signed immediate imm[5] = c[12], imm[4:0] = c[6:2] of CI forms. */
static inline int64_t ci_imm(uint32_t c) { return sext((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6); }

/* The 6-bit unsigned shift amount of c.slli/c.srli/c.srai. */
static inline unsigned ci_shamt(uint32_t c) { return (bits(c, 12, 12) << 5) | bits(c, 6, 2); }

/* Offsets of c.lw/c.sw (scaled by 4) and c.ld/c.sd (scaled by 8). */
static inline int64_t cl_w_off(uint32_t c)
{
    return (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
}
static inline int64_t cl_d_off(uint32_t c) { return (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6); }

static int64_t cj_imm(uint32_t c)
{
    uint32_t v = (bits(c, 12, 12) << 11) | (bits(c, 11, 11) << 4) | (bits(c, 10, 9) << 8) |
                 (bits(c, 8, 8) << 10) | (bits(c, 7, 7) << 6) | (bits(c, 6, 6) << 7) |
                 (bits(c, 5, 3) << 1) | (bits(c, 2, 2) << 5);
    return sext(v, 12);
}

static int64_t cb_imm(uint32_t c)
{
    uint32_t v = (bits(c, 12, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) |
                 (bits(c, 4, 3) << 1) | (bits(c, 2, 2) << 5);
    return sext(v, 9);
}

static void decode_q0(uint32_t c, mk_insn_t *o)
{
    unsigned rs1 = creg(c, 7), rd = creg(c, 2);
    switch (bits(c, 15, 13)) {
    case 0: { /* c.addi4spn */
        uint32_t nzuimm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) |
                          (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 3);
        if (nzuimm != 0)
            set(o, MK_OP_addi, rd, 2, 0, nzuimm);
        return;
    }
    case 2: set(o, MK_OP_lw, rd, rs1, 0, cl_w_off(c)); return;
    case 3: set(o, MK_OP_ld, rd, rs1, 0, cl_d_off(c)); return;
    case 6: set(o, MK_OP_sw, 0, rs1, rd, cl_w_off(c)); return;
    case 7: set(o, MK_OP_sd, 0, rs1, rd, cl_d_off(c)); return;
    default: return; /* c.fld, c.fsd (no D), and the reserved funct3 = 100 */
    }
}

static void decode_q1(uint32_t c, mk_insn_t *o)
{
    unsigned rd = bits(c, 11, 7);
    switch (bits(c, 15, 13)) {
    case 0: set(o, MK_OP_addi, rd, rd, 0, ci_imm(c)); return; /* c.addi, c.nop and HINTs */
    case 1:
        if (rd != 0)
            set(o, MK_OP_addiw, rd, rd, 0, ci_imm(c));
        return;
    case 2: set(o, MK_OP_addi, rd, 0, 0, ci_imm(c)); return; /* c.li */
    case 3:
        if (rd == 2) { /* c.addi16sp */
            uint32_t v = (bits(c, 12, 12) << 9) | (bits(c, 6, 6) << 4) | (bits(c, 5, 5) << 6) |
                         (bits(c, 4, 3) << 7) | (bits(c, 2, 2) << 5);
            if (v != 0)
                set(o, MK_OP_addi, 2, 2, 0, sext(v, 10));
        } else { /* c.lui */
            int64_t imm = ci_imm(c);
            if (imm != 0)
                set(o, MK_OP_lui, rd, 0, 0, imm * 4096);
        }
        return;
    case 4: {
        unsigned rdp = creg(c, 7), rs2p = creg(c, 2);
        switch (bits(c, 11, 10)) {
        case 0: set(o, MK_OP_srli, rdp, rdp, 0, ci_shamt(c)); return;
        case 1: set(o, MK_OP_srai, rdp, rdp, 0, ci_shamt(c)); return;
        case 2: set(o, MK_OP_andi, rdp, rdp, 0, ci_imm(c)); return;
        default: {
            static const mk_op_t arith[8] = {MK_OP_sub,  MK_OP_xor,  MK_OP_or,      MK_OP_and,
                                             MK_OP_subw, MK_OP_addw, MK_OP_illegal, MK_OP_illegal};
            mk_op_t op = arith[(bits(c, 12, 12) << 2) | bits(c, 6, 5)];
            if (op != MK_OP_illegal)
                set(o, op, rdp, rdp, rs2p, 0);
            return;
        }
        }
    }
    case 5: set(o, MK_OP_jal, 0, 0, 0, cj_imm(c)); return;
    case 6: set(o, MK_OP_beq, 0, creg(c, 7), 0, cb_imm(c)); return;
    default: set(o, MK_OP_bne, 0, creg(c, 7), 0, cb_imm(c)); return;
    }
}

static void decode_q2(uint32_t c, mk_insn_t *o)
{
    unsigned rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
    switch (bits(c, 15, 13)) {
    case 0: set(o, MK_OP_slli, rd, rd, 0, ci_shamt(c)); return;
    case 2: /* c.lwsp */
        if (rd != 0)
            set(o, MK_OP_lw, rd, 2, 0,
                (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6));
        return;
    case 3: /* c.ldsp */
        if (rd != 0)
            set(o, MK_OP_ld, rd, 2, 0,
                (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6));
        return;
    case 4:
        if (bits(c, 12, 12) == 0) {
            if (rs2 == 0) { /* c.jr */
                if (rd != 0)
                    set(o, MK_OP_jalr, 0, rd, 0, 0);
            } else { /* c.mv */
                set(o, MK_OP_add, rd, 0, rs2, 0);
            }
        } else {
            if (rs2 == 0 && rd == 0)
                set(o, MK_OP_ebreak, 0, 0, 0, 0);
            else if (rs2 == 0)
                set(o, MK_OP_jalr, 1, rd, 0, 0); /* c.jalr */
            else
                set(o, MK_OP_add, rd, rd, rs2, 0);
        }
        return;
    case 6: /* c.swsp */
        set(o, MK_OP_sw, 0, 2, rs2, (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6));
        return;
    case 7: /* c.sdsp */
        set(o, MK_OP_sd, 0, 2, rs2, (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6));
        return;
    default: return; /* c.fldsp, c.fsdsp (no D) */
    }
}

void mk_decode(uint32_t raw, mk_insn_t *out)
{
    memset(out, 0, sizeof *out);
    out->op = MK_OP_illegal;
    if ((raw & 3u) == 3u) {
        out->raw = raw;
        out->len = 4;
        decode32(raw, out);
    } else {
        uint32_t c = raw & 0xffffu;
        out->raw = c;
        out->len = 2;
        switch (c & 3u) {
        case 0: decode_q0(c, out); break;
        case 1: decode_q1(c, out); break;
        default: decode_q2(c, out); break;
        }
    }
    if (out->op == MK_OP_illegal) {
        /* Illegal instructions carry no operands, whatever the partial decode found. */
        out->rd = out->rs1 = out->rs2 = 0;
        out->imm = 0;
        out->csr = 0;
    }
    out->exec = exec_table[out->op];
}
