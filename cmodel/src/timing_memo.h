/*
 * The timing mode's span memo (docs/timing.md "Model"), private to timing_fast.c: what the run
 * loop's common case computed for a span of instructions (from one instruction up to and
 * including the next branch or jump), keyed by the span's first pc and the timing state at its
 * start relative to that instruction's I cycle, so that a later run of the same span from an
 * equal state can skip the recurrence: the recurrence only compares cycles and adds constants
 * to them, so its outcome moves with its inputs.
 */
#ifndef MK_TIMING_MEMO_H
#define MK_TIMING_MEMO_H

#include "timing_impl.h"

/* An instruction of the fast loop: its front end and stall parts (a slot_t in locals). */
typedef struct fast_insn {
    const mk_dcache_entry_t *dc;
    unsigned tf, len;
    uint64_t H, I, X, M;
    uint8_t load_rd;
    uint64_t st_loaduse, st_mul, st_walk, st_wfi;
    unsigned kind;
    uint64_t hold;          /* a MUL/DIV's EX exit if it holds the older instruction in MEM */
} fast_insn_t;

#define TM_SPAN_MAX 64      /* instructions in a span at most */
#define TM_KEY_WORDS (6 + FREEZES)

/* The state at a span's start, relative to its first instruction's I (timing_memo.c). Its
 * words: */
enum { KW_PC, KW_XM, KW_W_REQ, KW_RESP, KW_SMALL, KW_STALLS, KW_FZ };
typedef struct tm_key { uint64_t w[TM_KEY_WORDS]; } tm_key_t;
/* (in KW_SMALL: the number of freeze intervals keyed; in KW_FZ + i, newest first: the start
 * and end of each, 32-bit offsets from the base) */
#define TM_KEY_NFZ(key) ((unsigned)((key)->w[KW_SMALL] >> 24) & 0xFFu)

/* The loop's timing state at a point of a span, from the span's start: cycles relative to its
 * first instruction's I (the base; modulo 2^64, so that adding the base back gives the cycle),
 * what was added since its start (freezes, stall counts). */
typedef struct tm_state {
    fast_insn_t k;          /* the loop's instruction k (hold is 0: not read again) */
    uint64_t last_w;
    uint64_t req;           /* max(req_from, space_from) */
    uint64_t last_resp;     /* at least the base */
    uint64_t fu_pc, fa;
    uint64_t resp[2];       /* of each buffer left: its response, at least the base - 1 */
    uint8_t dqh, qn;        /* fetch buffers consumed (mod 4), and those left */
    uint8_t nst;            /* stall counts added: st_val[i] to stalls[st_idx[i]] */
    uint8_t st_idx[MK_STALL_COUNT];
    uint64_t st_val[MK_STALL_COUNT];
    unsigned nfz;           /* freeze intervals added; the newest min(nfz, FREEZES) below */
    uint64_t fz_a[FREEZES], fz_b[FREEZES];  /* oldest first */
    /* An exit's link: the entry whose key the state after it had when it was last applied
     * (the key after an exit follows from the entry's key and the exit), while that entry
     * still has the key (next_version). */
    struct tm_entry *next;
    uint32_t next_version;
} tm_state_t;

typedef struct tm_entry {
    uint32_t version;       /* changes with the key */
    bool valid;             /* key, n, max_*, term* and pre hold */
    uint64_t gen;           /* h->code_gen when it was made */
    tm_key_t key;
    unsigned n;             /* instructions (the last one the branch or jump) */
    uint64_t max_m, max_w;  /* largest M and last_w at the loop's checks before each one */
    uint64_t term_pc;       /* the branch or jump */
    const mk_dcache_entry_t *term;
    tm_state_t pre;         /* before the branch or jump (its front end done) */
    bool exit_valid[2];     /* after it, not taken [0] or taken [1], going on to exit_npc */
    uint64_t exit_npc[2];
    tm_state_t exit[2];
} tm_entry_t;

/* A span being recorded by the loop. */
typedef struct tm_rec {
    tm_entry_t *e;          /* NULL: none */
    unsigned n;
    bool have_pre;
    unsigned qh0;
    uint64_t base, fz0, peek0, gen;
    uint64_t st0[MK_STALL_COUNT];
    uint64_t max_m, max_w;
} tm_rec_t;

struct tm_memo *mk_tm_memo_new(void);
void mk_tm_memo_free(struct tm_memo *m);

/*
 * The entry for the span starting at pc with instruction k (its front end done) and last_w;
 * *hit if it holds that span from this state and is current. On a miss the entry is taken
 * over (its key set, nothing valid) for mk_tm_rec_start. NULL if the memo does not describe
 * the state.
 */
tm_entry_t *mk_tm_find(mk_timing_t *t, const mk_hart_t *h, const fast_insn_t *k, uint64_t pc,
                       uint64_t last_w, bool *hit);

/* The entry that the state after exit x (just applied) has the key of, or NULL if not known;
 * *hit as for mk_tm_find (on a miss it is taken over for a recording as well). */
static inline tm_entry_t *mk_tm_follow(const tm_state_t *x, const mk_hart_t *h, bool *hit)
{
    tm_entry_t *e = x->next;
    if (!e || e->version != x->next_version)
        return NULL;
    *hit = e->valid && e->gen == h->code_gen;
    if (!*hit)
        e->valid = e->exit_valid[0] = e->exit_valid[1] = false;
    return e;
}

/* Notes that the state after exit x has the key of e. */
static inline void mk_tm_link(tm_state_t *x, tm_entry_t *e)
{
    x->next = e;
    x->next_version = e->version;
}

/*
 * Sets the timing state to s, state (pre or exit) of the span of e that started at base b: the
 * freeze intervals that e's key holds (the only ones that end at or after b) as the newest
 * ones, then those s added; the fetch unit, k and last_w. The ring's older intervals end
 * before b, so their values do not matter (timing_memo.c), and this holds whether the state is
 * the one at the span's start or not (a span run after others that were not set). The stall
 * counts are left to mk_tm_stalls.
 */
static inline __attribute__((always_inline)) void
mk_tm_set(mk_timing_t *t, const tm_entry_t *e, const tm_state_t *s, uint64_t b, fast_insn_t *k,
          uint64_t *last_w)
{
    unsigned r = TM_KEY_NFZ(&e->key);
    for (unsigned j = 0; j < r; j++) {
        unsigned i = (t->fz_next - 1 - j) & (FREEZES - 1);
        uint64_t w = e->key.w[KW_FZ + j];
        t->fz_a[i] = b + (w >> 32);
        t->fz_b[i] = b + (w & 0xFFFFFFFFu);
    }
    if (r) {
        unsigned i = (t->fz_next - 1) & (FREEZES - 1);
        t->fz_start = t->fz_a[i];
        t->fz_end = t->fz_b[i];
        t->fz_prev_end = t->fz_b[(i - 1) & (FREEZES - 1)];
    }
    unsigned m = s->nfz < FREEZES ? s->nfz : FREEZES;
    for (unsigned j = 0; j < m; j++)
        add_freeze(t, b + s->fz_a[j], b + s->fz_b[j]);
    t->fz_added += s->nfz - m;  /* (the older ones were overwritten in the ring) */
    /* The fetch unit: the buffers are the qn doublewords before fa. */
    t->fu_pc = s->fu_pc;
    t->fa = s->fa;
    t->req_from = b + s->req;
    t->space_from = 0;
    t->last_resp = b + s->last_resp;
    unsigned qh = (t->qh + s->dqh) & 3u;
    t->qh = qh;
    t->qn = s->qn;
    if (s->qn) {
        fbuf_t *q = &t->q[qh];
        q->addr = s->fa - 8 * s->qn;
        q->resp = b + s->resp[0];
        q->x.ok = true;
        q->x.paddr = q->addr;
        if (s->qn > 1) {
            q = &t->q[(qh + 1) & 3u];
            q->addr = s->fa - 8;
            q->resp = b + s->resp[1];
            q->x.ok = true;
            q->x.paddr = q->addr;
        }
    }
    *last_w = b + s->last_w;
    *k = s->k;
    k->H += b;
    k->I += b;
    k->X += b;
    k->M += b;
}

/* Adds the stall counts of state s. */
static inline void mk_tm_stalls(const tm_state_t *s, uint64_t *st)
{
    for (unsigned i = 0; i < s->nst; i++)
        st[s->st_idx[i]] += s->st_val[i];
}

/* Starts recording into e (from mk_tm_find, for the same state: k, last_w, st[]); with
 * have_pre, only an exit, for a span whose pre is valid (the caller applies it next). */
void mk_tm_rec_start(tm_rec_t *r, tm_entry_t *e, const mk_timing_t *t, const mk_hart_t *h,
                     const fast_insn_t *k, uint64_t last_w, const uint64_t *st, bool have_pre);

/* The loop's next instruction k (at pc, after last_w) is the span's branch or jump. */
void mk_tm_rec_pre(tm_rec_t *r, const mk_timing_t *t, const mk_hart_t *h, const fast_insn_t *k,
                   uint64_t pc, uint64_t last_w, const uint64_t *st);

/* The branch or jump went on to npc (taken or not): k is the instruction after it. Makes that
 * exit valid if nothing the key does not cover was used. Ends the recording. */
void mk_tm_rec_end(tm_rec_t *r, const mk_timing_t *t, const mk_hart_t *h, const fast_insn_t *k,
                   uint64_t npc, uint64_t last_w, const uint64_t *st, bool taken);

#endif
