/*
 * The timing mode's run loop, common case: docs/timing.md "Model". The same recurrence as
 * timing.c's timing_one for instructions the threaded code's fast handlers execute, with the
 * instruction in flight kept in locals, and spans of them taken from the memo (timing_memo.h)
 * where it has them; everything else is left to timing.c.
 */
#include "timing_memo.h"

#include "exec.h"
#include "soc.h"

/* k as the slot timing_one expects before its execution (front end only). */
static void fast_to_slot(const fast_insn_t *f, slot_t *k)
{
    k->H = f->H;
    k->I = f->I;
    k->E = f->I + 1;
    k->X = f->X;
    k->M = f->M;
    k->nat_y = k->Y = 0;
    k->load_rd = f->load_rd;
    k->st_loaduse = f->st_loaduse;
    k->st_mul = f->st_mul;
    k->st_data = 0;
    k->st_walk = f->st_walk;
    k->st_wfi = f->st_wfi;
    k->kind = f->kind;
}

/*
 * front_end for the fast loop (the same computation, for what it covers): the instruction at
 * pc, whose cache entry is dc, after p (I, X, load_rd; natural MEM exit p_y, which a MUL/DIV may
 * extend: k->hold). In the loop the fetch unit hands over pc next (p's hand-over or its
 * redirect set it) and does not translate, so that its buffers never fault (fu_issue).
 */
static inline __attribute__((always_inline)) void
fast_front_end(mk_timing_t *t, mk_hart_t *h, uint64_t pc, const mk_dcache_entry_t *dc,
               const fast_insn_t *p, uint64_t p_y, unsigned kind, fast_insn_t *k)
{
    if (!t->qn)
        fu_issue(t, h, UINT64_MAX);
    const fbuf_t *q0 = fq(t, 0);
    unsigned tf = mk_timing_op[dc->in.op];
    unsigned len = dc->in.len;
    uint64_t ready;
    if ((pc & 7) + len <= 8) {
        ready = q0->resp + 1;
    } else {
        if (t->qn < 2)
            fu_issue(t, h, UINT64_MAX);
        ready = max64(q0->resp, fq(t, 1)->resp) + 1;
    }
    k->dc = dc;
    k->tf = tf;
    k->len = len;
    k->kind = kind;
    /* (front_end took wfi_stall and fetch_walk_cycles, and nothing here sets them again) */
    k->st_wfi = k->st_walk = 0;
    /* Nothing below adds a freeze before the last adv: past the newest freeze's end, adv is
     * the identity (its own first test, with the end read once). */
    uint64_t fz_end = t->fz_end, c = max64(ready, p->I);
    uint64_t H = c > fz_end ? c : adv(t, c);
    if (((pc + len) >> 3) != (pc >> 3))
        fu_consume(t, h, pc, len, H);
    else
        t->fu_pc = pc + len;
    uint64_t d = H + 1;
    k->st_loaduse = 0;
    unsigned lrd = p->load_rd;
    if (lrd && (((tf & TF_RS1) && dc->in.rs1 == lrd) || ((tf & TF_RS2) && dc->in.rs2 == lrd)) &&
        d <= p->X) {
        k->st_loaduse = p->X + 1 - d;
        d = p->X + 1;
    }
    k->H = H;
    k->I = d > fz_end ? d : adv(t, d);
    k->st_mul = k->hold = 0;
    if (__builtin_expect(tf & (TF_MUL | TF_DIV | TF_DIVW), 0)) {
        /* Rule M, as in front_end. */
        uint64_t E = k->I + 1;
        unsigned mul = tf & TF_MUL ? MUL_LATENCY : tf & TF_DIV ? DIV_LATENCY : DIVW_LATENCY;
        uint64_t start = max64(E, p_y);
        k->X = start + mul;
        add_freeze(t, start, k->X - 1);
        if (E <= p_y)
            k->hold = k->X;
        else
            k->st_mul = mul;
    } else {
        k->X = k->I + 1 > fz_end ? k->I + 1 : adv(t, k->I + 1);
    }
    k->M = k->X + 1;
    k->load_rd = (tf & TF_LOAD_RD) ? dc->in.rd : 0;
}


/* Whether the branch or jump k (entry dc, tf) at pc redirected, having gone on to npc: a branch
 * whose target is the next instruction still counts as taken (redirects). */
static inline bool fast_taken(const mk_hart_t *h, const mk_dcache_entry_t *dc, unsigned tf,
                              uint64_t pc, uint64_t npc)
{
    const mk_insn_t *in = &dc->in;
    return (tf & TF_JUMP) ||
           ((tf & TF_BRANCH) &&
            (npc != pc + in->len || ((uint64_t)in->imm == in->len && redirects(h, in))));
}

/* The cache entry of the instruction at npc after dc at pc, as mk_chain_next and
 * mk_chain_branch find it (the adjacent entry or the cached same-page target, when its tag says
 * it holds that address), else by a lookup; NULL if it is not decoded. */
static inline const mk_dcache_entry_t *fast_next(const mk_hart_t *h,
                                                 const mk_dcache_entry_t *dc, uint64_t pc,
                                                 uint64_t npc, bool taken)
{
    if (!taken) {
        const mk_dcache_entry_t *e = dc + dc->in.len / 2;
        if (e->in.tag == dc->next_tag)
            return e;
    } else if (dc->target->in.tag == dc->target_tag && npc == pc + (uint64_t)dc->in.imm) {
        return dc->target;
    }
    return mk_fast_lookup(h, npc);
}

/* The loop's state that the steps below share (locals of mk_timing_fast_run). */
typedef struct fast_loop {
    mk_soc_t *soc;
    mk_hart_t *h;
    mk_timing_t *t;
    uint64_t *st;
    uint64_t insn_limit, cycle0;
    uint64_t left, last_w, pc;
    bool ctx_taken;
    fast_insn_t k;
    tm_state_t *link;       /* the memo's exit that set the state, if it did */
} fast_loop_t;

/*
 * The rest of k's step after its execution went on to npc: its data freeze, the redirect of a
 * taken branch or jump at its EX exit, the next instruction's front end, and k's record (with
 * its MEM exit now that the next one's front end is known); then the next one is k. False if
 * the next one's front end is not the fast loop's: then the rest is done as timing_one does it,
 * from k's slot, and the state is the recurrence's before the next instruction.
 */
static inline __attribute__((always_inline)) bool fast_retire(fast_loop_t *L, uint64_t npc,
                                                             bool *taken_out)
{
    mk_timing_t *t = L->t;
    mk_hart_t *h = L->h;
    uint64_t *st = L->st;
    const fast_insn_t *k = &L->k;
    uint64_t pc = L->pc;
    uint64_t y = k->M, st_data = 0;
    if (k->tf & TF_ACCESS) {
        st_data = t->lat;
        y += st_data;
        add_freeze(t, k->M, y - 1);
    }
    bool taken = (k->tf & (TF_JUMP | TF_BRANCH)) && fast_taken(h, k->dc, k->tf, pc, npc);
    *taken_out = taken;
    bool translates = false;
    if (taken) {
        fu_catch_up(t, h, k->X, (older_t){ k->I, k->X, k->load_rd });
        fu_restart_at(t, k->X, npc);
        if (!L->ctx_taken) {
            mk_mmu_fetch_ctx(h, &t->fctx);
            L->ctx_taken = true;
            translates = t->fctx.translates;
        }
    }
    unsigned kind = taken ? MK_STALL_REDIRECT : MK_STALL_FETCH;
    const mk_dcache_entry_t *dc = translates ? NULL : fast_next(h, k->dc, pc, npc, taken);
    if (!dc) {
        /* The rest as timing_one does it, from k's slot; then on from there. */
        h->pc = npc;
        h->cycle = max64(max64(L->cycle0, L->last_w), k->M);
        h->instret = L->insn_limit - L->left;
        slot_t *ks = next_slot(t);
        fast_to_slot(k, ks);
        ks->nat_y = ks->Y = y;
        ks->st_data = st_data;
        t->next_valid = false;
        t->cur ^= 1;
        t->stall_kind = kind;
        t->last_w = L->last_w;
        mk_timing_front_end(t, h);
        count_record(t, h, ks, ks->Y + 1);
        h->stats.instret = h->instret;
        return false;
    }
    fast_insn_t n;
    fast_front_end(t, h, npc, dc, k, y, kind, &n);
    /* count_record(k), with its MEM exit now that n's front end is known */
    uint64_t Y = max64(y, n.hold);
    uint64_t w = Y + 1;
    uint64_t gap = w - L->last_w - 1;
    if (gap) {
        if (st_data)
            st[MK_STALL_DATA] += take(&gap, st_data);
        if (__builtin_expect((k->st_walk | k->st_mul | (Y - y) | k->st_wfi) != 0, 0)) {
            st[MK_STALL_WALK] += take(&gap, k->st_walk);
            st[MK_STALL_MULDIV] += take(&gap, k->st_mul + (Y - y));
        }
        if (k->st_loaduse)
            st[MK_STALL_LOAD_USE] += take(&gap, k->st_loaduse);
        st[MK_STALL_WFI] += take(&gap, k->st_wfi);
        st[k->kind] += gap;
    }
    L->last_w = w;     /* (w > k.M: the MEM cycle's set_cycle is implied) */
    L->pc = npc;
    L->k = n;
    return true;
}

/*
 * Spans from the memo (timing_memo.h) at the loop's k, while it has them: each runs as one chain
 * of the threaded code; if all its instructions ran and the last one went on as it did before
 * (taken or not, to the same pc and entry), that exit's state is the next span's start, whose
 * entry the exit's link gives. The state is only set (mk_tm_set) after the last of them: the
 * loop's checks before each span use the exit's values, and the stall counts are added as they
 * go. If a span's instructions all ran but its exit is new, the state before its branch or
 * jump is set and the exit is recorded (*rec) as the loop times it (*replay = 1, having gone
 * on to *npc). If a chain stopped early, the instructions that ran are timed one by one
 * (*replay). Returns true if the state is after a whole span.
 */
static inline __attribute__((always_inline)) bool fast_memo(fast_loop_t *L, uint64_t irq_at,
                                                           uint64_t stop_cycle, tm_rec_t *rec,
                                                           unsigned *replay, uint64_t *npc)
{
    mk_hart_t *h = L->h;
    mk_timing_t *t = L->t;
    fast_insn_t *k = &L->k;
    bool hit;
    tm_state_t *link = L->link;
    L->link = NULL;
    tm_entry_t *e = link ? mk_tm_follow(link, h, &hit) : NULL;
    if (!e) {
        e = mk_tm_find(t, h, k, L->pc, L->last_w, &hit);
        if (!e)
            return false;
        if (link)
            mk_tm_link(link, e);
    }
    if (!hit) {
        mk_tm_rec_start(rec, e, t, h, k, L->last_w, L->st, false);
        if (k->tf & (TF_BRANCH | TF_JUMP))
            mk_tm_rec_pre(rec, t, h, k, L->pc, L->last_w, L->st);
        return false;
    }
    /* The span of e starts at base b with instruction first; x: the exit of xe (base xb) taken
     * last, whose state is not set yet (NULL if none). */
    uint64_t b = k->I;
    const mk_dcache_entry_t *first = k->dc;
    tm_state_t *x = NULL;
    const tm_entry_t *xe = NULL;
    uint64_t xb = 0;
    uint64_t got = 0;
    unsigned done = 0;
    for (;;) {
        /* The loop's checks before each instruction of the span, all passed (as they did). */
        if (e->n > L->left || b + e->max_m >= irq_at || b + e->max_w >= stop_cycle)
            break;
        got = first->fast(h, first, L->pc, e->n);
        done = e->n - (unsigned)h->chain_left;
        if (done < e->n)
            break;
        /* (the branch or jump's entry holds it: the chain ran it, and code_gen is the same) */
        const mk_dcache_entry_t *last = e->term;
        bool taken = fast_taken(h, last, mk_timing_op[last->in.op], e->term_pc, got);
        mk_fetch_ctx_t ctx = t->fctx;
        if (taken && !L->ctx_taken)
            mk_mmu_fetch_ctx(h, &ctx);
        tm_state_t *ex = &e->exit[taken];
        if (!e->exit_valid[taken] || e->exit_npc[taken] != got || ctx.translates ||
            fast_next(h, last, e->term_pc, got, taken) != ex->k.dc)
            break;
        if (taken && !L->ctx_taken) {
            t->fctx = ctx;
            L->ctx_taken = true;
        }
        L->left -= e->n;
        L->pc = got;
        mk_tm_stalls(ex, L->st);
        t->memo_spans++;
        x = ex;
        xe = e;
        xb = b;
        done = 0;
        /* The loop's checks before the next instruction, and the next span's entry. */
        b += x->k.I;
        first = x->k.dc;
        if (!L->left || xb + x->last_w >= stop_cycle || (x->k.tf & TF_FLUSH) ||
            xb + x->k.M >= irq_at || !(e = mk_tm_follow(x, h, &hit)) || !hit)
            break;
    }
    if (x) {
        mk_tm_set(t, xe, x, xb, k, &L->last_w);
        if (!done) {
            L->link = x;    /* (for the entry of the state after it) */
            return true;
        }
    }
    /* k starts the span of e (base b), whose chain ran but not from its entry. */
    *npc = got;
    if (done < e->n) {
        *replay = done;
        return false;
    }
    mk_tm_rec_start(rec, e, t, h, k, L->last_w, L->st, true);
    L->left -= e->n - 1;
    L->pc = e->term_pc;
    mk_tm_set(t, e, &e->pre, b, k, &L->last_w);
    mk_tm_stalls(&e->pre, L->st);
    *replay = 1;
    return false;
}

/*
 * timing_one for the run loop's common case, as long as it lasts: an instruction whose front
 * end is known, that is cached (decoded-instruction cache) and that its fast handler (exec.h)
 * executes, with no interrupt to sample, no flush and a fetch unit that does not translate.
 * A fast handler never traps, walks or touches a device: its data access is a DRAM hit (latency
 * L), so the outcome is the retirement with its data freeze and, for a taken branch or jump,
 * the redirect at its EX exit. The instruction in flight is kept in locals (fast_insn_t) and
 * written back to its slot when the loop hands over: to timing_one before an instruction it
 * does not do (nothing of it done, and the loop returns), or to front_end for a successor it
 * cannot look at (not decoded yet: the loop then goes on from front_end's slot). Entered only
 * after a timing_one of the same run, so that the front end at hand was computed after the
 * last change from outside (and a record has been counted).
 *
 * Nothing in the loop changes the fetch translation cache or a decoded instruction that the
 * fast handlers did not already rely on (they never flush or fill a fast cache), so the next
 * instruction's cache entry is found as the threaded code finds it (fast_next).
 *
 * Spans (from an instruction to the next branch or jump) go through the memo (fast_memo): a
 * span run from an entry costs one chain of the threaded code and the entry's application; a
 * span without one is timed here and recorded.
 */
void mk_timing_fast_run(mk_soc_t *soc, uint64_t insn_limit, uint64_t max_cycles)
{
    mk_hart_t *h = &soc->hart;
    mk_timing_t *t = h->timing;
    peek_t *pk = &t->next_peek;
    uint64_t stop_cycle = max_cycles ? max_cycles : UINT64_MAX;
    for (;;) {
        if (t->fctx.translates || t->walk.active || t->deadlock || !t->next_valid || !pk->in ||
            pk->in == &pk->local || !t->any_record || t->fu_pc != h->pc + pk->len ||
            soc->exited || h->irq_recheck || h->instret >= insn_limit || h->cycle >= stop_cycle)
            return;
        fast_loop_t L = { .soc = soc, .h = h, .t = t, .st = h->stats.stalls,
                          .insn_limit = insn_limit };
        /* k: the instruction at h->pc, with its front end (next_slot). */
        {
            const slot_t *s = next_slot(t);
            L.k = (fast_insn_t){ .dc = (const mk_dcache_entry_t *)pk->in, .tf = pk->tf,
                                 .len = pk->len, .H = s->H, .I = s->I, .X = s->X, .M = s->M,
                                 .load_rd = s->load_rd, .st_loaduse = s->st_loaduse,
                                 .st_mul = s->st_mul, .st_walk = s->st_walk,
                                 .st_wfi = s->st_wfi, .kind = s->kind };
            if (s->E != s->I + 1 || s->st_data || s->Y)
                return;     /* (never: a front end sets them so) */
        }
        /* The fast handlers read none of these, and only timing_one changes the ones not kept
         * here (irq_check_at; irq_recheck, soc->exited: the fast handlers change neither).
         * h->cycle is the largest of its value here and the records' WB cycles since (which
         * grow); instret counts down as `left`. */
        L.last_w = t->last_w;
        L.cycle0 = h->cycle;
        L.pc = h->pc;
        L.left = insn_limit - h->instret;
        uint64_t irq_at = t->irq_check_at;
        /* The fetch context (mk_mmu_fetch_ctx) depends on the privilege and the translation
         * CSRs only, which no fast handler changes: once a redirect here has taken it, every
         * later one would take the same. */
        L.ctx_taken = false;
        h->trapped = false;     /* (what timing_one would set before the execution) */
        h->xlate_failed = false;
        tm_rec_t rec = { .e = NULL };
        unsigned replay = 0;    /* instructions the memo's chain ran, still to be timed */
        uint64_t replay_npc = 0;
        for (;;) {
            if (!L.left || L.last_w >= stop_cycle || (L.k.tf & TF_FLUSH) || L.k.M >= irq_at)
                break;
            if (!replay && !rec.e &&
                fast_memo(&L, irq_at, stop_cycle, &rec, &replay, &replay_npc))
                continue;
            uint64_t npc;
            if (replay) {
                /* (all but the last fell through: only the last can be a branch or jump) */
                npc = --replay ? L.pc + L.k.len : replay_npc;
            } else {
                npc = L.k.dc->fast(h, L.k.dc, L.pc, 1);
                if (h->chain_left)
                    break;      /* not for the fast handler: nothing was done */
            }
            L.left--;
            unsigned tf = L.k.tf;
            bool taken;
            if (!fast_retire(&L, npc, &taken))
                goto next;
            if (rec.e) {
                if (tf & (TF_BRANCH | TF_JUMP)) {
                    mk_tm_rec_end(&rec, t, h, &L.k, npc, L.last_w, L.st, taken);
                } else if (++rec.n >= TM_SPAN_MAX) {
                    rec.e = NULL;
                } else if (L.k.tf & (TF_BRANCH | TF_JUMP)) {
                    mk_tm_rec_pre(&rec, t, h, &L.k, L.pc, L.last_w, L.st);
                } else {
                    rec.max_m = max64(rec.max_m, L.k.M);
                    rec.max_w = max64(rec.max_w, L.last_w);
                }
            }
        }
        /* Hand k over to timing_one as front_end left it. */
        h->pc = L.pc;
        h->cycle = max64(L.cycle0, L.last_w);
        h->instret = h->stats.instret = insn_limit - L.left;
        h->stats.cycles = L.last_w;
        fast_to_slot(&L.k, next_slot(t));
        pk->in = &L.k.dc->in;
        pk->len = (uint8_t)L.k.len;
        pk->tf = (uint16_t)L.k.tf;
        t->last_w = L.last_w;
        return;
    next:;
    }
}
