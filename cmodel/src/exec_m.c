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

static inline uint64_t mulh(uint64_t a, uint64_t b)
{
    __int128 p = (__int128)(int64_t)a * (int64_t)b; /* |p| < 2^126 */
    return (uint64_t)((unsigned __int128)p >> 64);
}

static inline uint64_t mulhsu(uint64_t a, uint64_t b)
{
    /* The product modulo 2^128 has the right two's-complement bits; take the high half. */
    unsigned __int128 p = (unsigned __int128)(__int128)(int64_t)a * (unsigned __int128)b;
    return (uint64_t)(p >> 64);
}

static inline uint64_t mulhu(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
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

static inline uint64_t divu64(uint64_t a, uint64_t b) { return b ? a / b : ~0ull; }
static inline uint64_t remu64(uint64_t a, uint64_t b) { return b ? a % b : a; }
static inline uint64_t divu32(uint64_t a64, uint64_t b64)
{
    uint32_t a = (uint32_t)a64, b = (uint32_t)b64;
    return b ? sext32(a / b) : ~0ull;
}
static inline uint64_t remu32(uint64_t a64, uint64_t b64)
{
    uint32_t a = (uint32_t)a64, b = (uint32_t)b64;
    return sext32(b ? a % b : a);
}

/* Each operation as value(rs1, rs2); the execute function and the fast handlers share it. */
#define M_OPS(X)                                                            \
    X(mul, a * b)                                                           \
    X(mulh, mulh(a, b))                                                     \
    X(mulhsu, mulhsu(a, b))                                                 \
    X(mulhu, mulhu(a, b))                                                   \
    X(mulw, sext32(a * b))                                                  \
    X(div, div64(a, b))                                                     \
    X(divu, divu64(a, b))                                                   \
    X(rem, rem64(a, b))                                                     \
    X(remu, remu64(a, b))                                                   \
    X(divw, div32(a, b))                                                    \
    X(divuw, divu32(a, b))                                                  \
    X(remw, rem32(a, b))                                                    \
    X(remuw, remu32(a, b))

#define MK_M_OP(name, value)                                                \
    void mk_exec_##name(mk_hart_t *h, const mk_insn_t *in)                  \
    {                                                                       \
        uint64_t a = rs1(h, in), b = rs2(h, in);                            \
        retire(h, in, (value));                                             \
    }                                                                       \
    MK_FAST_DEFINE(name, uint64_t a = rs1(h, in), b = rs2(h, in);           \
                   h->x[in->rd] = (value);                                  \
                   return mk_chain_next(h, e, pc, LEN, left);)
M_OPS(MK_M_OP)
