/* Execute functions: one per operation, grouped by extension in exec_*.c.
 *
 * Contract for every execute function:
 *  - it reads its operands from h->x, writes its result to h->x[in->rd] (x0 is cleared by the
 *    caller after each instruction), and sets h->pc to the next PC;
 *  - if it raises an exception it does so before changing h->pc or any register, by calling
 *    mk_raise_exception() (or a mem.c/csr.c function that raises), and then returns at once.
 *
 * The fast loop uses a second form of the common operations, the fast handlers of threaded
 * code (mk_fast_fn, see hart.h): specialised by instruction length, never trapping, and
 * chaining to the next instruction's handler with a tail call. Everything else runs through
 * the execute functions above (the "exact path", hart.c).
 */
#ifndef MK_EXEC_H
#define MK_EXEC_H

#include "hart.h"
#include "mem.h"

#define MK_OP(name, mnem, flags) void mk_exec_##name(mk_hart_t *h, const mk_insn_t *in);
#include "ops.def"
#undef MK_OP

/* The fast handler for a decoded instruction (its op, length and rd). */
mk_fast_fn mk_fast_select(const mk_insn_t *in);

/* The handler of everything the fast path does not do: stops the chain before it. */
mk_chain_t mk_fast_exact(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t pc, uint64_t left);

/* Ends the chain before the instruction at pc. */
static inline mk_chain_t mk_chain_stop(mk_hart_t *h, uint64_t pc, uint64_t left)
{
    h->chain_left = left;
    return pc;
}

/* Continues the chain at npc (left instructions still allowed, >= 1), or stops before npc if
 * its fetch misses the fast caches. */
static inline mk_chain_t mk_chain_enter(mk_hart_t *h, uint64_t npc, uint64_t left)
{
    const mk_dcache_entry_t *d = mk_fast_lookup(h, npc);
    if (__builtin_expect(d != NULL, 1))
        return d->fast(h, d, npc, left);
    return mk_chain_stop(h, npc, left);
}

/* After an instruction that jumps to npc. */
static inline mk_chain_t mk_chain_goto(mk_hart_t *h, uint64_t npc, uint64_t left)
{
    if (__builtin_expect(--left == 0, 0))
        return mk_chain_stop(h, npc, 0);
    return mk_chain_enter(h, npc, left);
}

/* After a branch or JAL (entry e) to npc: the cached same-page target, if it holds npc. */
static inline mk_chain_t mk_chain_branch(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t npc,
                                         uint64_t left)
{
    if (__builtin_expect(--left == 0, 0))
        return mk_chain_stop(h, npc, 0);
    const mk_dcache_entry_t *t = e->target;
    if (__builtin_expect(t->in.tag == e->target_tag, 1))
        return t->fast(h, t, npc, left);
    return mk_chain_enter(h, npc, left);
}

/*
 * After an instruction of len bytes (a constant in each handler) that falls through. The next
 * instruction's entry, if cached, is the adjacent one (the cache is indexed by physical
 * address); next_tag says whether it is on the same page, whose translation cannot change
 * during a chain. This keeps the PC and any lookup out of the path of sequential code.
 */
static inline mk_chain_t mk_chain_next(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t pc,
                                       unsigned len, uint64_t left)
{
    uint64_t npc = pc + len;
    if (__builtin_expect(--left == 0, 0))
        return mk_chain_stop(h, npc, 0);
    const mk_dcache_entry_t *n = e + len / 2;
    if (__builtin_expect(n->in.tag == e->next_tag, 1))
        return n->fast(h, n, npc, left);
    return mk_chain_enter(h, npc, left);
}

/* Defines the two fast handlers mk_fast_NAME_2 and _4 of an operation whose body (statements
 * that see h, e, in, pc, left and the constant LEN) ends by returning a chain call. */
#define MK_FAST_DEFINE_LEN(name, len_, ...)                                                  \
    mk_chain_t mk_fast_##name##_##len_(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t pc, \
                                       uint64_t left)                                        \
    {                                                                                        \
        enum { LEN = len_ };                                                                 \
        const mk_insn_t *in = &e->in;                                                        \
        (void)in;                                                                            \
        (void)pc;                                                                            \
        __VA_ARGS__                                                                          \
    }
#define MK_FAST_DEFINE(name, ...) \
    MK_FAST_DEFINE_LEN(name, 2, __VA_ARGS__) MK_FAST_DEFINE_LEN(name, 4, __VA_ARGS__)

/* Fast handlers defined outside exec_base.c (which holds the selection table). */
#define MK_FAST_M_OPS(X) \
    X(mul) X(mulh) X(mulhsu) X(mulhu) X(mulw) X(div) X(divu) X(rem) X(remu) \
    X(divw) X(divuw) X(remw) X(remuw)
#define MK_FAST_DECLARE(name)                                                                  \
    mk_chain_t mk_fast_##name##_2(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t pc,       \
                                  uint64_t left);                                              \
    mk_chain_t mk_fast_##name##_4(mk_hart_t *h, const mk_dcache_entry_t *e, uint64_t pc,       \
                                  uint64_t left);
MK_FAST_M_OPS(MK_FAST_DECLARE)

#endif
