/*
 * Execute functions of the M extension. Division follows the spec's table exactly:
 * x / 0 = all ones, x % 0 = x, MIN / -1 = MIN, MIN % -1 = 0. Signed overflow is avoided by
 * handling those cases before using C's signed division.
 */
#include <stdint.h>

#include "exec.h"

static inline uint64_t sext32(uint64_t v)
{
    return ((v & 0xffffffffull) ^ 0x80000000ull) - 0x80000000ull;
}

static inline uint64_t rs1(const mk_hart_t *h, const mk_insn_t *in) { return h->x[in->rs1]; }
static inline uint64_t rs2(const mk_hart_t *h, const mk_insn_t *in) { return h->x[in->rs2]; }

static inline void retire(mk_hart_t *h, const mk_insn_t *in, uint64_t value)
{
    h->x[in->rd] = value;
    h->pc += in->len;
}

/* ---- multiplication ---- */

void mk_exec_mul(mk_hart_t *h, const mk_insn_t *in) { retire(h, in, rs1(h, in) * rs2(h, in)); }

void mk_exec_mulh(mk_hart_t *h, const mk_insn_t *in)
{
    __int128 p = (__int128)(int64_t)rs1(h, in) * (int64_t)rs2(h, in); /* |p| < 2^126 */
    retire(h, in, (uint64_t)((unsigned __int128)p >> 64));
}

void mk_exec_mulhsu(mk_hart_t *h, const mk_insn_t *in)
{
    /* The product modulo 2^128 has the right two's-complement bits; take the high half. */
    unsigned __int128 a = (unsigned __int128)(__int128)(int64_t)rs1(h, in);
    unsigned __int128 p = a * (unsigned __int128)rs2(h, in);
    retire(h, in, (uint64_t)(p >> 64));
}

void mk_exec_mulhu(mk_hart_t *h, const mk_insn_t *in)
{
    unsigned __int128 p = (unsigned __int128)rs1(h, in) * rs2(h, in);
    retire(h, in, (uint64_t)(p >> 64));
}

void mk_exec_mulw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, sext32(rs1(h, in) * rs2(h, in)));
}

/* ---- 64-bit division ---- */

static uint64_t div64(uint64_t a, uint64_t b)
{
    if (b == 0)
        return ~0ull;
    if (a == (uint64_t)INT64_MIN && b == ~0ull)
        return a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}

static uint64_t rem64(uint64_t a, uint64_t b)
{
    if (b == 0)
        return a;
    if (a == (uint64_t)INT64_MIN && b == ~0ull)
        return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}

void mk_exec_div(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, div64(rs1(h, in), rs2(h, in)));
}
void mk_exec_rem(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, rem64(rs1(h, in), rs2(h, in)));
}

void mk_exec_divu(mk_hart_t *h, const mk_insn_t *in)
{
    uint64_t b = rs2(h, in);
    retire(h, in, b ? rs1(h, in) / b : ~0ull);
}

void mk_exec_remu(mk_hart_t *h, const mk_insn_t *in)
{
    uint64_t a = rs1(h, in), b = rs2(h, in);
    retire(h, in, b ? a % b : a);
}

/* ---- 32-bit division: operands are the low words, results are sign-extended ---- */

static uint64_t div32(uint64_t a64, uint64_t b64)
{
    int32_t a = (int32_t)sext32(a64), b = (int32_t)sext32(b64);
    if (b == 0)
        return ~0ull;
    if (a == INT32_MIN && b == -1)
        return sext32((uint32_t)a);
    return sext32((uint32_t)(a / b));
}

static uint64_t rem32(uint64_t a64, uint64_t b64)
{
    int32_t a = (int32_t)sext32(a64), b = (int32_t)sext32(b64);
    if (b == 0)
        return sext32((uint32_t)a);
    if (a == INT32_MIN && b == -1)
        return 0;
    return sext32((uint32_t)(a % b));
}

void mk_exec_divw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, div32(rs1(h, in), rs2(h, in)));
}
void mk_exec_remw(mk_hart_t *h, const mk_insn_t *in)
{
    retire(h, in, rem32(rs1(h, in), rs2(h, in)));
}

void mk_exec_divuw(mk_hart_t *h, const mk_insn_t *in)
{
    uint32_t a = (uint32_t)rs1(h, in), b = (uint32_t)rs2(h, in);
    retire(h, in, b ? sext32(a / b) : ~0ull);
}

void mk_exec_remuw(mk_hart_t *h, const mk_insn_t *in)
{
    uint32_t a = (uint32_t)rs1(h, in), b = (uint32_t)rs2(h, in);
    retire(h, in, sext32(b ? a % b : a));
}
