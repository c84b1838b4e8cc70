/*
 * The timing mode's span memo (timing_memo.h, docs/timing.md "Model").
 *
 * Why a span's outcome is a function of its key. In the run loop's common case (timing_fast.c)
 * the instructions of a span are decoded (the decoded-instruction cache, whose entries and
 * code pages h->code_gen watches), their data accesses are DRAM hits of latency L, and none of
 * them but the last is a branch or jump, so no register value enters the timing before the
 * last one, whose outcome (taken or not, next pc) selects the exit. Everything else the
 * recurrence reads is in the key, relative to base = the first instruction's I, or is shown not
 * to matter:
 *  - every later "first advance cycle >= c" (adv) has c >= base (each is at or after an
 *    instruction's I), and adv never looks past the newest interval that ends before c, so
 *    the freeze intervals that end before base are left out (only the newer ones are keyed);
 *  - the fetch unit requests at max(req_from, space_from) and uses neither alone (a redirect
 *    sets both), so that maximum stands for both;
 *  - a buffer's response is only used as "ready" against an instruction's I >= base, and the
 *    last response only against a redirect cycle > base, so both are clamped at base;
 *  - the buffers are the qn doublewords before fa (requests go in order, a redirect empties
 *    them), checked rather than assumed;
 *  - H is not read once the front end is done;
 *  - the wrong-path replay before a redirect may read instructions from memory that are not
 *    decoded (peek_insn): an exit that did is not kept (t->peek_reads).
 * The key keeps cycles as 32-bit offsets from the base (16 bits for a few): a state whose
 * offsets do not fit is not memoised. The loop checks its stop conditions (instruction limit,
 * cycle limit, next interrupt sample) for a whole span before it runs one from an entry, with
 * the largest values they took.
 */
#include "timing_memo.h"

#include <stdlib.h>
#include <string.h>

#define TM_ENTRIES 1024     /* a power of two */

struct tm_memo {
    tm_entry_t e[TM_ENTRIES];
};

struct tm_memo *mk_tm_memo_new(void)
{
    return calloc(1, sizeof(struct tm_memo));
}

void mk_tm_memo_free(struct tm_memo *m)
{
    free(m);
}

_Static_assert(KW_FZ + FREEZES == TM_KEY_WORDS, "key layout");

static inline bool fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }
static inline bool fits16(uint64_t v) { return v <= UINT16_MAX; }

/* The freeze intervals from the newest back to the first that ends before b (see the top). */
static unsigned relevant_freezes(const mk_timing_t *t, uint64_t b, uint64_t *w)
{
    unsigned n = 0;
    for (unsigned i = (t->fz_next - 1) & (FREEZES - 1);
         n < FREEZES && t->fz_b[i] >= b && t->fz_a[i] <= t->fz_b[i];
         i = (i - 1) & (FREEZES - 1), n++) {
        uint64_t a = t->fz_a[i] - b, e = t->fz_b[i] - b;
        if (a > INT32_MAX || e > INT32_MAX)
            return FREEZES + 1;
        w[n] = a << 32 | e;
    }
    return n;
}

/* Whether the fetch buffers are the qn doublewords before fa, untranslated. */
static bool buffers_ok(const mk_timing_t *t)
{
    if (t->qn > 2)
        return false;
    for (unsigned i = 0; i < t->qn; i++) {
        const fbuf_t *q = &t->q[(t->qh + i) & 3u];
        if (q->addr != t->fa - 8 * (t->qn - i) || !q->x.ok || q->x.paddr != q->addr)
            return false;
    }
    return true;
}

static uint64_t ready_rel(const mk_timing_t *t, unsigned i, uint64_t b)
{
    return max64(t->q[(t->qh + i) & 3u].resp + 1, b) - b;
}

/* The key of the state (k at pc, last_w); false if the memo does not describe it. */
static bool make_key(const mk_timing_t *t, const fast_insn_t *k, uint64_t pc, uint64_t last_w,
                     tm_key_t *key)
{
    uint64_t b = k->I, *w = key->w;
    if (!buffers_ok(t))
        return false;
    uint64_t x = k->X - b, m = k->M - b;
    int64_t lw = (int64_t)(last_w - b), req = (int64_t)(max64(t->req_from, t->space_from) - b);
    uint64_t lr = max64(t->last_resp, b) - b;
    uint64_t r0 = t->qn > 0 ? ready_rel(t, 0, b) : 0, r1 = t->qn > 1 ? ready_rel(t, 1, b) : 0;
    int64_t dpc = (int64_t)(t->fu_pc - pc), dfa = (int64_t)(t->fa - pc);
    if (x > UINT32_MAX || m > UINT32_MAX || !fits32(lw) || !fits32(req) || lr > UINT32_MAX ||
        !fits16(r0) || !fits16(r1) || dpc < -128 || dpc > 127 || dfa < -128 || dfa > 127 ||
        !fits16(k->st_loaduse) || !fits16(k->st_mul) || !fits16(k->st_walk) ||
        !fits16(k->st_wfi))
        return false;
    memset(&w[KW_FZ], 0, FREEZES * sizeof *w);
    unsigned nfz = relevant_freezes(t, b, &w[KW_FZ]);
    if (nfz > FREEZES)
        return false;
    w[KW_PC] = pc;
    w[KW_XM] = x << 32 | m;
    w[KW_W_REQ] = (uint64_t)(uint32_t)lw << 32 | (uint32_t)req;
    w[KW_RESP] = lr << 32 | r0 << 16 | r1;
    w[KW_SMALL] = k->load_rd | (uint64_t)k->kind << 8 | (uint64_t)t->qn << 16 |
                  (uint64_t)nfz << 24 | (uint64_t)(uint8_t)dpc << 32 |
                  (uint64_t)(uint8_t)dfa << 40;
    w[KW_STALLS] = k->st_loaduse | k->st_mul << 16 | k->st_walk << 32 | k->st_wfi << 48;
    return true;
}

static unsigned key_index(const tm_key_t *key)
{
    const uint64_t *w = key->w;
    uint64_t x = (w[KW_PC] ^ w[KW_XM] * 3 ^ w[KW_W_REQ] * 5 ^ w[KW_RESP] * 7 ^ w[KW_SMALL] ^
                  w[KW_FZ]) * 0x9E3779B97F4A7C15ull;
    return (unsigned)(x >> 40) & (TM_ENTRIES - 1);
}

static bool key_equal(const tm_key_t *a, const tm_key_t *b)
{
    uint64_t d = 0;
    for (unsigned i = 0; i < TM_KEY_WORDS; i++)
        d |= a->w[i] ^ b->w[i];
    return d == 0;
}

tm_entry_t *mk_tm_find(mk_timing_t *t, const mk_hart_t *h, const fast_insn_t *k, uint64_t pc,
                       uint64_t last_w, bool *hit)
{
    tm_key_t key;
    *hit = false;
    if (!make_key(t, k, pc, last_w, &key))
        return NULL;
    tm_entry_t *e = &t->memo->e[key_index(&key)];
    if (e->valid && e->gen == h->code_gen && key_equal(&e->key, &key)) {
        *hit = true;
        return e;
    }
    e->valid = false;
    e->exit_valid[0] = e->exit_valid[1] = false;
    e->key = key;
    e->version++;
    return e;
}


void mk_tm_rec_start(tm_rec_t *r, tm_entry_t *e, const mk_timing_t *t, const mk_hart_t *h,
                     const fast_insn_t *k, uint64_t last_w, const uint64_t *st, bool have_pre)
{
    r->e = e;
    r->have_pre = have_pre;
    r->n = have_pre ? e->n - 1 : 0;
    r->qh0 = t->qh;
    r->base = k->I;
    r->fz0 = t->fz_added;
    r->peek0 = t->peek_reads;
    r->gen = h->code_gen;
    memcpy(r->st0, st, sizeof r->st0);
    r->max_m = k->M;
    r->max_w = last_w;
}

/* The state now (k, last_w, st[]) from the recording's start; false if it is not one the memo
 * describes. */
static bool snapshot(const tm_rec_t *r, const mk_timing_t *t, const fast_insn_t *k,
                     uint64_t last_w, const uint64_t *st, tm_state_t *s)
{
    uint64_t b = r->base;
    if (!buffers_ok(t))
        return false;
    uint64_t nfz = t->fz_added - r->fz0;
    if (nfz > 4 * TM_SPAN_MAX)
        return false;
    unsigned m = nfz < FREEZES ? (unsigned)nfz : FREEZES;
    for (unsigned j = 0; j < m; j++) {
        unsigned i = (t->fz_next - m + j) & (FREEZES - 1);
        s->fz_a[j] = t->fz_a[i] - b;
        s->fz_b[j] = t->fz_b[i] - b;
    }
    s->nfz = (unsigned)nfz;
    s->nst = 0;
    for (unsigned i = 0; i < MK_STALL_COUNT; i++) {
        if (st[i] != r->st0[i]) {
            s->st_idx[s->nst] = (uint8_t)i;
            s->st_val[s->nst++] = st[i] - r->st0[i];
        }
    }
    s->k = *k;
    s->k.H -= b;
    s->k.I -= b;
    s->k.X -= b;
    s->k.M -= b;
    s->k.hold = 0;
    s->last_w = last_w - b;
    s->req = max64(t->req_from, t->space_from) - b;
    s->last_resp = max64(t->last_resp, b) - b;
    s->dqh = (uint8_t)((t->qh - r->qh0) & 3u);
    s->qn = (uint8_t)t->qn;
    for (unsigned i = 0; i < t->qn; i++)
        s->resp[i] = ready_rel(t, i, b) - 1;
    s->fu_pc = t->fu_pc;
    s->fa = t->fa;
    return true;
}

/* Whether what the recording used is still covered by its key. */
static bool still_keyed(const tm_rec_t *r, const mk_timing_t *t, const mk_hart_t *h)
{
    return t->peek_reads == r->peek0 && h->code_gen == r->gen;
}

void mk_tm_rec_pre(tm_rec_t *r, const mk_timing_t *t, const mk_hart_t *h, const fast_insn_t *k,
                   uint64_t pc, uint64_t last_w, const uint64_t *st)
{
    tm_entry_t *e = r->e;
    r->max_m = max64(r->max_m, k->M);
    r->max_w = max64(r->max_w, last_w);
    if (!still_keyed(r, t, h) || !snapshot(r, t, k, last_w, st, &e->pre)) {
        r->e = NULL;
        return;
    }
    e->n = r->n + 1;
    e->max_m = r->max_m - r->base;
    e->max_w = r->max_w - r->base;
    e->term_pc = pc;
    e->term = k->dc;
    e->gen = r->gen;
    r->have_pre = true;
}

void mk_tm_rec_end(tm_rec_t *r, const mk_timing_t *t, const mk_hart_t *h, const fast_insn_t *k,
                   uint64_t npc, uint64_t last_w, const uint64_t *st, bool taken)
{
    tm_entry_t *e = r->e;
    r->e = NULL;
    if (!r->have_pre || !still_keyed(r, t, h) || !snapshot(r, t, k, last_w, st, &e->exit[taken]))
        return;
    e->exit_npc[taken] = npc;
    e->exit[taken].next = NULL;
    e->exit_valid[taken] = true;
    e->valid = true;
}
