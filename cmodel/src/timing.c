/*
 * The cycle-accurate timing mode: docs/timing.md "Cycle-accurate mode" as a per-instruction
 * recurrence (docs/timing.md "Model" says where each rule lives).
 *
 * Every instruction gets the cycles of the RTL pipeline: H (handed over by the fetch unit),
 * I (leaves ID), E (enters EX), X (leaves EX), M (first MEM cycle), Y (leaves MEM); it is
 * reported in WB at Y + 1. The pipeline advances as a whole or freezes as a whole, and freezes
 * never overlap, so "the first advance cycle >= c" is c pushed past the few recent freeze
 * intervals (a data access waiting in MEM, a MUL/DIV in EX).
 *
 * The order of work per instruction i, which is what makes h->cycle exact wherever a program
 * can see it:
 *  1. i's front end (H..M) was computed at the end of the previous step (the look-ahead: the
 *     previous instruction's MEM exit depends on whether i is a MUL/DIV that freezes EX);
 *  2. h->cycle = M: interrupts are sampled with the device lines of that cycle (rule I);
 *  3. i executes on the exact path with h->cycle = M (CSR reads, CLINT mtime, device writes);
 *  4. its outcome sets its MEM exit (data latency, walks, traps) and any redirect of the fetch
 *     unit (taken branch at X, flush at the end of the MEM cycle);
 *  5. the front end of i + 1 is computed, which may extend i's MEM exit; i's record gets WB.
 *
 * The fetch unit is simulated by its requests (rule F): a FIFO of the doublewords requested and
 * not yet consumed (q0, q1, the pending one), each with its response cycle. Requests are made
 * lazily but at the cycle the RTL makes them: after the previous response, and only while at
 * most one doubleword is buffered. Before a redirect, the wrong-path hand-overs (the younger
 * instructions the RTL hands to ID before the flush) are replayed, because they free buffers
 * and so decide whether a request is pending (and dropped) when the redirect comes.
 *
 * Address translation (docs/timing.md "Address translation (Sv39)"): the ITLB is looked up
 * by the fetch unit's requests (fu_issue), prefetches and wrong-path requests included, in the
 * context of their cycle (fctx); a miss walks, and the walk's leaf is filled only once the
 * model knows no redirect came up to its end. Each buffer keeps its translation (or fault),
 * which the instruction's functional fetch then uses, so the execution never touches the ITLB.
 * The DTLB is the functional one: the execution's walk (its PTE reads) sets the MEM timing.
 */
#include "timing.h"

#include <stdlib.h>
#include <string.h>

#include "csr.h"
#include "decode.h"
#include "exec.h"
#include "mem.h"
#include "mmu.h"
#include "pmp.h"
#include "soc.h"
#include "trap.h"

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

#define R1 TF_RS1
#define R12 (TF_RS1 | TF_RS2)
#define LD (TF_RS1 | TF_LOAD_RD | TF_ACCESS)
#define ST (TF_RS1 | TF_RS2 | TF_ACCESS)
#define AMO (TF_RS1 | TF_RS2 | TF_LOAD_RD | TF_ACCESS | TF_AMO | TF_ATOMIC)
#define BR (TF_RS1 | TF_RS2 | TF_BRANCH)
static const uint16_t op_timing[MK_OP_COUNT] = {
    [MK_OP_jal] = TF_JUMP, [MK_OP_jalr] = TF_JUMP | R1,
    [MK_OP_beq] = BR, [MK_OP_bne] = BR, [MK_OP_blt] = BR, [MK_OP_bge] = BR,
    [MK_OP_bltu] = BR, [MK_OP_bgeu] = BR,
    [MK_OP_lb] = LD, [MK_OP_lh] = LD, [MK_OP_lw] = LD, [MK_OP_ld] = LD,
    [MK_OP_lbu] = LD, [MK_OP_lhu] = LD, [MK_OP_lwu] = LD,
    [MK_OP_sb] = ST, [MK_OP_sh] = ST, [MK_OP_sw] = ST, [MK_OP_sd] = ST,
    [MK_OP_addi] = R1, [MK_OP_slti] = R1, [MK_OP_sltiu] = R1, [MK_OP_xori] = R1,
    [MK_OP_ori] = R1, [MK_OP_andi] = R1, [MK_OP_slli] = R1, [MK_OP_srli] = R1,
    [MK_OP_srai] = R1, [MK_OP_addiw] = R1, [MK_OP_slliw] = R1, [MK_OP_srliw] = R1,
    [MK_OP_sraiw] = R1,
    [MK_OP_add] = R12, [MK_OP_sub] = R12, [MK_OP_sll] = R12, [MK_OP_slt] = R12,
    [MK_OP_sltu] = R12, [MK_OP_xor] = R12, [MK_OP_srl] = R12, [MK_OP_sra] = R12,
    [MK_OP_or] = R12, [MK_OP_and] = R12, [MK_OP_addw] = R12, [MK_OP_subw] = R12,
    [MK_OP_sllw] = R12, [MK_OP_srlw] = R12, [MK_OP_sraw] = R12,
    [MK_OP_fence_i] = TF_FLUSH,
    [MK_OP_csrrw] = TF_FLUSH | R1, [MK_OP_csrrs] = TF_FLUSH | R1, [MK_OP_csrrc] = TF_FLUSH | R1,
    [MK_OP_csrrwi] = TF_FLUSH, [MK_OP_csrrsi] = TF_FLUSH, [MK_OP_csrrci] = TF_FLUSH,
    [MK_OP_mul] = R12 | TF_MUL, [MK_OP_mulh] = R12 | TF_MUL, [MK_OP_mulhsu] = R12 | TF_MUL,
    [MK_OP_mulhu] = R12 | TF_MUL, [MK_OP_mulw] = R12 | TF_MUL,
    [MK_OP_div] = R12 | TF_DIV, [MK_OP_divu] = R12 | TF_DIV, [MK_OP_rem] = R12 | TF_DIV,
    [MK_OP_remu] = R12 | TF_DIV,
    [MK_OP_divw] = R12 | TF_DIVW, [MK_OP_divuw] = R12 | TF_DIVW, [MK_OP_remw] = R12 | TF_DIVW,
    [MK_OP_remuw] = R12 | TF_DIVW,
    [MK_OP_lr_w] = TF_RS1 | TF_LOAD_RD | TF_ACCESS | TF_ATOMIC, [MK_OP_sc_w] = AMO & ~TF_AMO,
    [MK_OP_amoswap_w] = AMO, [MK_OP_amoadd_w] = AMO, [MK_OP_amoxor_w] = AMO,
    [MK_OP_amoand_w] = AMO, [MK_OP_amoor_w] = AMO, [MK_OP_amomin_w] = AMO,
    [MK_OP_amomax_w] = AMO, [MK_OP_amominu_w] = AMO, [MK_OP_amomaxu_w] = AMO,
    [MK_OP_lr_d] = TF_RS1 | TF_LOAD_RD | TF_ACCESS | TF_ATOMIC, [MK_OP_sc_d] = AMO & ~TF_AMO,
    [MK_OP_amoswap_d] = AMO, [MK_OP_amoadd_d] = AMO, [MK_OP_amoxor_d] = AMO,
    [MK_OP_amoand_d] = AMO, [MK_OP_amoor_d] = AMO, [MK_OP_amomin_d] = AMO,
    [MK_OP_amomax_d] = AMO, [MK_OP_amominu_d] = AMO, [MK_OP_amomaxu_d] = AMO,
    [MK_OP_mret] = TF_FLUSH, [MK_OP_sret] = TF_FLUSH, [MK_OP_wfi] = TF_FLUSH | TF_WFI,
    [MK_OP_sfence_vma] = TF_FLUSH | R12,
    [MK_OP_hlv_b] = LD, [MK_OP_hlv_bu] = LD, [MK_OP_hlv_h] = LD, [MK_OP_hlv_hu] = LD,
    [MK_OP_hlvx_hu] = LD, [MK_OP_hlv_w] = LD, [MK_OP_hlv_wu] = LD, [MK_OP_hlvx_wu] = LD,
    [MK_OP_hlv_d] = LD,
    [MK_OP_hsv_b] = ST, [MK_OP_hsv_h] = ST, [MK_OP_hsv_w] = ST, [MK_OP_hsv_d] = ST,
    [MK_OP_hfence_vvma] = TF_FLUSH | R12, [MK_OP_hfence_gvma] = TF_FLUSH | R12,
};
#undef R1
#undef R12
#undef LD
#undef ST
#undef AMO
#undef BR

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
};

/* Buffer i of the fetch unit's FIFO (0 = q0, the oldest). Consuming q0 moves the head rather
 * than copying the buffers (each holds a whole translation). */
static inline fbuf_t *fq(mk_timing_t *t, unsigned i) { return &t->q[(t->qh + i) & 3u]; }

static inline slot_t *prev_slot(mk_timing_t *t) { return &t->slot[t->cur]; }
static inline slot_t *next_slot(mk_timing_t *t) { return &t->slot[t->cur ^ 1]; }

mk_timing_t *mk_timing_new(void)
{
    return calloc(1, sizeof(mk_timing_t));
}

void mk_timing_free(mk_timing_t *t)
{
    free(t);
}

static inline uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }

static inline void set_cycle(mk_hart_t *h, uint64_t c)
{
    if (c > h->cycle)
        h->cycle = c;
}

/* --- Freezes -------------------------------------------------------------------------------- */

static void add_freeze(mk_timing_t *t, uint64_t a, uint64_t b)
{
    if (a > b)
        return;
    t->fz_a[t->fz_next] = a;
    t->fz_b[t->fz_next] = b;
    t->fz_next = (t->fz_next + 1) & (FREEZES - 1);
    t->fz_prev_end = t->fz_end;
    t->fz_start = a;
    t->fz_end = b;
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

/* --- Address classes ---------------------------------------------------------------------- */

static inline bool is_dram(const mk_timing_t *t, uint64_t paddr)
{
    return paddr - MK_DRAM_BASE < t->dram_size;
}

/* The physical address of a data access that just translated vaddr (the DTLB holds it). */
static uint64_t data_paddr(const mk_hart_t *h, uint64_t vaddr, bool translated, bool virt)
{
    uint64_t pa;
    if (!translated)
        return vaddr;
    return mk_mmu_peek_data(h, vaddr, virt, &pa) ? pa : MK_DRAM_BASE;
}

/* Bytes of a data access (PMP checks the whole access). */
static unsigned access_size(unsigned op)
{
    switch (op) {
    case MK_OP_lb: case MK_OP_lbu: case MK_OP_sb: case MK_OP_hlv_b: case MK_OP_hlv_bu:
    case MK_OP_hsv_b:
        return 1;
    case MK_OP_lh: case MK_OP_lhu: case MK_OP_sh: case MK_OP_hlv_h: case MK_OP_hlv_hu:
    case MK_OP_hlvx_hu: case MK_OP_hsv_h:
        return 2;
    case MK_OP_lw: case MK_OP_lwu: case MK_OP_sw: case MK_OP_hlv_w: case MK_OP_hlv_wu:
    case MK_OP_hlvx_wu: case MK_OP_hsv_w: case MK_OP_lr_w: case MK_OP_sc_w:
    case MK_OP_amoswap_w: case MK_OP_amoadd_w: case MK_OP_amoxor_w: case MK_OP_amoand_w:
    case MK_OP_amoor_w: case MK_OP_amomin_w: case MK_OP_amomax_w: case MK_OP_amominu_w:
    case MK_OP_amomaxu_w:
        return 4;
    default:
        return 8;
    }
}

/* --- Looking at an instruction before it executes ------------------------------------------- */

static void walk_commit(mk_timing_t *t, mk_hart_t *h);
static inline __attribute__((always_inline)) bool fu_issue(mk_timing_t *t, mk_hart_t *h,
                                                           uint64_t limit);

/* Requests until n doublewords are buffered or pending; false if that takes a request after
 * `limit`. */
static inline bool fu_have(mk_timing_t *t, mk_hart_t *h, unsigned n, uint64_t limit)
{
    while (t->qn < n)
        if (!fu_issue(t, h, limit))
            return false;
    return true;
}

/* The parcel at vaddr in buffer b, without raising anything; false if fetching it faults
 * (a fault recorded for the buffer, or what the instruction port answers with err). */
static bool peek_parcel(const mk_timing_t *t, mk_hart_t *h, const fbuf_t *b, uint64_t vaddr,
                        uint16_t *parcel)
{
    if (!b->x.ok)
        return false;
    uint64_t paddr = b->x.paddr | (vaddr & 7);
    bool rom = paddr - MK_BOOTROM_BASE < MK_BOOTROM_SIZE;
    return (rom || is_dram(t, paddr)) &&
           mk_pmp_check(h, paddr, 2, MK_ACC_FETCH, t->fctx.priv) &&
           mk_soc_phys_read(h->soc, paddr, parcel, 2) == 0;
}

/* Fills *p for the instruction at pc (= t->fu_pc), from the bytes the fetch unit's buffers
 * hold: the doublewords it needs are requested first (their translations decide). False if
 * that takes a request after `limit`. */
static bool peek_insn(mk_timing_t *t, mk_hart_t *h, uint64_t pc, uint64_t limit, peek_t *p)
{
    if (!fu_have(t, h, 1, limit))
        return false;
    p->in = NULL;
    p->tf = 0;
    p->len = 2;
    if (!fq(t, 0)->x.ok)
        return true;    /* the first parcel's buffer is faulting: a 16-bit fetch fault */
    /* A cached decode stands for an ITLB hit with the same translation (mem.c). */
    const mk_dcache_entry_t *d = mk_fast_lookup(h, pc);
    if (d) {
        p->in = &d->in;
        p->len = d->in.len;
        p->tf = op_timing[d->in.op];
        return true;
    }
    uint16_t lo, hi = 0;
    /* Not decoded yet (often a wrong-path instruction): without translation, a fetch
     * translation cache hit for the fetch unit's privilege says the page is DRAM that PMP
     * allows whole (mem.c fast_fill), so both parcels peek_parcel would read are readable and
     * the bytes can be read directly. A 4-byte instruction at the page's end is left to
     * peek_parcel. */
    const mk_fast_entry_t *fe = &h->fast_fetch[(pc >> 12) & (MK_FAST_ENTRIES - 1)];
    if (!t->fctx.translates && t->fctx.priv == h->priv && t->fctx.v == h->v &&
        fe->tag == pc >> 12 && fe->paddr_addend == 0 && (pc & 0xFFF) != 0xFFE) {
        const uint8_t *host = (const uint8_t *)(uintptr_t)(pc + fe->addend);
        memcpy(&lo, host, 2);
        if (mk_insn_length(lo) == 4) {
            p->len = 4;
            if ((pc & 7) == 6 && !fu_have(t, h, 2, limit))
                return false;
            memcpy(&hi, host + 2, 2);
        }
        mk_decode(lo | (uint32_t)hi << 16, &p->local);
        p->in = &p->local;
        p->tf = op_timing[p->local.op];
        return true;
    }
    if (!peek_parcel(t, h, fq(t, 0), pc, &lo))
        return true;
    if (mk_insn_length(lo) == 4) {
        p->len = 4;
        const fbuf_t *b = fq(t, 0);
        if ((pc & 7) == 6) {
            if (!fu_have(t, h, 2, limit))
                return false;
            b = fq(t, 1);
        }
        if (!peek_parcel(t, h, b, pc + 2, &hi))
            return true;
    }
    mk_decode(lo | (uint32_t)hi << 16, &p->local);
    p->in = &p->local;
    p->tf = op_timing[p->local.op];
    return true;
}

/* Load-use: k (in ID) reads the rd of the load-class instruction p in EX. An instruction with a
 * fetch fault or an illegal one reads nothing (rtl/core/mk_core.sv id_hazard). */
static inline bool load_use(unsigned load_rd, const peek_t *k)
{
    if (!load_rd || !k->in || k->in->op == MK_OP_illegal)
        return false;
    return ((k->tf & TF_RS1) && k->in->rs1 == load_rd) ||
           ((k->tf & TF_RS2) && k->in->rs2 == load_rd);
}

/* --- The fetch unit ------------------------------------------------------------------------- */

/* The end of the walk (its leaf into the ITLB): no redirect came up to its last cycle. */
static void walk_commit(mk_timing_t *t, mk_hart_t *h)
{
    if (t->walk.fill)
        mk_mmu_fetch_fill(h, &t->walk.entry);
    t->walk.active = false;
}

/* Buffers doubleword fa (translation x) with its response in cycle resp; fa += 8. */
static void fu_buffer(mk_timing_t *t, const mk_xlate_t *x, uint64_t resp)
{
    fbuf_t *b = fq(t, t->qn++);
    b->addr = t->fa;
    b->resp = resp;
    b->x = *x;
    t->fa += 8;
}

/*
 * Rule F with the ITLB (docs/timing.md "Address translation"): what the fetch unit does with
 * doubleword fa in the first cycle c it may request it, if c <= `limit`. A hit: the request
 * (L for DRAM, 1 for anything else); a denied hit or a non-canonical fa: the buffer is filled
 * as faulting at the end of c; a miss: the walk (c .. c + k*L), whose leaf is filled at its
 * end (walk_commit, unless a redirect drops it) so that the request, one cycle later, hits;
 * a walk that faults fills the buffer as faulting at its end. Returns false if nothing was
 * done by `limit`.
 */
static bool fu_issue_translated(mk_timing_t *t, mk_hart_t *h, uint64_t c);

static inline __attribute__((always_inline)) bool fu_issue(mk_timing_t *t, mk_hart_t *h,
                                                           uint64_t limit)
{
    if (t->qn >= 2)
        return false;       /* q1 is (or will be) valid: wait for a hand-over to free it */
    uint64_t c = max64(t->req_from, t->space_from);
    if (c > limit)
        return false;
    if (t->walk.active)
        walk_commit(t, h);  /* it ended before c and no redirect came */
    if (t->fctx.translates)
        return fu_issue_translated(t, h, c);
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

/* fu_issue's request in cycle c through the ITLB. */
static __attribute__((noinline)) bool fu_issue_translated(mk_timing_t *t, mk_hart_t *h,
                                                          uint64_t c)
{
    mk_xlate_t x;
    {
        mk_mmu_walk_t w;
        x = mk_mmu_fetch_lookup(h, &t->fctx, t->fa, &w);
        if (w.walked) {
            uint64_t end = c + w.accesses * t->lat;
            t->walk = (fwalk_t){ .active = true, .start = c, .end = end,
                                 .accesses = w.accesses, .fill = w.fill, .entry = w.entry };
            t->fetch_walk_cycles += end + 1 - c;
            t->req_from = end + 1;
            t->last_resp = end;
            if (!x.ok)
                fu_buffer(t, &x, end);
            return true;
        }
        if (!x.ok) {
            fu_buffer(t, &x, c);
            t->req_from = c + 1;
            return true;
        }
    }
    uint64_t resp = c + (is_dram(t, x.paddr) ? t->lat : 1);
    fu_buffer(t, &x, resp);
    t->req_from = resp + 1;     /* one request outstanding; not in the response cycle */
    t->last_resp = resp;
    return true;
}

/* The first cycle in which the len bytes at pc are in the buffers (responses have no bypass),
 * or UINT64_MAX if their requests would be made after `limit`. */
static uint64_t fu_ready(mk_timing_t *t, mk_hart_t *h, uint64_t pc, unsigned len,
                         uint64_t limit)
{
    unsigned need = ((pc & 7) + len > 8) ? 2 : 1;
    if (!fu_have(t, h, need, limit))
        return UINT64_MAX;
    uint64_t r = fq(t, 0)->resp;
    if (need == 2)
        r = max64(r, fq(t, 1)->resp);
    return r + 1;
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
 * The younger instructions the fetch unit hands to ID before a redirect at the end of cycle r
 * (they follow `older` on the fetch unit's path). Only hand-overs up to r - 2 matter: they free
 * q1 in time for a request by r - 1.
 */
static void wrong_path(mk_timing_t *t, mk_hart_t *h, uint64_t r, older_t older)
{
    for (int n = 0; n < 4 && r >= 2; n++) {
        /* A hand-over is never before the older instruction leaves ID (hand >= older.I below):
         * then this one's bytes need not even be looked at. Its requests (peek_insn, fu_ready)
         * are the ones fu_catch_up makes next anyway, in the same order. */
        if (older.I > r - 2)
            return;
        peek_t k;
        if (!peek_insn(t, h, t->fu_pc, r - 1, &k))
            return;     /* its bytes are requested after r - 1 */
        uint64_t ready = fu_ready(t, h, t->fu_pc, k.len, r - 1);
        if (ready == UINT64_MAX)
            return;
        uint64_t hand = adv(t, max64(ready, older.I));
        if (hand > r - 2)
            return;
        fu_consume(t, h, t->fu_pc, k.len, hand);
        uint64_t d = hand + 1;
        if (load_use(older.load_rd, &k) && d <= older.X)
            d = older.X + 1;
        older.I = adv(t, d);
        older.X = adv(t, older.I + 1);
        older.load_rd = (k.tf & TF_LOAD_RD) && k.in ? k.in->rd : 0;
    }
}

/*
 * The fetch unit up to a redirect at the end of cycle r: the wrong-path hand-overs and the
 * requests it makes by r - 1, then the fetch walk: one that ended before r is complete (its
 * leaf goes into the ITLB); one still running in r (its last cycle included) is dropped:
 * nothing is filled, no further PTE read is issued (not even in a response cycle), and a read
 * still outstanding occupies the port until its response. Done before the instruction that
 * flushes at r executes (SFENCE.VMA changes the ITLB, a trap the privilege).
 */
/* fu_catch_up's end of the fetch walk at a redirect in cycle r. */
static __attribute__((noinline)) void walk_at_redirect(mk_timing_t *t, mk_hart_t *h, uint64_t r)
{
    if (t->walk.end < r) {
        walk_commit(t, h);
        return;
    }
    t->walk.active = false;
    uint64_t since = r - t->walk.start;     /* >= 1: a walk never starts in a redirect cycle */
    uint64_t done = since / t->lat;         /* reads answered by r */
    t->last_resp = since % t->lat == 0 ? r : t->walk.start + (done + 1) * t->lat;
}

static inline void fu_catch_up(mk_timing_t *t, mk_hart_t *h, uint64_t r, older_t older)
{
    if (r >= 2 && older.I <= r - 2)     /* (else wrong_path returns at once) */
        wrong_path(t, h, r, older);
    while (r >= 1 && fu_issue(t, h, r - 1))
        ;
    if (t->walk.active)
        walk_at_redirect(t, h, r);
}

/* The redirect itself: pc = target, buffers empty; a request still pending is dropped (the
 * next one goes out after its response). The context of later requests is the hart's now. */
static inline void fu_restart(mk_timing_t *t, mk_hart_t *h, uint64_t r, uint64_t target)
{
    t->req_from = max64(r + 1, t->last_resp + 1);
    t->space_from = 0;
    t->qn = 0;
    t->fu_pc = target;
    t->fa = target & ~7ULL;
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

/* --- The front end of the next instruction ------------------------------------------------ */

/*
 * Computes H..M of the instruction at h->pc (it follows the previous slot) into the next slot,
 * and extends the previous one's MEM exit if this one is a MUL/DIV that starts while prev is still in MEM (rule M:
 * the whole pipeline freezes with it in EX).
 */
static inline __attribute__((always_inline)) void front_end_inline(mk_timing_t *t, mk_hart_t *h)
{
    slot_t *p = prev_slot(t), *k = next_slot(t);
    peek_t *pk = &t->next_peek;
    uint64_t pc = h->pc;
    if (t->fu_pc != pc) {
        /* Only after an event the pipeline does not model (a debugger moving the pc). */
        fu_redirect(t, h, max64(p->Y, h->cycle), pc, older_of(p));
    }
    /* The common case first: the instruction is decoded (a cached decode stands for an ITLB
     * hit with the same translation, as in peek_insn) and its first parcel's buffer is not
     * faulting: peek_insn and fu_ready, inlined for it (the same requests, in the same order). */
    fu_have(t, h, 1, UINT64_MAX);
    const fbuf_t *q0 = fq(t, 0);
    const mk_dcache_entry_t *dc = q0->x.ok ? mk_fast_lookup(h, pc) : NULL;
    uint64_t ready;
    if (dc) {
        pk->in = &dc->in;
        pk->len = dc->in.len;
        pk->tf = op_timing[dc->in.op];
        if ((pc & 7) + dc->in.len <= 8) {
            ready = q0->resp + 1;
        } else {
            fu_have(t, h, 2, UINT64_MAX);
            ready = max64(q0->resp, fq(t, 1)->resp) + 1;
        }
    } else {
        peek_insn(t, h, pc, UINT64_MAX, pk);
        ready = fu_ready(t, h, pc, pk->len, UINT64_MAX);
    }
    /* (every field is set below; no memset, which costs more than the rest here) */
    k->nat_y = k->Y = 0;
    k->st_data = k->st_mul = k->st_loaduse = 0;
    k->kind = t->stall_kind;
    k->st_wfi = t->wfi_stall;
    t->wfi_stall = 0;
    k->st_walk = t->fetch_walk_cycles;
    t->fetch_walk_cycles = 0;
    /* The translations its fetch uses: those of its buffers (mem.c takes them). */
    mk_fetch_xlate_t *fx = &t->next_fx;
    fx->n = 0;
    if (t->fctx.translates) {
        fx->n = ((pc & 7) + pk->len > 8) ? 2 : 1;
        for (unsigned i = 0; i < fx->n; i++) {
            fx->dw[i] = fq(t, i)->addr;
            fx->x[i] = fq(t, i)->x;
        }
    }
    k->H = adv(t, max64(ready, p->I));
    if (((pc + pk->len) >> 3) != (pc >> 3))
        fu_consume(t, h, pc, pk->len, k->H);
    else
        t->fu_pc = pc + pk->len;    /* (all fu_consume does then) */
    uint64_t d = k->H + 1;
    if (load_use(p->load_rd, pk) && d <= p->X) {
        k->st_loaduse = p->X + 1 - d;
        d = p->X + 1;
    }
    k->I = adv(t, d);
    k->E = k->I + 1;
    unsigned mul = pk->tf & TF_MUL ? MUL_LATENCY : pk->tf & TF_DIV ? DIV_LATENCY
                 : pk->tf & TF_DIVW ? DIVW_LATENCY : 0;
    if (mul) {
        uint64_t start = max64(k->E, p->nat_y);   /* MEM has no access outstanding */
        k->X = start + mul;
        add_freeze(t, start, k->X - 1);
        if (k->E <= p->nat_y) {
            p->Y = max64(p->Y, k->X);   /* prev waits in MEM for the MUL/DIV to leave EX */
        } else {
            k->st_mul = mul;
        }
    } else {
        k->X = adv(t, k->E);
    }
    k->M = k->X + 1;
    k->load_rd = (pk->tf & TF_LOAD_RD) && pk->in ? pk->in->rd : 0;
    t->next_valid = true;
}

static __attribute__((noinline)) void front_end(mk_timing_t *t, mk_hart_t *h)
{
    front_end_inline(t, h);
}

/* After a WFI that retired with MEM cycle m: the fetch unit sleeps until the end of the first
 * cycle from m + 1 on in which mip & mie != 0. Returns false if nothing can ever wake it. */
static bool wfi_wake(mk_timing_t *t, mk_soc_t *soc, uint64_t m)
{
    mk_hart_t *h = &soc->hart;
    uint64_t c = m + 1;
    for (;;) {
        set_cycle(h, c);
        mk_soc_update_irqs(soc);
        if (mk_mip(h) & h->csr.mie)
            break;
        uint64_t next = mk_soc_next_event(soc);
        if (next == UINT64_MAX)
            return false;
        c = max64(c + 1, next);
    }
    h->wfi = false;
    uint64_t from = max64(t->req_from, c + 1);
    t->wfi_stall = from - t->req_from;
    t->req_from = from;
    return true;
}

/* --- One instruction ------------------------------------------------------------------------ */

/* Would the branch or jump `in` at the current state redirect in EX? */
static bool redirects(const mk_hart_t *h, const mk_insn_t *in)
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

static uint64_t branch_target(const mk_hart_t *h, const mk_insn_t *in, uint64_t pc)
{
    if (in->op == MK_OP_jalr)
        return (h->x[in->rs1] + (uint64_t)in->imm) & ~1ULL;
    return pc + (uint64_t)in->imm;
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

/*
 * Executes the instruction at h->pc (or takes an interrupt there) with its timing; fills rec
 * if not NULL. irq_always: sample interrupts at every instruction (the stepping API) rather than
 * only where a line or an enable may have changed (the run loop; same result).
 */
static inline __attribute__((always_inline)) mk_run_status_t
timing_one(mk_soc_t *soc, mk_retire_t *rec, bool irq_always)
{
    mk_hart_t *h = &soc->hart;
    mk_timing_t *t = h->timing;
    if (!t->next_valid)
        front_end(t, h);
    slot_t *k = next_slot(t);
    const peek_t *pk = &t->next_peek;
    uint64_t pc = h->pc;
    t->next_valid = false;

    /* Rule I: interrupts are sampled in the first MEM cycle, with that cycle's lines. */
    set_cycle(h, k->M);
    int irq = -1;
    if (irq_always || h->irq_recheck || k->M >= t->irq_check_at) {
        mk_soc_update_irqs(soc);
        if (h->pc != pc) {
            /* The finisher's reset happened (mk_soc_update_irqs did it): start over. */
            return soc->exited ? MK_RUN_EXITED : MK_RUN_OK;
        }
        irq = mk_trap_pending_interrupt(h);
        h->irq_recheck = false;
        t->irq_check_at = mk_soc_next_event(soc);
    }
    if (rec) {
        rec->pc = pc;
        rec->priv = h->priv;
        rec->v = h->v;
    }

    bool flush = false, redirected = false;
    /* An instruction that flushes from MEM does so at the end of M: the fetch unit's requests
     * before then see the ITLB and privilege before it executes (SFENCE.VMA, xRET, CSRs). */
    bool caught_up = irq < 0 && (pk->tf & TF_FLUSH);
    if (caught_up)
        fu_catch_up(t, h, k->M, older_of(k));
    else if (t->walk.active && t->walk.end < k->M)
        walk_commit(t, h);
    if (irq >= 0) {
        /* A taken branch in front of the interrupt has already redirected the fetch unit. */
        if (pk->in && (pk->tf & (TF_BRANCH | TF_JUMP)) && redirects(h, pk->in))
            fu_redirect(t, h, k->X, branch_target(h, pk->in, pc), older_of(k));
        if (rec) {
            rec->event = MK_EVENT_INTERRUPT;
            rec->cause = (uint64_t)irq;
        }
        mk_take_interrupt(h, irq);
        k->nat_y = k->Y = k->M;
        flush = true;
    } else {
        bool taken = pk->in && (pk->tf & (TF_BRANCH | TF_JUMP)) && redirects(h, pk->in);
        uint64_t vaddr = 0;
        mk_access_t acc = pk->tf & TF_LOAD_RD && !(pk->tf & TF_AMO) &&
                          !(pk->in && (pk->in->op == MK_OP_sc_w || pk->in->op == MK_OP_sc_d))
                          ? MK_ACC_LOAD : MK_ACC_STORE;
        unsigned eff_priv = 0;
        bool translated = false, virt = false;
        if (pk->tf & TF_ACCESS) {
            vaddr = h->x[pk->in->rs1] + (uint64_t)pk->in->imm;
            eff_priv = mk_mmu_effective_priv(h, acc);
            bool hyp = pk->in->op >= MK_OP_hlv_b && pk->in->op <= MK_OP_hsv_d;
            virt = hyp || mk_mmu_effective_virt(h, acc);
            translated = hyp || mk_mmu_uses_tlb(h, eff_priv, virt);
        }

        h->rec = rec;
        h->trapped = false;
        h->xlate_failed = false;
        /* The fetch takes the translations (or faults) of the fetch unit's buffers. */
        const mk_fetch_xlate_t *fx = &t->next_fx;
        h->fetch_xlate = fx->n ? fx : NULL;
        bool fx_fault = fx->n && (!fx->x[0].ok || (fx->n == 2 && !fx->x[1].ok));
        const mk_insn_t *in = fx_fault ? mk_fetch_slow(h) : mk_fetch(h);
        uint64_t walks = h->stats.page_walk_accesses, misses = h->stats.dtlb_misses;
        if (in) {
            if (rec) {
                rec->insn = in->raw;
                rec->insn_len = in->len;
            }
            in->exec(h, in);
            h->x[0] = 0;
        }
        h->rec = NULL;
        h->fetch_xlate = NULL;
        /* A DTLB miss walks from M: a fault (or a leaf this access may not use) is taken at
         * the walk's end, M + k*L; otherwise the access is issued one cycle later. A hit, a
         * denied hit and a non-canonical address add nothing. */
        bool walked = h->stats.dtlb_misses != misses;
        uint64_t walk_cycles = 0;
        if (walked)
            walk_cycles = (h->stats.page_walk_accesses - walks) * t->lat +
                          (h->trapped && h->xlate_failed ? 0 : 1);
        k->st_walk += walk_cycles;

        if (h->trapped) {
            uint64_t cause = 0, tval = 0;
            mk_trap_taken(h, &cause, &tval);
            if (rec) {
                rec->event = MK_EVENT_EXCEPTION;
                rec->cause = cause;
                rec->tval = tval;
                rec->mem_read = rec->mem_write = false;
            }
            /* Faults found by a walk come at the end of it; an access fault that the bus
             * answered (nothing there, or the device refused) one cycle after the request. */
            uint64_t y = k->M + walk_cycles;
            if ((pk->tf & TF_ACCESS) && in &&
                (cause == MK_CAUSE_LOAD_ACCESS || cause == MK_CAUSE_STORE_ACCESS)) {
                /* (DRAM never answers with an error: a fault there is PMP's or, for an atomic,
                 * the PMA's, found before the request.) */
                uint64_t pa = data_paddr(h, vaddr, translated, virt);
                if (!h->xlate_failed && !is_dram(t, pa) && !(pk->tf & TF_ATOMIC) &&
                    mk_pmp_check(h, pa, access_size(pk->in->op), acc, eff_priv)) {
                    y += 1;
                    k->st_data = 1;
                }
            }
            add_freeze(t, k->M, y - 1);
            k->nat_y = k->Y = y;
            flush = true;
        } else {
            h->instret++;
            if (rec) {
                rec->event = MK_EVENT_RETIRE;
                if ((mk_op_flags((mk_op_t)in->op) & MK_F_RD) && in->rd != 0) {
                    rec->rd_valid = true;
                    rec->rd = in->rd;
                    rec->rd_wdata = h->x[in->rd];
                }
            }
            uint64_t y = k->M + walk_cycles;
            if (pk->tf & TF_ACCESS) {
                uint64_t pa = data_paddr(h, vaddr, translated, virt);
                uint64_t one = is_dram(t, pa) ? t->lat : 1;
                k->st_data = (pk->tf & TF_AMO) ? 2 * one : one;
                y += k->st_data;
            }
            add_freeze(t, k->M, y - 1);
            k->nat_y = k->Y = y;
            if (pk->tf & TF_FLUSH) {
                flush = true;
            } else if (taken) {
                fu_redirect(t, h, k->X, h->pc, older_of(k));
                redirected = true;
            }
        }
    }

    if (soc->dev.finisher.reset_pending) {
        /* The finisher's reset: mk_soc_update_irqs resets the hart and mk_timing_reset the
         * fetch unit, which restarts at the reset pc once this store has left MEM. */
        mk_soc_update_irqs(soc);
        t->req_from = max64(t->req_from, k->Y + 1);
        redirected = true;
    } else if (flush) {
        if (caught_up)
            fu_restart(t, h, k->Y, h->pc);
        else
            fu_redirect(t, h, k->Y, h->pc, older_of(k));
        redirected = true;
        if (irq < 0 && !h->trapped && (pk->tf & TF_WFI) && !wfi_wake(t, soc, k->M))
            t->deadlock = true;
    }
    t->cur ^= 1;            /* k is now the previous slot */
    t->stall_kind = redirected ? MK_STALL_REDIRECT : MK_STALL_FETCH;
    if (!soc->exited && !t->deadlock)
        front_end(t, h);    /* may hold k in MEM behind a MUL/DIV */
    uint64_t w = k->Y + 1;
    count_record(t, h, k, w);
    if (rec)
        rec->cycle = w;
    h->stats.instret = h->instret;
    return soc->exited ? MK_RUN_EXITED : MK_RUN_OK;
}

/* --- The run loop's common case ------------------------------------------------------------ */

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
 * pc, after p (I, X, load_rd; natural MEM exit p_y, which a MUL/DIV may extend: k->hold),
 * is decoded. False,
 * with no more done than front_end's first request would do, if front_end has to do it.
 * In the loop the fetch unit hands over pc next (p's hand-over or its redirect set it) and
 * does not translate, so that its buffers never fault (fu_issue).
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
    unsigned tf = op_timing[dc->in.op];
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
 * written back to its slot when the loop hands over to timing_one: before an instruction it
 * does not do (nothing of it done), or after one whose successor needs front_end. Entered
 * only after a timing_one of the same run, so that the front end at hand was computed after
 * the last change from outside (and a record has been counted).
 *
 * Nothing in the loop changes the fetch translation cache or a decoded instruction that the
 * fast handlers did not already rely on (they never flush or fill a fast cache), so the next
 * instruction's cache entry is found as mk_chain_next and mk_chain_branch find it: the adjacent
 * entry or the cached same-page target, when its tag says it holds that address.
 */
static void fast_run(mk_soc_t *soc, uint64_t insn_limit, uint64_t max_cycles)
{
    mk_hart_t *h = &soc->hart;
    mk_timing_t *t = h->timing;
    peek_t *pk = &t->next_peek;
    uint64_t *st = h->stats.stalls;
    uint64_t stop_cycle = max_cycles ? max_cycles : UINT64_MAX;
    for (;;) {
        if (t->fctx.translates || t->walk.active || t->deadlock || !t->next_valid || !pk->in ||
            pk->in == &pk->local || !t->any_record || t->fu_pc != h->pc + pk->len ||
            soc->exited || h->irq_recheck)
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
         * here (irq_check_at; irq_recheck, soc->exited: the fast handlers change neither). */
        uint64_t last_w = t->last_w, cycle = h->cycle, instret = h->instret, pc = h->pc;
        uint64_t irq_at = t->irq_check_at;
        h->trapped = false;     /* (what timing_one would set before the execution) */
        h->xlate_failed = false;
        for (;;) {
            if (instret >= insn_limit || cycle >= stop_cycle || (k.tf & TF_FLUSH) ||
                k.M >= irq_at)
                break;
            uint64_t npc = k.dc->fast(h, k.dc, pc, 1);
            if (h->chain_left)
                break;      /* not for the fast handler: nothing was done */
            cycle = max64(cycle, k.M);
            instret++;
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
            if (taken) {
                fu_redirect(t, h, k.X, npc, (older_t){ k.I, k.X, k.load_rd });
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
            if (t->fctx.translates || !fast_front_end(t, h, npc, guess, &k, y, kind, &n)) {
                /* The rest as timing_one does it, from k's slot; then on from there. */
                h->pc = npc;
                h->cycle = cycle;
                h->instret = instret;
                slot_t *ks = next_slot(t);
                fast_to_slot(&k, ks);
                ks->nat_y = ks->Y = y;
                ks->st_data = st_data;
                t->next_valid = false;
                t->cur ^= 1;
                t->stall_kind = kind;
                t->last_w = last_w;
                front_end(t, h);
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
            last_w = w;
            cycle = max64(cycle, w);
            pc = npc;
            k = n;
        }
        /* Hand k over to timing_one as front_end left it. */
        h->pc = pc;
        h->cycle = cycle;
        h->instret = h->stats.instret = instret;
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

/* --- API ------------------------------------------------------------------------------------ */

void mk_timing_reset(mk_hart_t *h)
{
    mk_timing_t *t = h->timing;
    if (!t)
        return;
    uint64_t start = h->cycle ? h->cycle + 1 : 0;
    memset(t->fz_a, 0xff, sizeof t->fz_a);
    memset(t->fz_b, 0, sizeof t->fz_b);
    t->fz_start = UINT64_MAX;
    t->fz_end = t->fz_prev_end = 0;
    t->lat = h->soc->cfg.mem_latency ? h->soc->cfg.mem_latency : 1;
    t->dram_size = h->soc->cfg.mem_size;
    t->fu_pc = h->pc;
    t->fa = h->pc & ~7ULL;
    t->req_from = start;
    t->space_from = 0;
    t->last_resp = 0;
    t->qn = 0;
    t->walk.active = false;
    t->fetch_walk_cycles = 0;
    t->next_fx.n = 0;
    mk_mmu_fetch_ctx(h, &t->fctx);
    slot_t *p = prev_slot(t);
    memset(p, 0, sizeof *p);
    p->I = p->X = p->M = p->nat_y = p->Y = start;
    t->next_valid = false;
    t->stall_kind = MK_STALL_FETCH;
    t->wfi_stall = 0;
    t->deadlock = false;
    t->irq_check_at = 0;
}

mk_run_status_t mk_timing_step(mk_soc_t *soc, mk_retire_t *rec)
{
    mk_hart_t *h = &soc->hart;
    mk_retire_t local;
    if (!rec)
        rec = &local;
    memset(rec, 0, sizeof *rec);
    rec->event = MK_EVENT_IDLE;
    rec->cycle = h->cycle;
    if (soc->exited)
        return MK_RUN_EXITED;
    if (h->timing->deadlock)
        return MK_RUN_DEADLOCK;
    return timing_one(soc, rec, true);
}

/* The run loop's instance of timing_one: no record, interrupts sampled where they may change
 * (the constant arguments fold the record keeping away). */
static __attribute__((noinline)) void timing_one_run(mk_soc_t *soc)
{
    timing_one(soc, NULL, false);
}

mk_run_status_t mk_timing_run(mk_soc_t *soc, uint64_t max_insns, uint64_t max_cycles)
{
    mk_hart_t *h = &soc->hart;
    uint64_t insn_limit = h->instret + max_insns;
    if (insn_limit < h->instret)
        insn_limit = UINT64_MAX;
    h->rec = NULL;
    h->timing->irq_check_at = 0;    /* state may have changed outside the loop */
    while (h->instret < insn_limit) {
        if (soc->exited)
            return MK_RUN_EXITED;
        if (h->timing->deadlock)
            return MK_RUN_DEADLOCK;
        if (max_cycles && h->cycle >= max_cycles)
            return MK_RUN_MAX_CYCLES;
        timing_one_run(soc);
        fast_run(soc, insn_limit, max_cycles);
    }
    return soc->exited ? MK_RUN_EXITED : MK_RUN_OK;
}
