/*
 * The timing mode's run loop, common case: docs/timing.md "Model". The same recurrence as
 * timing.c's timing_one for instructions the threaded code's fast handlers execute, with the
 * instruction in flight kept in locals; everything else is left to timing.c.
 */
#include "timing_impl.h"

#include "exec.h"
#include "soc.h"

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
 * pc, after p (I, X, load_rd; natural MEM exit p_y, which a MUL/DIV may extend: k->hold), is
 * decoded. False, with no more done than front_end's first request would do, if front_end has
 * to do it. In the loop the fetch unit hands over pc next (p's hand-over or its redirect set
 * it) and does not translate, so that its buffers never fault (fu_issue).
 */
static inline __attribute__((always_inline)) bool
fast_front_end(mk_timing_t *t, mk_hart_t *h, uint64_t pc, const mk_dcache_entry_t *guess,
               const fast_insn_t *p, uint64_t p_y, unsigned kind, fast_insn_t *k)
{
    if (!t->qn)
        fu_issue(t, h, UINT64_MAX);
    const fbuf_t *q0 = fq(t, 0);
    const mk_dcache_entry_t *dc = guess ? guess : mk_fast_lookup(h, pc);
    if (!dc)
        return false;
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
    return true;
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
 * instruction's cache entry is found as mk_chain_next and mk_chain_branch find it: the adjacent
 * entry or the cached same-page target, when its tag says it holds that address.
 */
void mk_timing_fast_run(mk_soc_t *soc, uint64_t insn_limit, uint64_t max_cycles)
{
    mk_hart_t *h = &soc->hart;
    mk_timing_t *t = h->timing;
    peek_t *pk = &t->next_peek;
    uint64_t *st = h->stats.stalls;
    uint64_t stop_cycle = max_cycles ? max_cycles : UINT64_MAX;
    for (;;) {
        if (t->fctx.translates || t->walk.active || t->deadlock || !t->next_valid || !pk->in ||
            pk->in == &pk->local || !t->any_record || t->fu_pc != h->pc + pk->len ||
            soc->exited || h->irq_recheck || h->instret >= insn_limit || h->cycle >= stop_cycle)
            return;
        /* k: the instruction at h->pc, with its front end (next_slot). */
        fast_insn_t k;
        {
            const slot_t *s = next_slot(t);
            k = (fast_insn_t){ .dc = (const mk_dcache_entry_t *)pk->in, .tf = pk->tf,
                               .len = pk->len, .H = s->H, .I = s->I, .X = s->X, .M = s->M,
                               .load_rd = s->load_rd, .st_loaduse = s->st_loaduse,
                               .st_mul = s->st_mul, .st_walk = s->st_walk, .st_wfi = s->st_wfi,
                               .kind = s->kind };
            if (s->E != s->I + 1 || s->st_data || s->Y)
                return;     /* (never: a front end sets them so) */
        }
        /* The fast handlers read none of these, and only timing_one changes the ones not kept
         * here (irq_check_at; irq_recheck, soc->exited: the fast handlers change neither).
         * h->cycle is the largest of its value here and the records' WB cycles since (which
         * grow); instret counts down as `left`. */
        uint64_t last_w = t->last_w, cycle0 = h->cycle, pc = h->pc;
        uint64_t left = insn_limit - h->instret;
        uint64_t irq_at = t->irq_check_at;
        /* The fetch context (mk_mmu_fetch_ctx) depends on the privilege and the translation
         * CSRs only, which no fast handler changes: once a redirect here has taken it, every
         * later one would take the same. */
        bool ctx_taken = false;
        h->trapped = false;     /* (what timing_one would set before the execution) */
        h->xlate_failed = false;
        for (;;) {
            if (!left || last_w >= stop_cycle || (k.tf & TF_FLUSH) || k.M >= irq_at)
                break;
            uint64_t npc = k.dc->fast(h, k.dc, pc, 1);
            if (h->chain_left)
                break;      /* not for the fast handler: nothing was done */
            left--;
            uint64_t y = k.M, st_data = 0;
            if (k.tf & TF_ACCESS) {
                st_data = t->lat;
                y += st_data;
                add_freeze(t, k.M, y - 1);
            }
            const mk_insn_t *in = &k.dc->in;
            bool taken = (k.tf & TF_JUMP) ||
                         ((k.tf & TF_BRANCH) &&
                          (npc != pc + k.len || ((uint64_t)in->imm == k.len && redirects(h, in))));
            bool translates = false;
            if (taken) {
                fu_catch_up(t, h, k.X, (older_t){ k.I, k.X, k.load_rd });
                fu_restart_at(t, k.X, npc);
                if (!ctx_taken) {
                    mk_mmu_fetch_ctx(h, &t->fctx);
                    ctx_taken = true;
                    translates = t->fctx.translates;
                }
            }
            unsigned kind = taken ? MK_STALL_REDIRECT : MK_STALL_FETCH;
            const mk_dcache_entry_t *guess = NULL;
            if (!taken) {
                const mk_dcache_entry_t *e = k.dc + k.len / 2;
                if (e->in.tag == k.dc->next_tag)
                    guess = e;
            } else if (k.dc->target->in.tag == k.dc->target_tag &&
                       npc == pc + (uint64_t)in->imm) {
                guess = k.dc->target;
            }
            fast_insn_t n;
            if (translates || !fast_front_end(t, h, npc, guess, &k, y, kind, &n)) {
                /* The rest as timing_one does it, from k's slot; then on from there. */
                h->pc = npc;
                h->cycle = max64(max64(cycle0, last_w), k.M);
                h->instret = insn_limit - left;
                slot_t *ks = next_slot(t);
                fast_to_slot(&k, ks);
                ks->nat_y = ks->Y = y;
                ks->st_data = st_data;
                t->next_valid = false;
                t->cur ^= 1;
                t->stall_kind = kind;
                t->last_w = last_w;
                mk_timing_front_end(t, h);
                count_record(t, h, ks, ks->Y + 1);
                h->stats.instret = h->instret;
                goto next;
            }
            /* count_record(k), with its MEM exit now that n's front end is known */
            uint64_t Y = max64(y, n.hold);
            uint64_t w = Y + 1;
            uint64_t gap = w - last_w - 1;
            if (gap) {
                if (st_data)
                    st[MK_STALL_DATA] += take(&gap, st_data);
                if (__builtin_expect((k.st_walk | k.st_mul | (Y - y) | k.st_wfi) != 0, 0)) {
                    st[MK_STALL_WALK] += take(&gap, k.st_walk);
                    st[MK_STALL_MULDIV] += take(&gap, k.st_mul + (Y - y));
                }
                if (k.st_loaduse)
                    st[MK_STALL_LOAD_USE] += take(&gap, k.st_loaduse);
                st[MK_STALL_WFI] += take(&gap, k.st_wfi);
                st[k.kind] += gap;
            }
            last_w = w;     /* (w > k.M: the MEM cycle's set_cycle is implied) */
            pc = npc;
            k = n;
        }
        /* Hand k over to timing_one as front_end left it. */
        h->pc = pc;
        h->cycle = max64(cycle0, last_w);
        h->instret = h->stats.instret = insn_limit - left;
        h->stats.cycles = last_w;
        fast_to_slot(&k, next_slot(t));
        pk->in = &k.dc->in;
        pk->len = (uint8_t)k.len;
        pk->tf = (uint16_t)k.tf;
        t->last_w = last_w;
        return;
    next:;
    }
}
