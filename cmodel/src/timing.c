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

#define FREEZES 8           /* recent freeze intervals kept (a power of two); older ones are past */

struct mk_timing {
    uint64_t lat;           /* DRAM latency L */

    uint64_t fz_a[FREEZES], fz_b[FREEZES];  /* ring of freeze intervals [a, b], in time order */
    unsigned fz_next;

    /* The fetch unit (rule F). */
    uint64_t fu_pc;         /* next address it hands over */
    uint64_t fa;            /* next doubleword to request */
    uint64_t req_from;      /* no request before: stream start, previous response + 1, wake */
    uint64_t space_from;    /* no request before: q1 freed */
    uint64_t last_resp;     /* response cycle of the last request made */
    struct { uint64_t addr, resp; } q[3];   /* requested, not consumed: q0, q1, pending */
    unsigned qn;

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
}

/* The first advance cycle >= c. The intervals are disjoint and added in time order, so only
 * the newest ones that end at or after c can matter (usually none). */
static inline uint64_t adv(const mk_timing_t *t, uint64_t c)
{
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

static bool is_dram(const mk_hart_t *h, uint64_t paddr)
{
    return paddr - MK_DRAM_BASE < h->soc->cfg.mem_size;
}

/* Response latency of an instruction-port request for the doubleword at vaddr. */
static uint64_t fetch_latency(const mk_timing_t *t, const mk_hart_t *h, uint64_t vaddr)
{
    uint64_t paddr = vaddr;
    if (mk_mmu_uses_tlb(h, h->priv, h->v) && !mk_mmu_peek_fetch(h, vaddr, &paddr))
        return t->lat;      /* not translated yet: its page is walked before the request */
    return is_dram(h, paddr) ? t->lat : 1;
}

/* The physical address of a data access that just translated vaddr (the DTLB holds it). */
static uint64_t data_paddr(const mk_hart_t *h, uint64_t vaddr, bool translated)
{
    if (!translated)
        return vaddr;
    for (unsigned i = 0; i < h->dtlb.entries; i++) {
        const mk_tlb_entry_t *e = &h->dtlb.e[i];
        unsigned shift = 12 + 9 * e->level;
        if (e->valid && ((vaddr >> 12) & ~((1ULL << (9 * e->level)) - 1)) == e->vpn)
            return (e->ppn << 12) | (vaddr & ((1ULL << shift) - 1));
    }
    return MK_DRAM_BASE;    /* not found: assume memory */
}

/* --- Looking at an instruction before it executes ------------------------------------------- */

/* One 16-bit parcel at vaddr, without raising anything. walk: the translation may walk the
 * page tables (filling the ITLB, as the RTL's fetch unit does on its request path); otherwise
 * an untranslated page answers false. *fault: the fetch would fault. */
static bool peek_parcel(mk_hart_t *h, uint64_t vaddr, bool walk, uint16_t *parcel, bool *fault)
{
    uint64_t paddr = vaddr;
    *fault = false;
    if (mk_mmu_uses_tlb(h, h->priv, h->v) && !mk_mmu_peek_fetch(h, vaddr, &paddr)) {
        if (!walk)
            return false;
        mk_xlate_t x = mk_mmu_translate(h, vaddr, MK_ACC_FETCH);
        if (!x.ok) {
            *fault = true;
            return true;
        }
        paddr = x.paddr;
    }
    bool rom = paddr - MK_BOOTROM_BASE < MK_BOOTROM_SIZE;
    if ((!rom && !is_dram(h, paddr)) || !mk_pmp_check(h, paddr, 2, MK_ACC_FETCH, h->priv) ||
        mk_soc_phys_read(h->soc, paddr, parcel, 2) != 0)
        *fault = true;
    return true;
}

/* Fills *p for the instruction at pc. False if it cannot be known without side effects (only
 * when walk is false). */
static bool peek_insn(mk_hart_t *h, uint64_t pc, bool walk, peek_t *p)
{
    const mk_dcache_entry_t *d = mk_fast_lookup(h, pc);
    if (d) {
        p->in = &d->in;
        p->len = d->in.len;
        p->tf = op_timing[d->in.op];
        return true;
    }
    uint16_t lo, hi = 0;
    bool fault;
    p->in = NULL;
    p->tf = 0;
    p->len = 2;
    const mk_fast_entry_t *e = &h->fast_fetch[(pc >> 12) & (MK_FAST_ENTRIES - 1)];
    if (e->tag == pc >> 12 && (pc & 0xFFF) != 0xFFE) {
        /* A page the fetch path has already translated and checked: read it directly. */
        uint32_t bits;
        memcpy(&lo, (const void *)(uintptr_t)(pc + e->addend), 2);
        bits = lo;
        if (mk_insn_length(lo) == 4)
            memcpy(&bits, (const void *)(uintptr_t)(pc + e->addend), 4);
        mk_decode(bits, &p->local);
        p->in = &p->local;
        p->len = p->local.len;
        p->tf = op_timing[p->local.op];
        return true;
    }
    if (!peek_parcel(h, pc, walk, &lo, &fault))
        return false;
    if (fault)
        return true;
    if (mk_insn_length(lo) == 4) {
        p->len = 4;
        if (!peek_parcel(h, pc + 2, walk, &hi, &fault))
            return false;
        if (fault)
            return true;
    }
    mk_decode(lo | (uint32_t)hi << 16, &p->local);
    p->in = &p->local;
    p->tf = op_timing[p->local.op];
    return true;
}

/* Load-use: k (in ID) reads the rd of the load-class instruction p in EX. An instruction with a
 * fetch fault or an illegal one reads nothing (rtl/core/mk_core.sv id_hazard). */
static bool load_use(unsigned load_rd, const peek_t *k)
{
    if (!load_rd || !k->in || k->in->op == MK_OP_illegal)
        return false;
    return ((k->tf & TF_RS1) && k->in->rs1 == load_rd) ||
           ((k->tf & TF_RS2) && k->in->rs2 == load_rd);
}

/* --- The fetch unit ------------------------------------------------------------------------- */

/* Makes the next sequential request if the RTL would make it by cycle `limit`. */
static bool fu_issue(mk_timing_t *t, const mk_hart_t *h, uint64_t limit)
{
    if (t->qn >= 2)
        return false;       /* q1 is (or will be) valid: wait for a hand-over to free it */
    uint64_t c = max64(t->req_from, t->space_from);
    if (c > limit)
        return false;
    uint64_t resp = c + fetch_latency(t, h, t->fa);
    t->q[t->qn].addr = t->fa;
    t->q[t->qn].resp = resp;
    t->qn++;
    t->fa += 8;
    t->req_from = resp + 1;     /* one request outstanding; not in the response cycle */
    t->last_resp = resp;
    return true;
}

/* The first cycle in which the len bytes at pc are in the buffers (responses have no bypass),
 * or UINT64_MAX if their requests would be made after `limit`. */
static uint64_t fu_ready(mk_timing_t *t, const mk_hart_t *h, uint64_t pc, unsigned len,
                         uint64_t limit)
{
    unsigned need = ((pc & 7) + len > 8) ? 2 : 1;
    while (t->qn < need)
        if (!fu_issue(t, h, limit))
            return UINT64_MAX;
    uint64_t r = t->q[0].resp;
    if (need == 2)
        r = max64(r, t->q[1].resp);
    return r + 1;
}

/* Hand-over of the len bytes at pc in cycle c: q1 moves to q0 if they end q0. The requests
 * the RTL makes up to cycle c are made first, since whether q1 is valid depends on them. */
static void fu_consume(mk_timing_t *t, const mk_hart_t *h, uint64_t pc, unsigned len,
                       uint64_t c)
{
    if (((pc + len) >> 3) != (pc >> 3)) {
        while (fu_issue(t, h, c))
            ;
        if (t->qn == 2)
            t->space_from = c + 1;
        t->q[0] = t->q[1];
        t->q[1] = t->q[2];
        t->qn--;
    }
    t->fu_pc = pc + len;
}

/*
 * The younger instructions the fetch unit hands to ID before a redirect at the end of cycle r
 * (they follow `older` on the fetch unit's path). Only hand-overs up to r - 2 matter: they free
 * q1 in time for a request by r - 1.
 */
static void wrong_path(mk_timing_t *t, mk_hart_t *h, uint64_t r, const slot_t *from)
{
    struct { uint64_t I, X; unsigned load_rd; } older = { from->I, from->X, from->load_rd };
    for (int n = 0; n < 4 && r >= 2; n++) {
        peek_t k;
        if (!peek_insn(h, t->fu_pc, false, &k))
            return;     /* an ITLB miss: the walk holds requests back past r */
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

/* Redirect at the end of cycle r (taken branch/jump from EX, flush from MEM), after the
 * wrong-path hand-overs up to then. A request still pending is dropped: the next one goes out
 * after its response. `wake`: WFI, no request before wake + 1. */
static void fu_redirect(mk_timing_t *t, mk_hart_t *h, uint64_t r, uint64_t target,
                        const slot_t *older)
{
    wrong_path(t, h, r, older);
    while (r >= 1 && fu_issue(t, h, r - 1))
        ;
    t->req_from = max64(r + 1, t->last_resp + 1);
    t->space_from = 0;
    t->qn = 0;
    t->fu_pc = target;
    t->fa = target & ~7ULL;
}

/* --- The front end of the next instruction ------------------------------------------------ */

/*
 * Computes H..M of the instruction at h->pc (it follows the previous slot) into the next slot,
 * and extends the previous one's MEM exit if this one is a MUL/DIV that starts while prev is still in MEM (rule M:
 * the whole pipeline freezes with it in EX).
 */
static void front_end(mk_timing_t *t, mk_hart_t *h)
{
    slot_t *p = prev_slot(t), *k = next_slot(t);
    peek_t *pk = &t->next_peek;
    uint64_t pc = h->pc;
    if (t->fu_pc != pc) {
        /* Only after an event the pipeline does not model (a debugger moving the pc). */
        fu_redirect(t, h, max64(p->Y, h->cycle), pc, p);
    }
    uint64_t walks = h->stats.page_walk_accesses;
    peek_insn(h, pc, true, pk);
    uint64_t walk_cycles = (h->stats.page_walk_accesses - walks) * t->lat;
    memset(k, 0, sizeof *k);
    k->kind = t->stall_kind;
    k->st_wfi = t->wfi_stall;
    t->wfi_stall = 0;
    if (walk_cycles) {
        /* ITLB miss: the walker reads the PTEs before the request goes out. */
        if (t->qn == 0)
            t->req_from += walk_cycles;
        else
            for (unsigned i = 0; i < t->qn; i++)
                t->q[i].resp += walk_cycles;
        k->st_walk = walk_cycles;
    }
    uint64_t ready = fu_ready(t, h, pc, pk->len, UINT64_MAX);
    k->H = adv(t, max64(ready, p->I));
    fu_consume(t, h, pc, pk->len, k->H);
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
static void count_record(mk_timing_t *t, mk_hart_t *h, const slot_t *k, uint64_t w)
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
static mk_run_status_t timing_one(mk_soc_t *soc, mk_retire_t *rec, bool irq_always)
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
    if (irq >= 0) {
        /* A taken branch in front of the interrupt has already redirected the fetch unit. */
        if (pk->in && (pk->tf & (TF_BRANCH | TF_JUMP)) && redirects(h, pk->in))
            fu_redirect(t, h, k->X, branch_target(h, pk->in, pc), k);
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
        bool translated = false;
        if (pk->tf & TF_ACCESS) {
            vaddr = h->x[pk->in->rs1] + (uint64_t)pk->in->imm;
            eff_priv = mk_mmu_effective_priv(h, acc);
            bool hyp = pk->in->op >= MK_OP_hlv_b && pk->in->op <= MK_OP_hsv_d;
            translated = hyp || mk_mmu_uses_tlb(h, eff_priv, mk_mmu_effective_virt(h, acc));
        }

        h->rec = rec;
        h->trapped = false;
        const mk_insn_t *in = mk_fetch(h);
        uint64_t walks = h->stats.page_walk_accesses;
        if (in) {
            if (rec) {
                rec->insn = in->raw;
                rec->insn_len = in->len;
            }
            in->exec(h, in);
            h->x[0] = 0;
        }
        h->rec = NULL;
        uint64_t walk_cycles = (h->stats.page_walk_accesses - walks) * t->lat;
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
                uint64_t pa = data_paddr(h, vaddr, translated);
                if (!is_dram(h, pa) && !(pk->tf & TF_ATOMIC) &&
                    mk_pmp_check(h, pa, 1, acc, eff_priv)) {
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
                uint64_t pa = data_paddr(h, vaddr, translated);
                uint64_t one = is_dram(h, pa) ? t->lat : 1;
                k->st_data = (pk->tf & TF_AMO) ? 2 * one : one;
                y += k->st_data;
            }
            add_freeze(t, k->M, y - 1);
            k->nat_y = k->Y = y;
            if (pk->tf & TF_FLUSH) {
                flush = true;
            } else if (taken) {
                fu_redirect(t, h, k->X, h->pc, k);
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
        fu_redirect(t, h, k->Y, h->pc, k);
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

/* --- API ------------------------------------------------------------------------------------ */

void mk_timing_reset(mk_hart_t *h)
{
    mk_timing_t *t = h->timing;
    if (!t)
        return;
    uint64_t start = h->cycle ? h->cycle + 1 : 0;
    memset(t->fz_a, 0xff, sizeof t->fz_a);
    memset(t->fz_b, 0, sizeof t->fz_b);
    t->lat = h->soc->cfg.mem_latency ? h->soc->cfg.mem_latency : 1;
    t->fu_pc = h->pc;
    t->fa = h->pc & ~7ULL;
    t->req_from = start;
    t->space_from = 0;
    t->last_resp = 0;
    t->qn = 0;
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
        timing_one(soc, NULL, false);
    }
    return soc->exited ? MK_RUN_EXITED : MK_RUN_OK;
}
