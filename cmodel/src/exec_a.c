/*
 * Execute functions of the A extension. mem.c does the access (alignment, translation, PMP,
 * reservation); this file supplies the read-modify-write operations and the register result.
 * aq/rl need no action: the model has one in-order hart.
 */
#include "exec.h"
#include "mem.h"

static inline uint64_t sext32(uint64_t v)
{
    return ((v & 0xffffffffull) ^ 0x80000000ull) - 0x80000000ull;
}

/* v truncated to the access width (zero-extended), as mk_amo passes and expects values. */
static inline uint64_t to_width(uint64_t v, unsigned size)
{
    return size == 4 ? v & 0xffffffffull : v;
}

/* v as a signed number of the access width, for amomin/amomax. */
static inline int64_t as_signed(uint64_t v, unsigned size)
{
    return (int64_t)(size == 4 ? sext32(v) : v);
}

static uint64_t op_swap(uint64_t old, uint64_t x, unsigned size)
{
    (void)old;
    return to_width(x, size);
}
static uint64_t op_add(uint64_t old, uint64_t x, unsigned size) { return to_width(old + x, size); }
static uint64_t op_xor(uint64_t old, uint64_t x, unsigned size) { return to_width(old ^ x, size); }
static uint64_t op_and(uint64_t old, uint64_t x, unsigned size) { return to_width(old & x, size); }
static uint64_t op_or(uint64_t old, uint64_t x, unsigned size) { return to_width(old | x, size); }

static uint64_t op_min(uint64_t old, uint64_t x, unsigned size)
{
    return to_width(as_signed(old, size) < as_signed(x, size) ? old : x, size);
}
static uint64_t op_max(uint64_t old, uint64_t x, unsigned size)
{
    return to_width(as_signed(old, size) > as_signed(x, size) ? old : x, size);
}
static uint64_t op_minu(uint64_t old, uint64_t x, unsigned size)
{
    return to_width(old, size) < to_width(x, size) ? to_width(old, size) : to_width(x, size);
}
static uint64_t op_maxu(uint64_t old, uint64_t x, unsigned size)
{
    return to_width(old, size) > to_width(x, size) ? to_width(old, size) : to_width(x, size);
}

/* The result a register gets from a loaded word: .w values are sign-extended. */
static inline uint64_t widen(uint64_t v, unsigned size) { return size == 4 ? sext32(v) : v; }

static inline void amo(mk_hart_t *h, const mk_insn_t *in, unsigned size, mk_amo_op_fn op)
{
    uint64_t old;
    if (!mk_amo(h, h->x[in->rs1], size, op, h->x[in->rs2], &old))
        return;
    h->x[in->rd] = widen(old, size);
    h->pc += in->len;
}

static inline void lr(mk_hart_t *h, const mk_insn_t *in, unsigned size)
{
    uint64_t v;
    if (!mk_load_reserved(h, h->x[in->rs1], size, &v))
        return;
    h->x[in->rd] = widen(v, size);
    h->pc += in->len;
}

static inline void sc(mk_hart_t *h, const mk_insn_t *in, unsigned size)
{
    bool ok;
    if (!mk_store_conditional(h, h->x[in->rs1], size, h->x[in->rs2], &ok))
        return;
    h->x[in->rd] = ok ? 0 : 1;
    h->pc += in->len;
}

void mk_exec_lr_w(mk_hart_t *h, const mk_insn_t *in) { lr(h, in, 4); }
void mk_exec_lr_d(mk_hart_t *h, const mk_insn_t *in) { lr(h, in, 8); }
void mk_exec_sc_w(mk_hart_t *h, const mk_insn_t *in) { sc(h, in, 4); }
void mk_exec_sc_d(mk_hart_t *h, const mk_insn_t *in) { sc(h, in, 8); }

#define MK_AMO_PAIR(name, fn)                                                              \
    void mk_exec_##name##_w(mk_hart_t *h, const mk_insn_t *in) { amo(h, in, 4, fn); }      \
    void mk_exec_##name##_d(mk_hart_t *h, const mk_insn_t *in) { amo(h, in, 8, fn); }

MK_AMO_PAIR(amoswap, op_swap)
MK_AMO_PAIR(amoadd, op_add)
MK_AMO_PAIR(amoxor, op_xor)
MK_AMO_PAIR(amoand, op_and)
MK_AMO_PAIR(amoor, op_or)
MK_AMO_PAIR(amomin, op_min)
MK_AMO_PAIR(amomax, op_max)
MK_AMO_PAIR(amominu, op_minu)
MK_AMO_PAIR(amomaxu, op_maxu)
