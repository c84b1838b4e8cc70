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
 *
 * The run loop (mk_timing_run) hands the common case to timing_fast.c, which computes the same
 * recurrence with the instruction in flight in locals; timing_impl.h holds the state and the
 * fetch unit's parts that both run inline.
 */
#include "timing.h"
#include "timing_impl.h"
#include "timing_memo.h"

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

/* The TF_* flags of every operation (timing_impl.h), as rtl/core/mk_decoder.sv decodes it. */
#define R1 TF_RS1
#define R12 (TF_RS1 | TF_RS2)
#define LD (TF_RS1 | TF_LOAD_RD | TF_ACCESS)
#define ST (TF_RS1 | TF_RS2 | TF_ACCESS)
#define AMO (TF_RS1 | TF_RS2 | TF_LOAD_RD | TF_ACCESS | TF_AMO | TF_ATOMIC)
#define BR (TF_RS1 | TF_RS2 | TF_BRANCH)
const uint16_t mk_timing_op[MK_OP_COUNT] = {
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

mk_timing_t *mk_timing_new(void)
{
    mk_timing_t *t = calloc(1, sizeof(mk_timing_t));
    if (t && !(t->memo = mk_tm_memo_new())) {
        free(t);
        return NULL;
    }
    return t;
}

void mk_timing_free(mk_timing_t *t)
{
    if (t)
        mk_tm_memo_free(t->memo);
    free(t);
}

/* --- Address classes ---------------------------------------------------------------------- */

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
        p->tf = mk_timing_op[d->in.op];
        return true;
    }
    t->peek_reads++;    /* (what follows depends on memory, not on the decoded cache) */
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
        p->tf = mk_timing_op[p->local.op];
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
    p->tf = mk_timing_op[p->local.op];
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
void mk_timing_walk_commit(mk_timing_t *t, mk_hart_t *h)
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

/* fu_issue's request in cycle c through the ITLB. */
bool mk_timing_issue_translated(mk_timing_t *t, mk_hart_t *h, uint64_t c)
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

/*
 * The younger instructions the fetch unit hands to ID before a redirect at the end of cycle r
 * (they follow `older` on the fetch unit's path). Only hand-overs up to r - 2 matter: they free
 * q1 in time for a request by r - 1.
 */
void mk_timing_wrong_path(mk_timing_t *t, mk_hart_t *h, uint64_t r, older_t older)
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

/* fu_catch_up's end of the fetch walk at a redirect in cycle r. */
void mk_timing_walk_at_redirect(mk_timing_t *t, mk_hart_t *h, uint64_t r)
{
    if (t->walk.end < r) {
        mk_timing_walk_commit(t, h);
        return;
    }
    t->walk.active = false;
    uint64_t since = r - t->walk.start;     /* >= 1: a walk never starts in a redirect cycle */
    uint64_t done = since / t->lat;         /* reads answered by r */
    t->last_resp = since % t->lat == 0 ? r : t->walk.start + (done + 1) * t->lat;
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
        pk->tf = mk_timing_op[dc->in.op];
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

void mk_timing_front_end(mk_timing_t *t, mk_hart_t *h)
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

static uint64_t branch_target(const mk_hart_t *h, const mk_insn_t *in, uint64_t pc)
{
    if (in->op == MK_OP_jalr)
        return (h->x[in->rs1] + (uint64_t)in->imm) & ~1ULL;
    return pc + (uint64_t)in->imm;
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
        mk_timing_front_end(t, h);
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
        mk_timing_walk_commit(t, h);
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
        mk_timing_front_end(t, h);    /* may hold k in MEM behind a MUL/DIV */
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
    h->code_gen++;      /* the span memo's entries were made with the old latency */
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
        mk_timing_fast_run(soc, insn_limit, max_cycles);
    }
    return soc->exited ? MK_RUN_EXITED : MK_RUN_OK;
}
