/*
 * The timing mode's state and the parts of its recurrence that both timing.c (the recurrence,
 * docs/timing.md "Model") and timing_fast.c (the run loop's common case) run: private to them.
 */
#ifndef MK_TIMING_IMPL_H
#define MK_TIMING_IMPL_H

#include "decode.h"
#include "hart.h"
#include "mem.h"
#include "mmu.h"
#include "timing.h"

/* Latencies of the multiplier/divider (docs/timing.md "Functional units", rtl/core/mk_pkg.sv). */
#define MUL_LATENCY 3u
#define DIV_LATENCY 65u
#define DIVW_LATENCY 33u

/* Per-operation timing properties (what the RTL decoder says about the instruction). */
enum {
    TF_RS1 = 1u << 0,       /* rs1_re */
    TF_RS2 = 1u << 1,       /* rs2_re */
    TF_LOAD_RD = 1u << 2,   /* LSU with rd_we: a load-use producer (load, LR, SC, AMO, HLV) */
    TF_FLUSH = 1u << 3,     /* flushes from MEM: CSR, xRET, FENCE.I, SFENCE/HFENCE, WFI */
    TF_BRANCH = 1u << 4,    /* conditional branch */
    TF_JUMP = 1u << 5,      /* JAL, JALR: always redirect */
    TF_ACCESS = 1u << 6,    /* uses the data port */
    TF_AMO = 1u << 7,       /* read then write: two accesses */
    TF_ATOMIC = 1u << 8,    /* LR, SC, AMO: DRAM only */
    TF_MUL = 1u << 9,
    TF_DIV = 1u << 10,
    TF_DIVW = 1u << 11,
    TF_WFI = 1u << 12,
};

/* What the front end needs to know about an instruction before it executes. */
typedef struct peek {
    const mk_insn_t *in;    /* decoded form, NULL for a fetch fault */
    mk_insn_t local;        /* storage when it is not in the decoded-instruction cache */
    uint16_t tf;            /* op_timing of the operation (0 for a fetch fault) */
    uint8_t len;            /* bytes the fetch unit hands over: 2 for a faulting first parcel */
} peek_t;

/* One instruction's trip through the pipeline (cycles, see the top of the file). */
typedef struct slot {
    uint64_t H, I, E, X, M;
    uint64_t nat_y;         /* MEM exit without a younger MUL/DIV holding the pipeline */
    uint64_t Y;
    uint8_t load_rd;        /* rd of a load-use producer, 0 if none */
    /* stall attribution (cycles between the previous record and this one) */
    uint64_t st_loaduse, st_mul, st_data, st_walk, st_wfi;
    unsigned kind;          /* MK_STALL_FETCH or _REDIRECT: what the rest of the gap is */
} slot_t;

/* What the wrong-path replay needs of the instruction older than the first one it hands over. */
typedef struct older { uint64_t I, X; unsigned load_rd; } older_t;

static inline older_t older_of(const slot_t *k) { return (older_t){ k->I, k->X, k->load_rd }; }

#define FREEZES 8           /* recent freeze intervals kept (a power of two); older ones are past */

/* A doubleword the fetch unit requested (or filled as faulting) and ID has not consumed. */
typedef struct fbuf {
    uint64_t addr;          /* virtual doubleword address */
    uint64_t resp;          /* its response (or fault fill) cycle: usable from resp + 1 */
    mk_xlate_t x;           /* its translation: x.paddr (ok), or the fault its parcels raise */
} fbuf_t;

/* The fetch walker's last walk, until a redirect drops it or the model passes its end. */
typedef struct fwalk {
    bool active;
    uint64_t start, end;    /* first and last cycle: end = start + accesses * L */
    unsigned accesses;
    bool fill;              /* a leaf to put into the ITLB at the end */
    mk_tlb_entry_t entry;
} fwalk_t;

struct mk_timing {
    uint64_t lat;           /* DRAM latency L */
    uint64_t dram_size;     /* cfg.mem_size, kept here to spare the pointer chase */

    uint64_t fz_a[FREEZES], fz_b[FREEZES];  /* ring of freeze intervals [a, b], in time order */
    unsigned fz_next;
    uint64_t fz_start, fz_end;  /* the newest interval (after a reset: ~0, 0, none) */
    uint64_t fz_prev_end;       /* the end of the one before (0 if none) */
    uint64_t fz_added;          /* intervals added so far (the span memo counts a span's) */

    /* The fetch unit (rule F). */
    uint64_t fu_pc;         /* next address it hands over */
    uint64_t fa;            /* next doubleword to request */
    uint64_t req_from;      /* no request before: stream start, previous response + 1, wake */
    uint64_t space_from;    /* no request before: q1 freed */
    uint64_t last_resp;     /* response cycle of the last request (or PTE read) made */
    fbuf_t q[4];            /* ring of the requested, not consumed: q0 = q[qh], q1, pending */
    unsigned qh, qn;
    mk_fetch_ctx_t fctx;    /* privilege and roots of its requests (fixed between redirects) */
    fwalk_t walk;
    mk_fetch_xlate_t next_fx;   /* the translations of the next instruction's doublewords */
    uint64_t fetch_walk_cycles; /* fetch walks since the last front end (for the stall count) */

    /* slot[cur]: the last instruction that reached MEM; slot[cur ^ 1]: the next one (its front
     * end, valid with next_valid, for the instruction at h->pc). Swapped, never copied. */
    slot_t slot[2];
    unsigned cur;
    bool next_valid;
    peek_t next_peek;
    unsigned stall_kind;    /* MK_STALL_FETCH or _REDIRECT for the next front end */
    uint64_t wfi_stall;     /* sleep before the next request (WFI) */

    uint64_t last_w;        /* WB cycle of the last record */
    bool any_record;
    bool deadlock;
    uint64_t irq_check_at;  /* run loop: next cycle a device line may change */

    uint64_t peek_reads;    /* instructions peek_insn read from memory, not the decoded cache */
    struct tm_memo *memo;   /* the run loop's span memo (timing_memo.c) */
    uint64_t memo_spans;    /* spans the run loop took from it (for the tests) */
};

/* Per operation (MK_OP_*): its TF_* flags (timing.c). */
extern const uint16_t mk_timing_op[MK_OP_COUNT];

/* Buffer i of the fetch unit's FIFO (0 = q0, the oldest). Consuming q0 moves the head rather
 * than copying the buffers (each holds a whole translation). */
static inline fbuf_t *fq(mk_timing_t *t, unsigned i) { return &t->q[(t->qh + i) & 3u]; }

static inline slot_t *prev_slot(mk_timing_t *t) { return &t->slot[t->cur]; }
static inline slot_t *next_slot(mk_timing_t *t) { return &t->slot[t->cur ^ 1]; }

static inline uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }

static inline void set_cycle(mk_hart_t *h, uint64_t c)
{
    if (c > h->cycle)
        h->cycle = c;
}

/* --- Freezes -------------------------------------------------------------------------------- */

static inline void add_freeze(mk_timing_t *t, uint64_t a, uint64_t b)
{
    if (a > b)
        return;
    t->fz_a[t->fz_next] = a;
    t->fz_b[t->fz_next] = b;
    t->fz_next = (t->fz_next + 1) & (FREEZES - 1);
    t->fz_prev_end = t->fz_end;
    t->fz_start = a;
    t->fz_end = b;
    t->fz_added++;
}

/* The first advance cycle >= c. The intervals are disjoint and added in time order, so only
 * the newest ones that end at or after c can matter (usually none). */
static inline uint64_t adv(const mk_timing_t *t, uint64_t c)
{
    if (c > t->fz_end)
        return c;   /* the common case: every freeze has ended before c */
    if (c >= t->fz_start)
        return t->fz_end + 1;   /* in the newest (the older ones all end before it starts) */
    if (c > t->fz_prev_end)
        return c;   /* between the last two */
    unsigned n = 0, i = (t->fz_next - 1) & (FREEZES - 1);
    while (n < FREEZES && t->fz_b[i] >= c && t->fz_a[i] <= t->fz_b[i]) {
        n++;
        i = (i - 1) & (FREEZES - 1);
    }
    while (n--) {
        i = (i + 1) & (FREEZES - 1);
        if (t->fz_a[i] > c)
            break;
        c = t->fz_b[i] + 1;
    }
    return c;
}

static inline bool is_dram(const mk_timing_t *t, uint64_t paddr)
{
    return paddr - MK_DRAM_BASE < t->dram_size;
}

/* --- The fetch unit (rule F): what the run loop's common case needs inline ----------------- */

/* The end of the fetch walk (its leaf into the ITLB): no redirect came up to its last cycle. */
void mk_timing_walk_commit(mk_timing_t *t, mk_hart_t *h);
/* fu_issue's request in cycle c through the ITLB. */
bool mk_timing_issue_translated(mk_timing_t *t, mk_hart_t *h, uint64_t c);
/* The wrong-path hand-overs before a redirect at the end of cycle r (after `older`). */
void mk_timing_wrong_path(mk_timing_t *t, mk_hart_t *h, uint64_t r, older_t older);
/* fu_catch_up's end of the fetch walk at a redirect in cycle r. */
void mk_timing_walk_at_redirect(mk_timing_t *t, mk_hart_t *h, uint64_t r);

/*
 * Rule F with the ITLB (docs/timing.md "Address translation"): what the fetch unit does with
 * doubleword fa in the first cycle c it may request it, if c <= `limit`. A hit: the request
 * (L for DRAM, 1 for anything else); a denied hit or a non-canonical fa: the buffer is filled
 * as faulting at the end of c; a miss: the walk (c .. c + k*L), whose leaf is filled at its
 * end (mk_timing_walk_commit, unless a redirect drops it) so that the request, one cycle later, hits;
 * a walk that faults fills the buffer as faulting at its end. Returns false if nothing was
 * done by `limit`.
 */
static inline __attribute__((always_inline)) bool fu_issue(mk_timing_t *t, mk_hart_t *h,
                                                           uint64_t limit)
{
    if (t->qn >= 2)
        return false;       /* q1 is (or will be) valid: wait for a hand-over to free it */
    uint64_t c = max64(t->req_from, t->space_from);
    if (c > limit)
        return false;
    if (t->walk.active)
        mk_timing_walk_commit(t, h);  /* it ended before c and no redirect came */
    if (t->fctx.translates)
        return mk_timing_issue_translated(t, h, c);
    /* The common case, kept free of whole-translation copies: only ok and paddr of an
     * untranslated buffer are ever read (next_fx stays empty). */
    uint64_t resp = c + (is_dram(t, t->fa) ? t->lat : 1);
    fbuf_t *b = fq(t, t->qn++);
    b->addr = t->fa;
    b->resp = resp;
    b->x.ok = true;
    b->x.paddr = t->fa;
    t->fa += 8;
    t->req_from = resp + 1;
    t->last_resp = resp;
    return true;
}

/* Hand-over of the len bytes at pc in cycle c: q1 moves to q0 if they end q0. The requests
 * the RTL makes up to cycle c are made first, since whether q1 is valid depends on them. */
static inline void fu_consume(mk_timing_t *t, mk_hart_t *h, uint64_t pc, unsigned len,
                              uint64_t c)
{
    if (((pc + len) >> 3) != (pc >> 3)) {
        while (fu_issue(t, h, c))
            ;
        if (t->qn == 2)
            t->space_from = c + 1;
        t->qh = (t->qh + 1) & 3u;
        t->qn--;
    }
    t->fu_pc = pc + len;
}

/*
 * The fetch unit up to a redirect at the end of cycle r: the wrong-path hand-overs and the
 * requests it makes by r - 1, then the fetch walk: one that ended before r is complete (its
 * leaf goes into the ITLB); one still running in r (its last cycle included) is dropped:
 * nothing is filled, no further PTE read is issued (not even in a response cycle), and a read
 * still outstanding occupies the port until its response. Done before the instruction that
 * flushes at r executes (SFENCE.VMA changes the ITLB, a trap the privilege).
 */
static inline void fu_catch_up(mk_timing_t *t, mk_hart_t *h, uint64_t r, older_t older)
{
    if (r >= 2 && older.I <= r - 2)     /* (else mk_timing_wrong_path returns at once) */
        mk_timing_wrong_path(t, h, r, older);
    while (r >= 1 && fu_issue(t, h, r - 1))
        ;
    if (t->walk.active)
        mk_timing_walk_at_redirect(t, h, r);
}

/* The redirect itself: pc = target, buffers empty; a request still pending is dropped (the
 * next one goes out after its response). */
static inline void fu_restart_at(mk_timing_t *t, uint64_t r, uint64_t target)
{
    t->req_from = max64(r + 1, t->last_resp + 1);
    t->space_from = 0;
    t->qn = 0;
    t->fu_pc = target;
    t->fa = target & ~7ULL;
}

/* ... and the context of later requests is the hart's now. */
static inline void fu_restart(mk_timing_t *t, mk_hart_t *h, uint64_t r, uint64_t target)
{
    fu_restart_at(t, r, target);
    mk_mmu_fetch_ctx(h, &t->fctx);
}

/* Redirect at the end of cycle r (taken branch/jump from EX, flush from MEM), after the
 * wrong-path hand-overs up to then. */
static inline void fu_redirect(mk_timing_t *t, mk_hart_t *h, uint64_t r, uint64_t target,
                               older_t older)
{
    fu_catch_up(t, h, r, older);
    fu_restart(t, h, r, target);
}

/* --- The rest of one instruction --------------------------------------------------------- */

/* Would the branch or jump `in` at the current state redirect in EX? */
static inline bool redirects(const mk_hart_t *h, const mk_insn_t *in)
{
    uint64_t a = h->x[in->rs1], b = h->x[in->rs2];
    switch (in->op) {
    case MK_OP_jal: case MK_OP_jalr: return true;
    case MK_OP_beq: return a == b;
    case MK_OP_bne: return a != b;
    case MK_OP_blt: return (int64_t)a < (int64_t)b;
    case MK_OP_bge: return (int64_t)a >= (int64_t)b;
    case MK_OP_bltu: return a < b;
    case MK_OP_bgeu: return a >= b;
    default: return false;
    }
}

static inline uint64_t take(uint64_t *gap, uint64_t part)
{
    uint64_t n = part < *gap ? part : *gap;
    *gap -= n;
    return n;
}

/* Charges the cycles since the previous record to their causes. */
static inline void count_record(mk_timing_t *t, mk_hart_t *h, const slot_t *k, uint64_t w)
{
    /* (cycle 0 is the reset cycle: the first record has w - 1 cycles before it) */
    uint64_t gap = t->any_record ? w - t->last_w - 1 : w - 1;
    if (gap) {
        uint64_t *st = h->stats.stalls;
        st[MK_STALL_DATA] += take(&gap, k->st_data);
        st[MK_STALL_WALK] += take(&gap, k->st_walk);
        st[MK_STALL_MULDIV] += take(&gap, k->st_mul + (k->Y - k->nat_y));
        st[MK_STALL_LOAD_USE] += take(&gap, k->st_loaduse);
        st[MK_STALL_WFI] += take(&gap, k->st_wfi);
        st[k->kind] += gap;
    }
    t->last_w = w;
    t->any_record = true;
    set_cycle(h, w);
    h->stats.cycles = w;    /* the cycle counter at the last retirement, as rtlsim reports it */
}

/* The front end of the instruction at h->pc (its slot, next_slot(t)), as the recurrence computes
 * it after the previous instruction (timing.c). */
void mk_timing_front_end(mk_timing_t *t, mk_hart_t *h);

/* The run loop's common case (timing_fast.c): runs instructions from h->pc while they are, and
 * returns with the state as the recurrence would leave it before the next one. */
void mk_timing_fast_run(mk_soc_t *soc, uint64_t insn_limit, uint64_t max_cycles);

#endif
